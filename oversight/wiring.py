"""Navigation and landing-page cards for the oversight reports; `register()` is called from OversightConfig.ready."""


def register() -> None:
    """Added once the report pages exist."""
