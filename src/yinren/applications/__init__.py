"""Applications: residents and employers apply; the lead department reviews."""
