"""The retention schedule as data: each kind of record, how long it is kept, what happens then and why.

privacy/retention.py applies it (daily, through django-q2); the data-protection page and docs/privacy.md show it.
A period can be changed per deployment with RETENTION_DAYS = {"rule key": days} in the settings.
"""

from dataclasses import dataclass

from django.conf import settings

DELETED = "Deleted"
FILES_DESTROYED = "Files destroyed; the record of what was sent, to whom and when is kept"
ANONYMISED = "Anonymised: answers, attachments, packs, letters and free text removed; dates, codes and decisions kept"


@dataclass(frozen=True)
class Rule:
    key: str
    record: str
    default_days: int
    starts: str  # what the period is counted from
    then: str
    reason: str

    @property
    def days(self) -> int:
        return int(getattr(settings, "RETENTION_DAYS", {}).get(self.key, self.default_days))

    @property
    def keep(self) -> str:
        if self.days == 0:
            return f"Until {self.starts}"
        return f"{self.days} days after {self.starts}"


SCHEDULE: tuple[Rule, ...] = (
    Rule(
        key="abandoned_drafts",
        record="Draft referrals never submitted (with their attachments)",
        default_days=90,
        starts="the draft was last changed",
        then=DELETED,
        reason="A draft nobody has touched for three months will not be sent; it holds a child's details for nothing.",
    ),
    Rule(
        key="declined_recalled_packs",
        record="A home's pack once the home declined or the referral was recalled from it",
        default_days=0,
        starts="the home's access ends (its decline or the recall)",
        then=FILES_DESTROYED,
        reason="The home no longer needs the child's file and can no longer open it; no copy should outlive that.",
    ),
    Rule(
        key="closed_search_packs",
        record="Every home's pack of a search that has ended",
        default_days=30,
        starts="the search ended",
        then=FILES_DESTROYED,
        reason="Thirty days covers questions about a placement decision; after that the referral itself is the record.",
    ),
    Rule(
        key="identifiable_records",
        record=(
            "Submitted referrals with their amendments (corrections), attachments, information requests and "
            "answers, updates, decisions' notes, Ofsted letters and the follow-up of the child"
        ),
        default_days=730,
        starts="the last follow-up checkpoint was due (or the search ended, for a child never followed up)",
        then=ANONYMISED,
        reason=(
            "Two years after the 12-month outcome the child's case is closed for this service; the anonymous facts "
            "(dates, homes, codes, decisions) stay so the published outcome indicators do not change."
        ),
    ),
    Rule(
        key="audit_events",
        record="Audit events",
        default_days=7 * 365,
        starts="the event",
        then=DELETED,
        reason="Kept longer than what they describe, so questions about access can be answered after anonymisation.",
    ),
    Rule(
        key="task_results",
        record="Background task results (django-q2)",
        default_days=30,
        starts="the task finished",
        then=DELETED,
        reason="Only needed to look into a failure; they can name a record in their arguments.",
    ),
    Rule(
        key="reminder_log",
        record="Log of reminders and overdue notices e-mailed",
        default_days=365,
        starts="the message was sent",
        then=DELETED,
        reason="Needed to avoid sending twice and to show a search was chased; a year covers every search.",
    ),
    Rule(
        key="notification_outbox",
        record="E-mail messages sent or given up on (address, subject; the body is blanked once sent)",
        default_days=90,
        starts="the message was sent or given up on",
        then=DELETED,
        reason="Shows a message reached a person, for questions soon after; the audit log keeps the event itself.",
    ),
    Rule(
        key="sessions_and_invitations",
        record="Records of signed-in sessions and used or expired invitations",
        default_days=30,
        starts="the session ended or the invitation was used or expired",
        then=DELETED,
        reason="Only useful while current; the audit log keeps who signed in and when.",
    ),
)
RULES = {rule.key: rule for rule in SCHEDULE}


def schedule_markdown() -> str:
    """The schedule as the Markdown table in docs/data-protection.md (a test keeps the two the same)."""
    lines = ["| Record | Kept | Then | Why |", "|---|---|---|---|"]
    lines += [f"| {rule.record} | {rule.keep} | {rule.then} | {rule.reason} |" for rule in SCHEDULE]
    return "\n".join(lines)
