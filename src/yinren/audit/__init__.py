"""The audit trail: an append-only, hash-chained log of state changes and staff reads of personal data."""
