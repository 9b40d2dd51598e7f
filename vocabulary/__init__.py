"""Shared vocabulary every app may use: code lists and calendar arithmetic. A leaf: it imports no app."""
