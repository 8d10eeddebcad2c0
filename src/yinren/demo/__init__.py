"""Demo data: users for every role, and applications, offers and payments in every state."""
