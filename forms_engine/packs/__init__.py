"""Referral packs: one DOCX, one PDF and a manifest per submitted referral and recipient home.

Names are imported lazily, so that importing one module of the package (its errors, say) does not import the
pack service and the models it needs.
"""

from typing import Any

_EXPORTS = {
    "PackError": "errors",
    "PackRenderError": "errors",
    "PackTooLarge": "errors",
    "RecipientNotAHome": "errors",
    "ReferralNotSubmitted": "errors",
    "TemplateMissing": "errors",
    "PackResult": "service",
    "pack_render": "service",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(name)
    from importlib import import_module

    return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
