"""What circulation tells the apps above it, so that cross-app work goes one way (docs/architecture.md).

Circulation imports no app above it. Coordination and outcomes connect their receivers in their AppConfig.ready;
signals are sent inside the service's transaction, so a receiver that fails rolls the whole change back.
"""

from django.dispatch import Signal

# A search ended without a placement: kwargs search, user.
search_closed = Signal()
# An offer was confirmed (the bed is already taken): kwargs placement, user.
placement_confirmed = Signal()
