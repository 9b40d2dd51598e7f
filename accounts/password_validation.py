"""A password rule beside Django's length and common-password checks, as the NCSC advises: refuse what is easy to
guess, never demand a mix of character kinds."""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MIN_DISTINCT_CHARACTERS = 5


class GuessablePasswordValidator:
    """Refuse a password made of a handful of characters repeated ('aaaaaaaaaaaa', 'abababababab') or a run of
    neighbouring keys or digits ('123456789012', 'abcdefghijkl')."""

    def validate(self, password: str, user: Any = None) -> None:
        lowered = password.lower()
        if len(set(lowered)) < MIN_DISTINCT_CHARACTERS or _is_run(lowered):
            raise ValidationError(
                _("Your password is too easy to guess. Use a few unrelated words together instead"),
                code="password_guessable",
            )

    def get_help_text(self) -> str:
        return _("Your password must not be a character repeated or a run such as 123456789012.")


def _is_run(text: str) -> bool:
    steps = {ord(b) - ord(a) for a, b in zip(text, text[1:], strict=False)}
    return len(text) > 1 and steps <= {1, -1, -9, 9}
