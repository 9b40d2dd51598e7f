"""Views for beds (filled in below)."""
