"""Build the demo website: the home page and the standard pages every public service needs."""

from django.db import transaction
from wagtail.models import Page, Site

from .models import HomePage, StandardPage

HOME_BODY = (
    "<p>Welcome to the Secure Accommodation Network (SAN). SAN brings together the secure children's homes in "
    "England and Wales: small, registered children's homes that look after children aged 10 to 17 whose "
    "liberty is restricted, either on welfare grounds under section 25 of the Children Act 1989 (section 119 "
    "of the Social Services and Well-being (Wales) Act 2014) or through the youth justice system.</p>"
    "<p>Local authorities looking for a secure welfare bed send one referral to the Secure Welfare "
    "Coordination Unit, which shares it with every home that has declared a vacancy. Each home's registered "
    "manager decides whether the home can keep the child safe.</p>"
)

PAGES: tuple[tuple[str, str, str, str], ...] = (
    (
        "about-san",
        "About the Secure Accommodation Network",
        "Who we are and what the network does.",
        "<p>The Secure Accommodation Network is the membership body of the secure children's homes in England "
        "and Wales. It develops and promotes secure children's home services, shares practice between homes, "
        "and publishes the secure welfare referral form with the Secure Welfare Coordination Unit.</p>"
        "<p>The Secure Welfare Coordination Unit is a small unit funded by the Department for Education to "
        "administer secure welfare placements and collect data on them. It is hosted by Hampshire County "
        "Council and is open Monday to Friday, 8:30am to 5pm, on 01962 846432.</p>",
    ),
    (
        "accessibility-statement",
        "Accessibility statement",
        "How accessible this website and service are, and how to report a problem.",
        "<p>This statement applies to the Secure Accommodation Network website and the secure welfare "
        "referral service. We want as many people as possible to be able to use it. You should be able to "
        "change colours, contrast levels and fonts, zoom in up to 400% without the text spilling off the "
        "screen, navigate the whole service using just a keyboard or speech recognition software, and listen "
        "to it using a screen reader.</p>"
        "<h2>Compliance status</h2><p>The service is built with the GOV.UK Design System and is tested "
        "automatically with axe-core on every change. We aim to meet the Web Content Accessibility "
        "Guidelines version 2.2 AA standard.</p>"
        "<h2>Reporting accessibility problems</h2><p>If you find a problem or need information in a "
        "different format, email swcu@example.org. We will reply within 5 working days.</p>"
        "<h2>Enforcement procedure</h2><p>The Equality and Human Rights Commission is responsible for "
        "enforcing the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility "
        "Regulations 2018. If you are not happy with how we respond to your complaint, contact the Equality "
        "Advisory and Support Service.</p>",
    ),
    (
        "privacy-notice",
        "Privacy notice",
        "What information the referral service holds, why, and your rights.",
        "<p>The secure welfare referral service holds information about children referred for a secure "
        "welfare placement, and about the professionals who use the service. Local authorities are the "
        "controllers of the information they send about children; the Secure Welfare Coordination Unit "
        "processes it to find a placement and to publish statistics that never identify a child.</p>"
        "<h2>What we keep and for how long</h2><p>Referral forms, supporting documents and the decisions of "
        "secure homes are kept for as long as the law on children's records requires. Every view and "
        "download of a child's information is recorded in an audit log.</p>"
        "<h2>Who can see it</h2><p>A local authority sees only its own referrals. A secure home sees a "
        "referral only while it has been sent to the home to decide on. Analysts see only figures in which "
        "small numbers are suppressed.</p>"
        "<h2>Your rights</h2><p>You can ask for a copy of the information held about you, and ask for it "
        "to be corrected. Contact the data protection officer of the local authority that made the "
        "referral.</p>",
    ),
    (
        "cookies",
        "Cookies",
        "The cookies this service sets and why they are needed.",
        "<p>This service sets only the cookies it needs to work. It does not use analytics or advertising "
        "cookies.</p>"
        "<h2>Essential cookies</h2><ul><li><strong>sessionid</strong>: keeps you signed in; it expires "
        "after 30 minutes without activity or when you close your browser.</li><li><strong>csrftoken"
        "</strong>: protects forms against cross-site request forgery; it expires after one year.</li></ul>",
    ),
)


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
        body=HOME_BODY,
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


@transaction.atomic
def demo_site_seed() -> int:
    """Create the home page and any missing standard pages; returns how many pages the site has."""
    home = _home_page()
    for slug, title, summary, body in PAGES:
        if not StandardPage.objects.filter(slug=slug).exists():
            page = StandardPage(title=title, slug=slug, summary=summary, body=body)
            home.add_child(instance=page)
            page.save_revision().publish()
    return home.get_descendants(inclusive=True).count()
