"""Attachment intake: decide whether an uploaded file is a safe PDF before anything stores or merges it."""

from .validation import AttachmentLimits, Code, Verdict, validate_pdf

__all__ = ["AttachmentLimits", "Code", "Verdict", "validate_pdf"]
