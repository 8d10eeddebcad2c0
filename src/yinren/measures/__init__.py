"""The measure catalogue and the policy calculator (no login)."""
