"""The browser face of internationalization/, one module per area; each exports ``urls``."""
