"""Access expectations of every route, one module per area; tests/test_access_matrix.py
collects the ``EXPECTATIONS`` dict of each module here."""
