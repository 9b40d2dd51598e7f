"""Landing-page cards: open searches and overdue upkeep for the unit; updates, reviews and Ofsted letters for LAs."""

from django.urls import reverse

from accounts.dashboard import Card, Link
from accounts.models import Membership
from circulation.access import home_requests_visible_to
from circulation.models import Search
from ops.notifications import outbox_counts

from . import selectors
from .models import OfstedNotification
from .upkeep import Due


def _plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def coordinator_cards(membership: Membership) -> list[Card]:
    """How many searches are open, and how many will cease because an update or review is overdue."""
    counts = selectors.open_search_counts()
    open_count, ceasing = counts.open, counts.will_cease
    dashboard = reverse("coordination:dashboard")
    return [
        Card(
            title="Coordination dashboard",
            body="Open searches with each home's response, days open and upkeep; today's beds; the month's figures.",
            figure=str(open_count) if open_count else "",
            figure_label=_plural(open_count, "open search", "open searches"),
            empty="" if open_count else "No searches are open.",
            links=(Link("Open the coordination dashboard", dashboard),),
        ),
        Card(
            title="Overdue updates and reviews",
            body="A search whose two-weekly update or three-monthly review is overdue will cease.",
            figure=str(ceasing) if ceasing else "",
            figure_label=_plural(ceasing, "search will cease", "searches will cease"),
            empty="" if ceasing else "Every open search is up to date.",
            links=(Link("See searches that will cease", f"{dashboard}?overdue=on"),),
        ),
        _failed_messages_card(),
    ]


def _failed_messages_card() -> Card:
    """E-mails the outbox gave up on (8 attempts over up to a day, or refused for good), to try again."""
    failed = outbox_counts()["failed"]
    return Card(
        title="Messages that could not be sent",
        body="E-mails the service stopped trying after up to a day, or that were refused for good. Their recipients "
        "have not had them.",
        figure=str(failed) if failed else "",
        figure_label=_plural(failed, "message could not be sent", "messages could not be sent"),
        empty="" if failed else "Every message has been sent or is still being tried.",
        links=(Link("See messages that could not be sent", reverse("coordination:outbox-failed")),),
    )


def local_authority_cards(membership: Membership) -> list[Card]:
    """Updates and reviews due for the authority's open searches, and Ofsted letters waiting to be sent."""
    searches = selectors.with_upkeep(
        Search.objects.filter(status=Search.Status.OPEN, referral__local_authority=membership.organisation)
    ).select_related("referral")
    upkeeps = [(search, selectors.upkeep_for(search)) for search in searches.order_by("opened_at")]
    due = [(s, u) for s, u in upkeeps if {u.update_state, u.review_state} != {Due.UP_TO_DATE}]
    letters = OfstedNotification.objects.filter(
        status=OfstedNotification.Status.DRAFTED, search__referral__local_authority=membership.organisation
    ).select_related("search__referral")
    return [
        Card(
            title="Updates and reviews due",
            body="Send a two-weekly update and, every three months, a reviewed referral for each open search, or the "
            "search will cease.",
            figure=str(len(due)) if due else "",
            figure_label=_plural(len(due), "search needs attention", "searches need attention"),
            empty="" if due else "Nothing is due for your open searches.",
            links=(
                *(
                    Link(
                        f"{search.referral.reference}: {'search will cease' if upkeep.will_cease else 'due soon'}",
                        reverse("coordination:search", args=[search.pk]),
                    )
                    for search, upkeep in due[:5]
                ),
                Link("See your open searches", reverse("coordination:searches")),
            ),
        ),
        Card(
            title="Ofsted notifications to review",
            body="When a child could not be placed, review the drafted letter, send it to Ofsted and record that it "
            "was sent.",
            figure=str(len(letters)) if letters else "",
            figure_label=_plural(len(letters), "letter to send", "letters to send"),
            empty="" if letters else "No letters are waiting to be sent.",
            links=(
                *(
                    Link(f"Review the letter for {n.search.referral.reference}", n.get_absolute_url())
                    for n in letters[:5]
                ),
                Link("See all Ofsted notifications", reverse("coordination:ofsted-list")),
            ),
        ),
    ]


def home_cards(membership: Membership) -> list[Card]:
    """Referrals the home is considering on which the local authority has since told homes something new."""

    news = list(
        selectors.requests_with_news(home_requests=home_requests_visible_to(membership.user)).select_related(
            "search__referral"
        )
    )  # the figure counts them all; the card links the first five
    return [
        Card(
            title="Updates from local authorities",
            body="What a referring authority has asked homes to know since it sent you the referral.",
            figure=str(len(news)) if news else "",
            figure_label=_plural(len(news), "referral with news", "referrals with news"),
            empty="" if news else "No new updates on the referrals you are considering.",
            links=tuple(
                Link(f"Updates on {r.search.referral.reference}", reverse("coordination:home-updates", args=[r.pk]))
                for r in news[:5]
            ),
        )
    ]
