"""The administrator's staff page: who works here, their role and state, and the changes."""
