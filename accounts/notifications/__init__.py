"""Notifications: the kinds (``kinds``), ``notify`` and friends (``services``), the e-mails
(``delivery``), the inbox's reads (``selectors``). Other apps call ``services.notify``."""
