"""Versioned referral forms, the social worker's journey, submissions and referral packs."""
