"""Every write of internationalization/ that carries a rule, one module per area."""
