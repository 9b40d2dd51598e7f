"""E-mails that tell an account holder about a change to their account's security, so a change they did not make
is noticed. They say what happened and what to do, never a code or a password. The one link sent is an
invitation's (single use, 24 hours), which lets a new account holder choose their password."""

from typing import Any

from ops.notifications import notification_send

PASSWORD_CHANGED = "Your password was changed"
PASSWORD_RESET = "Your password was reset"
PASSWORD_CHOSEN = "You have chosen the password for your new account"
RECOVERY_CODES_ISSUED = "You have new recovery codes"
SECOND_FACTOR_ADDED = "An authenticator app was added to your account"
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


def invite(user: Any, *, link: str, hours: int) -> int:
    """The invitation to a new account: a single-use link to choose a password, then set up an authenticator."""
    body = "\n\n".join(
        [
            f"Hello {user.first_name},",
            "An account has been made for you on Secure welfare referrals.",
            f"To choose your password, open this link. It works once, for {hours} hours:\n{link}",
            "You will then sign in and set up an authenticator app on your phone.",
            "If you did not expect this, do not open the link; tell the Secure Welfare Coordination Unit.",
        ]
    )
    return notification_send(to=[user.email], subject="Secure welfare referrals: your new account", body=body)
