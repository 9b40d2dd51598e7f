"""Coordination pages: the coordinator's dashboard, upkeep of an open search, and Ofsted notifications."""
