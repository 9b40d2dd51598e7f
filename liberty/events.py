"""What liberty announces to the apps above it (docs/architecture.md, "Cross-app work goes one way").

`order_recorded` is sent inside `services.order_record`'s transaction with `send`, so a receiver that fails rolls the
order back: outcomes refreshes the child's indicator facts ("deprived of liberty outside a secure home").
"""

from django.dispatch import Signal

order_recorded = Signal()  # keyword arguments: order (LibertyOrder), user (Actor)
