"""Synthetic mock referrals: complete, valid answers for guidance, example packs and template checks.

Three are on v4; the fullest referral is on v6.

No real child is described. Names are invented and obviously fictional; places and services are generic.
"""

from .catalogue import MOCKS, MockSpec, mock_spec

__all__ = ["MOCKS", "MockSpec", "mock_spec"]
