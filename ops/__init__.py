"""Operational endpoints: liveness and health (database and queue) checks."""
