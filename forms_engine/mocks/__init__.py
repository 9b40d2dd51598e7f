"""Synthetic mock referrals: complete, valid v4 answers for guidance, example packs and template checks.

No real child is described. Names are invented and obviously fictional; places and services are generic.
"""

from .catalogue import MOCKS, MockSpec, mock_spec

__all__ = ["MOCKS", "MockSpec", "mock_spec"]
