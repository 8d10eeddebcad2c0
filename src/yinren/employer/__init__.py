"""Pages for employers: claims for the enterprise's measures and what it has been offered and paid."""
