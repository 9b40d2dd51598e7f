"""The types of the people the service deals with, for annotations across apps."""

from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpRequest

# Who makes a change: a signed-in person, or None for a scheduled job or the demo seed.
Actor = User | None
# Who is asking (request.user): signed in or not.
Viewer = User | AnonymousUser

__all__ = ["Actor", "AuthenticatedHttpRequest", "Viewer"]


class AuthenticatedHttpRequest(HttpRequest):
    """A request to a view behind `access.member_required`: the user is signed in and has a membership."""

    user: User
