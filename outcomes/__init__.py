"""The shared outcome framework: exits, 3/6/12-month checkpoints, indicators and published aggregates."""
