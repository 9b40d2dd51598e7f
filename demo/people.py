"""Demo organisations and users. Homes and local authorities are real public bodies; people are invented."""

from typing import NamedTuple

from accounts.models import Organisation, Role


class HomeFacts(NamedTuple):
    name: str
    slug: str
    operator: str
    locality: str
    region: str
    approved_places: int
    takes_welfare: bool
    takes_justice: bool
    nation: str = Organisation.Nation.ENGLAND


class LocalAuthorityFacts(NamedTuple):
    name: str
    slug: str
    ons_code: str
    dfe_code: str
    region: str
    nation: str = Organisation.Nation.ENGLAND


class DemoUser(NamedTuple):
    email: str
    first_name: str
    last_name: str
    organisation_slug: str
    role: str
    job_title: str
    wagtail_groups: tuple[str, ...] = ()
    is_superuser: bool = False
    is_user_admin: bool = False  # administers their organisation's accounts (the unit's: homes' and LAs' too)
    is_data_protection_lead: bool = False  # the unit's: retention schedule, legal holds, subject access


# The secure children's homes on the July 2024 register; regions are the host LA's ONS region.
HOMES: tuple[HomeFacts, ...] = (
    HomeFacts("Adel Beck", "adel-beck", "Leeds City Council", "Leeds", "Yorkshire and The Humber", 24, True, True),
    HomeFacts(
        "Aldine House Secure Centre",
        "aldine-house",
        "Sheffield City Council",
        "Sheffield",
        "Yorkshire and The Humber",
        12,
        True,
        True,
    ),
    HomeFacts("Atkinson Unit", "atkinson-unit", "Devon County Council", "Exeter", "South West", 8, True, False),
    HomeFacts(
        "Aycliffe Secure Centre", "aycliffe", "Durham County Council", "Newton Aycliffe", "North East", 34, True, True
    ),
    HomeFacts(
        "Barton Moss Secure Care Centre", "barton-moss", "Salford City Council", "Salford", "North West", 27, True, True
    ),
    HomeFacts(
        "Clare Lodge", "clare-lodge", "Peterborough City Council", "Peterborough", "East of England", 16, True, False
    ),
    HomeFacts(
        "Clayfields House",
        "clayfields-house",
        "Nottinghamshire County Council",
        "Stapleford",
        "East Midlands",
        20,
        True,
        True,
    ),
    HomeFacts(
        "Hillside",
        "hillside",
        "Neath Port Talbot County Borough Council",
        "Neath",
        "Wales",
        18,
        True,
        True,
        Organisation.Nation.WALES,
    ),
    HomeFacts("Kyloe House", "kyloe-house", "Northumberland County Council", "Morpeth", "North East", 15, True, False),
    HomeFacts(
        "Lansdowne Secure Unit", "lansdowne", "East Sussex County Council", "Hastings", "South East", 7, True, False
    ),
    HomeFacts(
        "Lincolnshire Secure Unit",
        "lincolnshire-secure-unit",
        "Lincolnshire County Council",
        "Sleaford",
        "East Midlands",
        12,
        True,
        True,
    ),
    HomeFacts("Marydale Lodge", "marydale-lodge", "Nugent", "St Helens", "North West", 12, True, False),
    HomeFacts(
        "Swanwick Lodge",
        "swanwick-lodge",
        "Hampshire County Council",
        "Swanwick, Fareham",
        "South East",
        10,
        True,
        False,
    ),
    HomeFacts(
        "Vinney Green",
        "vinney-green",
        "South Gloucestershire Council",
        "Emersons Green, Bristol",
        "South West",
        24,
        False,
        True,
    ),
)

LOCAL_AUTHORITIES: tuple[LocalAuthorityFacts, ...] = (
    LocalAuthorityFacts("Hampshire County Council", "hampshire", "E10000014", "850", "South East"),
    LocalAuthorityFacts("Leeds City Council", "leeds", "E08000035", "383", "Yorkshire and The Humber"),
    LocalAuthorityFacts("Manchester City Council", "manchester", "E08000003", "352", "North West"),
    LocalAuthorityFacts("Birmingham City Council", "birmingham", "E08000025", "330", "West Midlands"),
    LocalAuthorityFacts("Kent County Council", "kent", "E10000016", "886", "South East"),
    LocalAuthorityFacts("Devon County Council", "devon", "E10000008", "878", "South West"),
    LocalAuthorityFacts("Nottinghamshire County Council", "nottinghamshire", "E10000024", "891", "East Midlands"),
    LocalAuthorityFacts("Northumberland County Council", "northumberland", "E06000057", "929", "North East"),
    LocalAuthorityFacts("Essex County Council", "essex", "E10000012", "881", "East of England"),
    LocalAuthorityFacts("Liverpool City Council", "liverpool", "E08000012", "341", "North West"),
    LocalAuthorityFacts("Bristol City Council", "bristol", "E06000023", "801", "South West"),
    LocalAuthorityFacts("Cardiff Council", "cardiff", "W06000015", "", "Wales", Organisation.Nation.WALES),
)

SAN_SLUG = "san"
UNIT_SLUG = "swcu"

# Development only: printed by `make run` and listed in the README. Never used outside DEMO_DATA_ALLOWED.
DEMO_PASSWORD = "secure-demo-2026"

USERS: tuple[DemoUser, ...] = (
    DemoUser(
        "admin@san.example",
        "Alex",
        "Morgan",
        SAN_SLUG,
        Role.EDITOR,
        "Website administrator and approver",
        ("Moderators",),
        is_superuser=True,
    ),
    DemoUser("editor@san.example", "Priya", "Shah", SAN_SLUG, Role.EDITOR, "Communications officer", ("Editors",)),
    DemoUser("social.worker@hampshire.example", "Jordan", "Ellis", "hampshire", Role.SOCIAL_WORKER, "Social worker"),
    DemoUser(
        "sanctioning.officer@hampshire.example",
        "Ruth",
        "Okafor",
        "hampshire",
        Role.SANCTIONING_OFFICER,
        "Head of Service, Children in Care",
        is_user_admin=True,
    ),
    DemoUser(
        "leaving.care@hampshire.example",
        "Chris",
        "Doyle",
        "hampshire",
        Role.LEAVING_CARE_WORKER,
        "Personal adviser, leaving care",
    ),
    DemoUser("social.worker@leeds.example", "Hannah", "Brooks", "leeds", Role.SOCIAL_WORKER, "Senior social worker"),
    DemoUser(
        "coordinator@swcu.example",
        "Sam",
        "Patel",
        UNIT_SLUG,
        Role.COORDINATOR,
        "Placement coordinator",
        is_user_admin=True,
        is_data_protection_lead=True,
    ),
    DemoUser("analyst@swcu.example", "Morgan", "Hughes", UNIT_SLUG, Role.ANALYST, "Data analyst"),
    DemoUser("manager@marydale.example", "Lee", "Taylor", "marydale-lodge", Role.HOME_MANAGER, "Registered manager"),
    DemoUser(
        "commissioner@hampshire.example",
        "Imogen",
        "Carter",
        "hampshire",
        Role.REGIONAL_COMMISSIONER,
        "Commissioner, South East Regional Care Co-operative",
    ),
)


def manager_email(home_slug: str) -> str:
    """The demo login of a home's registered manager."""
    return "manager@marydale.example" if home_slug == "marydale-lodge" else f"manager@{home_slug}.example"


# Every other home's registered manager (invented people), so that a newcomer can decide as any home the demo asks,
# and try a decline, a question or a recall as well as an offer.
_MANAGER_NAMES = (
    ("Sam", "Whitfield"),
    ("Aisha", "Rahman"),
    ("Owen", "Pritchard"),
    ("Grace", "Adeyemi"),
    ("Daniel", "Kowalski"),
    ("Fiona", "Mackay"),
    ("Tom", "Hargreaves"),
    ("Rhian", "Evans"),
    ("Marcus", "Bell"),
    ("Nadia", "Hussain"),
    ("Ben", "Ashworth"),
    ("Claire", "Donnelly"),
    ("Joe", "Fairbairn"),
)
HOME_MANAGERS: tuple[DemoUser, ...] = tuple(
    DemoUser(manager_email(home.slug), first, last, home.slug, Role.HOME_MANAGER, "Registered manager")
    for home, (first, last) in zip(
        (home for home in HOMES if home.slug != "marydale-lodge"), _MANAGER_NAMES, strict=True
    )
)
# A second sanctioning officer for Hampshire, so a social worker chooses who signs (and the other officer can read a
# referral chosen for Ruth Okafor but not sign it), and one for Leeds, so every authority with a social worker can
# send a referral for signature.
OFFICERS: tuple[DemoUser, ...] = (
    DemoUser(
        "service.manager@hampshire.example",
        "Daniel",
        "Osei",
        "hampshire",
        Role.SANCTIONING_OFFICER,
        "Service Manager, Children in Care",
    ),
    DemoUser(
        "sanctioning.officer@leeds.example",
        "Margaret",
        "Lindqvist",
        "leeds",
        Role.SANCTIONING_OFFICER,
        "Head of Service, Children Looked After",
    ),
)
# Every demo login: one per role (USERS, each signed in by the browser journeys), the other sanctioning officers
# and every other home's manager.
DEMO_LOGINS: tuple[DemoUser, ...] = USERS + OFFICERS + HOME_MANAGERS
