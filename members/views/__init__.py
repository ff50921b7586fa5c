"""The browser face of members/, one module per area; each exports its ``urls``."""
