"""Supervisors' read-only views (督查督办): every case, offer and payment, masked, and totals."""
