"""E-mails that tell an account holder about a change to their account's security, so a change they did not make
is noticed. They say what happened and what to do, never a code, a password or a link that signs anyone in."""

from typing import Any

from ops.notifications import notification_send

PASSWORD_CHANGED = "Your password was changed"
PASSWORD_RESET = "Your password was reset"
RECOVERY_CODES_ISSUED = "You have new recovery codes"
SECOND_FACTOR_REMOVED = "An authenticator app was removed from your account"
SECOND_FACTOR_RESET = "Your sign-in methods were reset by an administrator"
ACCOUNT_LOCKED = "Your account has been locked after failed sign-in attempts"

_IF_NOT_YOU = (
    "If this was not you, contact your organisation's user administrator or the Secure Welfare Coordination Unit "
    "straight away."
)


def tell(user: Any, what: str) -> int:
    """Send the account holder one short notice about their account."""
    body = "\n\n".join([f"{what}.", "This is a message about your account for Secure welfare referrals.", _IF_NOT_YOU])
    return notification_send(
        to=[user.email or user.username], subject=f"Secure welfare referrals: {what.lower()}", body=body
    )
