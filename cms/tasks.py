"""django-q2 tasks for the website: Wagtail's scheduled publishing and expiry, run every few minutes."""

from io import StringIO

from django.core.management import call_command


def publish_scheduled_pages() -> str:
    """Publish pages whose go-live time has passed and unpublish those past their expiry (Wagtail's command)."""
    output = StringIO()
    call_command("publish_scheduled", stdout=output)
    return output.getvalue()
