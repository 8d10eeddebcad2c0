"""Accounts, roles, sessions (cookie + CSRF, or bearer) and login rate limiting."""
