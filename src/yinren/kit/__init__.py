"""Domain-free helpers shared by the service's domains."""
