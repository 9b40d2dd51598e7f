"""What forms_engine tells the apps above it, so that cross-app work goes one way (docs/architecture.md).

Sent inside the service's transaction, so a receiver that fails rolls the whole change back.
"""

from django.dispatch import Signal

# A submitted referral's answer was corrected: kwargs amendment, user.
referral_amended = Signal()
