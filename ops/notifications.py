"""Notifications: GOV.UK Notify's client where a key is configured, Django e-mail otherwise.

Messages carry a link and a reference only, never a child's details: e-mail is not a secure channel.
"""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail

logger = logging.getLogger(__name__)


def notification_send(*, to: Iterable[str], subject: str, body: str) -> int:
    """Send one message to each address; returns how many were handed on. Never raises for a bad address."""
    addresses = sorted({address for address in to if address})
    if not addresses:
        return 0
    if settings.NOTIFY_API_KEY:
        return _send_with_notify(addresses, subject=subject, body=body)
    return sum(send_mail(subject, body, None, [address], fail_silently=True) for address in addresses)


def _send_with_notify(addresses: list[str], *, subject: str, body: str) -> int:
    from notifications_python_client.errors import HTTPError
    from notifications_python_client.notifications import NotificationsAPIClient

    client = NotificationsAPIClient(settings.NOTIFY_API_KEY)
    sent = 0
    for address in addresses:
        try:
            client.send_email_notification(
                email_address=address,
                template_id=settings.NOTIFY_TEMPLATE_ID,
                personalisation={"subject": subject, "body": body},
            )
            sent += 1
        except HTTPError as error:  # one refused address must not stop the others
            logger.warning("Notify refused a message: status %s", error.status_code)
    return sent
