"""Published outcome reports: disclosure-controlled tables, charts, exports and the monthly coordination summary."""
