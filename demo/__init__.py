"""Demo data for every app and the seed_demo command. The top of the layers: it may import any app, none imports it."""
