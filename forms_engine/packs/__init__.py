"""Referral packs: one DOCX, one PDF and a manifest per submitted referral and recipient home."""

from .errors import PackError, PackRenderError, RecipientNotAHome, ReferralNotSubmitted, TemplateMissing
from .service import PackResult, pack_render

__all__ = [
    "PackError",
    "PackRenderError",
    "PackResult",
    "RecipientNotAHome",
    "ReferralNotSubmitted",
    "TemplateMissing",
    "pack_render",
]
