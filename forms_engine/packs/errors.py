"""Why a pack could not be rendered. Messages name the referral by reference only, never by child."""


class PackError(Exception):
    """A pack cannot be rendered; the message is safe to show and to store with a failed job."""


class ReferralNotSubmitted(PackError):
    """Only a submitted referral has frozen answers that can be sent to a home."""


class AnswersNotPinned(PackError):
    """The answers a pack job was pinned to are not the referral's at any point since its submission."""


class RecipientNotAHome(PackError):
    """Packs are issued to secure children's homes only."""


class TemplateMissing(PackError):
    """The referral's form version has no DOCX template in templates_docs/."""


class PackRenderError(PackError):
    """A template, a layout or an attachment failed while the pack was being built."""


class PackTooLarge(PackRenderError):
    """The referral holds more than a pack can print (section_too_large)."""


class PackTooExpensive(PackRenderError):
    """The confined render used more processor time, memory or wall-clock time than a pack may."""


class PackChildFailed(PackRenderError):
    """The confined render child died without an answer (a crash, or killed from outside)."""
