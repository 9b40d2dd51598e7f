"""Template context every page needs: service name, phase, feedback address and the header navigation."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from .navigation import navigation_for


def shell(request: HttpRequest) -> dict[str, Any]:
    """Values for the base layout."""
    return {
        "service_name": settings.SERVICE_NAME,
        "service_phase": settings.SERVICE_PHASE,
        "feedback_email": settings.FEEDBACK_EMAIL,
        "navigation": navigation_for(request.user, request.path) if hasattr(request, "user") else [],
    }
