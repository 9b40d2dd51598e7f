"""Build the demo website: every section of the SAN site with real-sounding text. Safe to run any number of times."""

import datetime
from typing import Any

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from wagtail.models import GroupApprovalTask, Page, Site, Workflow, WorkflowPage, WorkflowTask

from cms.models import (
    DataSummaryPage,
    DocumentsLibraryPage,
    GuidanceIndexPage,
    GuidancePage,
    HomePage,
    ImportantUpdate,
    JobPage,
    JobsIndexPage,
    NewsIndexPage,
    NewsPage,
    ReferralFormPage,
    SearchPage,
    SecureHomePage,
    SecureHomesIndexPage,
    StandardPage,
)
from demo import site_content as text
from demo.forms import demo_forms_seed
from demo.people import HOMES
from demo.site_documents import demo_document
from forms_engine.models import MockReferral


def _home_page() -> HomePage:
    """The site's HomePage, replacing Wagtail's placeholder welcome page on first run."""
    existing = HomePage.objects.first()
    if existing:
        return existing
    root = Page.get_first_root_node()
    home = HomePage(
        title="Secure Accommodation Network",
        slug="san-home",
        summary="Secure children's homes in England and Wales, and secure welfare referrals.",
        body=text.HOME_BODY,
    )
    root.add_child(instance=home)
    home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first() or Site(hostname="localhost", port=80)
    placeholder = site.root_page if site.pk else None
    site.root_page, site.is_default_site, site.site_name = home, True, "Secure Accommodation Network"
    site.save()
    if placeholder is not None and not isinstance(placeholder.specific, HomePage):
        placeholder.delete()
    return home


def _child(parent: Page, model: type[Page], *, slug: str, **fields: Any) -> Page:
    """The parent's child with this slug, created and published on first run and left alone afterwards."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _document_block(key: str, description: str = "") -> tuple[str, dict[str, object]]:
    title, filename, paragraphs = text.DOCUMENTS[key]
    return (
        "document",
        {
            "document": demo_document(title=title, filename=filename, paragraphs=paragraphs),
            "title": "",
            "description": description,
        },
    )


def _guidance(home: HomePage) -> GuidanceIndexPage:
    index = _child(
        home,
        GuidanceIndexPage,
        slug="guidance",
        title="Guidance for local authorities",
        summary="The referral process, the legal criteria and answers to common questions.",
        intro=text.GUIDANCE_INTRO,
        show_in_menus=True,
    )
    booklet = _document_block("booklet", "Includes frequently asked questions and mock referrals.")
    _child(
        index,
        GuidancePage,
        slug="the-referral-process",
        title="The referral process",
        summary="How to refer a child for a secure welfare bed, step by step.",
        body=[*text.REFERRAL_PROCESS, booklet],
    )
    _child(
        index,
        GuidancePage,
        slug="legal-criteria",
        title="Legal criteria for secure accommodation",
        summary="Section 25 and section 119, time limits, and children under 13.",
        body=list(text.LEGAL_CRITERIA),
    )
    faq = {"heading": "", "items": [{"heading": q, "content": a} for q, a in text.FAQ]}
    _child(
        index,
        GuidancePage,
        slug="frequently-asked-questions",
        title="Frequently asked questions",
        summary="Answers to the questions social workers ask the unit most often.",
        body=[("accordion", faq), booklet],
    )
    _mock_referrals_page(index)
    return index


def _mock_referrals_page(index: GuidanceIndexPage) -> None:
    """A guidance page of mock referral blocks; the mocks (and the form) come from forms_engine's idempotent seed."""

    demo_forms_seed()
    mocks = {mock.key: mock for mock in MockReferral.objects.filter(key__in=text.MOCK_REFERRAL_KEYS)}
    body = [
        ("text", text.MOCK_REFERRALS_INTRO),
        ("callout", {"style": "warning", "text": text.MOCK_REFERRALS_CALLOUT}),
        *(("mock_referral", {"mock": mocks[key], "heading": ""}) for key in text.MOCK_REFERRAL_KEYS if key in mocks),
    ]
    _child(index, GuidancePage, body=body, **text.MOCK_REFERRALS_PAGE)


def _homes(home: HomePage) -> SecureHomesIndexPage:

    index = _child(
        home,
        SecureHomesIndexPage,
        slug="secure-homes",
        title="Secure children's homes",
        summary="The secure children's homes in England and Wales: where they are and whom they take.",
        intro="<p>Secure children's homes look after children aged 10 to 17 whose liberty is "
        "restricted. Filter the directory by region or by the placements a home takes.</p>",
        show_in_menus=True,
    )
    for facts in HOMES:
        _child(
            index,
            SecureHomePage,
            slug=facts.slug,
            title=facts.name,
            summary=text.HOME_NOTES.get(facts.slug)
            or f"A secure children's home in {facts.locality} run by {facts.operator}.",
            operator=facts.operator,
            region=facts.region,
            locality=facts.locality,
            approved_beds=facts.approved_places,
            takes_welfare=facts.takes_welfare,
            takes_justice=facts.takes_justice,
            services=text.HOME_SERVICES,
            contact=text.HOME_CONTACT,
        )
    return index


def _news(home: HomePage) -> None:
    index = _child(
        home,
        NewsIndexPage,
        slug="news",
        title="News and updates",
        summary="Changes to the referral form and process, and news from the network.",
        show_in_menus=True,
    )
    for slug, title, date, summary, body in text.NEWS:
        _child(index, NewsPage, slug=slug, title=title, date=date, summary=summary, body=body)


def _jobs(home: HomePage, homes: SecureHomesIndexPage) -> None:
    index = _child(
        home,
        JobsIndexPage,
        slug="jobs",
        title="Jobs in secure children's homes",
        summary="Current vacancies in secure children's homes.",
        show_in_menus=True,
        intro="<p>Secure children's homes recruit care staff, teachers, health staff and managers. "
        "Each vacancy is advertised until its closing date.</p>",
    )
    marydale = SecureHomePage.objects.child_of(homes).filter(slug="marydale-lodge").first()
    documents = [_document_block("role"), _document_block("advert")]
    _child(
        index,
        JobPage,
        home=marydale,
        documents=documents,
        closing_date=timezone.localdate() + datetime.timedelta(days=42),
        **text.MARYDALE_JOB,
    )
    swanwick = SecureHomePage.objects.child_of(homes).filter(slug="swanwick-lodge").first()
    _child(index, JobPage, home=swanwick, **text.CLOSED_JOB)


def _documents_and_data(home: HomePage) -> None:
    _child(
        home,
        DataSummaryPage,
        slug="data",
        title="Secure welfare data",
        summary="Summaries of bed availability, referrals and placements published by the unit.",
        show_in_menus=True,
        intro="<p>The unit publishes summaries of secure welfare bed availability, referrals, placements "
        "before secure and placements on leaving secure care. Figures never identify a child.</p>",
        summaries=[
            (
                "summary",
                {
                    **text.DATA_SUMMARY,
                    "figures": [{"label": label, "value": value} for label, value in text.DATA_SUMMARY["figures"]],
                    "document": _document_block("report_2018")[1]["document"],
                },
            )
        ],
    )
    _child(
        home,
        DocumentsLibraryPage,
        slug="documents",
        title="Documents library",
        show_in_menus=True,
        summary="Frameworks, guidance and accounts from young people, to download.",
        documents=[
            ("heading", "Frameworks"),
            _document_block("framework"),
            ("heading", "Guidance"),
            _document_block("booklet"),
            ("heading", "Young people's voices"),
            _document_block("account"),
        ],
    )


def _important_updates() -> None:
    utc = datetime.UTC
    ImportantUpdate.objects.get_or_create(
        title="Reviewed referral forms every three months",
        defaults={
            "message": "<p>For every open search, send the unit a reviewed referral form every three months "
            "as well as the two-weekly update, or the search will be ceased.</p>",
            "starts_at": datetime.datetime(2022, 4, 18, tzinfo=utc),
        },
    )
    ImportantUpdate.objects.get_or_create(
        title="Updated referral form from 1 April 2019",
        defaults={
            "message": "<p>The SWCU has an updated referral form from 1 April 2019.</p>",
            "starts_at": datetime.datetime(2019, 3, 4, tzinfo=utc),
            "ends_at": datetime.datetime(2019, 6, 30, tzinfo=utc),
        },
    )


def _moderation(*pages: Page) -> None:
    """Moderators approve changes to the guidance and the referral form page before they are published."""
    task, _ = GroupApprovalTask.objects.get_or_create(name="Approval by a SAN moderator")
    task.groups.set(Group.objects.filter(name="Moderators"))
    workflow, _ = Workflow.objects.get_or_create(name="Guidance and referral form approval")
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for page in pages:
        WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})


@transaction.atomic
def demo_site_seed() -> int:
    """Create any missing pages, documents, banners and the moderation workflow; returns how many pages there are."""
    home = _home_page()
    for slug, title, summary, body in text.STANDARD_PAGES:
        _child(
            home,
            StandardPage,
            slug=slug,
            title=title,
            summary=summary,
            body=body,
            show_in_menus=slug in text.MENU_STANDARD_PAGES,
        )
    guidance = _guidance(home)
    referral = _child(
        home,
        ReferralFormPage,
        slug="referral-form",
        title="The secure welfare referral form",
        summary="The current referral form, when it came into use, and its earlier versions.",
        body=text.REFERRAL_PAGE_BODY,
        show_in_menus=True,
    )
    homes = _homes(home)
    _news(home)
    _jobs(home, homes)
    _documents_and_data(home)
    _child(home, SearchPage, slug="search", title="Search")
    _important_updates()
    _moderation(guidance, referral)
    return home.get_descendants(inclusive=True).count()
