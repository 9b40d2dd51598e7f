"""Organisations, memberships and roles, the access module, sign-in and the audit trail."""
