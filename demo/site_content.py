"""Text for the demo website: sections, guidance, news, the Marydale vacancy and the documents. Public facts only."""

import datetime
from typing import Any

SWCU_BODY = (
    "<p>The Secure Welfare Coordination Unit (SWCU) is the single point of contact for local authorities in England "
    "and Wales looking for a secure welfare bed. It is a small unit, grant funded by the Department for Education "
    "to administer secure welfare placements and collect data on them, and hosted by Hampshire County Council. It "
    "began in May 2016 as the National Secure Welfare Commissioning Unit.</p>"
    "<h2>What the unit does</h2><ul>"
    "<li>collects bed availability from every secure children's home each day</li>"
    "<li>sends each open referral to the homes that have a bed available</li>"
    "<li>tells the local authority which homes can and cannot accept the child</li>"
    "<li>publishes a monthly summary of bed availability, referrals and placements</li></ul>"
    "<h2>What the unit does not do</h2><p>The unit does not decide where a child is placed. Decisions stay with "
    "the placing local authority and the secure home, and each home's registered manager can always refuse a "
    "referral. The Department for Education has no direct role in placing individual children.</p>"
    "<h2>Contact the unit</h2><p>Telephone 01962 846432, Monday to Friday, 8:30am to 5pm. Send referral forms "
    "and documents to the unit only, by secure email.</p>"
)

HOME_BODY = (
    "<p>Welcome to the Secure Accommodation Network (SAN). SAN brings together the secure children's homes in "
    "England and Wales: small, registered children's homes that look after children aged 10 to 17 whose "
    "liberty is restricted, either on welfare grounds under section 25 of the Children Act 1989 (section 119 "
    "of the Social Services and Well-being (Wales) Act 2014) or through the youth justice system.</p>"
    "<p>Local authorities looking for a secure welfare bed send one referral to the Secure Welfare "
    "Coordination Unit, which shares it with every home that has declared a vacancy. Each home's registered "
    "manager decides whether the home can keep the child safe.</p>"
)

STANDARD_PAGES: tuple[tuple[str, str, str, str], ...] = (
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
    (
        "secure-welfare-coordination-unit",
        "The Secure Welfare Coordination Unit",
        "The single point of contact for local authorities looking for a secure welfare bed.",
        SWCU_BODY,
    ),
)

MENU_STANDARD_PAGES = frozenset({"about-san", "secure-welfare-coordination-unit"})


GUIDANCE_INTRO = (
    "<p>Guidance for local authorities on referring a child for a secure welfare placement: the law, the "
    "process and the questions social workers ask most often.</p>"
)

REFERRAL_PROCESS = (
    (
        "text",
        "<p>Use this process when your local authority's secure panel has decided that a child needs a secure "
        "welfare placement. Send one referral to the Secure Welfare Coordination Unit; do not contact homes "
        "one by one.</p>"
        "<h2>Steps</h2><ol>"
        "<li>Your secure panel agrees that the criteria in section 25 of the Children Act 1989 (or section 119 "
        "of the Social Services and Well-being (Wales) Act 2014) are likely to be met.</li>"
        "<li>Apply to the court for a secure accommodation order, or use the emergency 72-hour provision.</li>"
        "<li>Complete the current version of the SAN referral form. Your sanctioning officer signs the "
        "statement of responsibility.</li>"
        "<li>Send the form and its documents to the unit. The unit sends them to every home that has declared a "
        "bed that day.</li>"
        "<li>Each home's registered manager decides whether the home can meet the child's needs alongside the "
        "children already living there, and answers accept, decline or a request for more information.</li>"
        "<li>The unit tells you which homes can offer a place, and you agree the admission with the home.</li>"
        "</ol>",
    ),
    (
        "callout",
        {
            "style": "warning",
            "text": "<p>Send referral forms only to the unit, and only by secure email. Never send a child's "
            "information to a home that has not been asked to consider the referral.</p>",
        },
    ),
    (
        "text",
        "<h2>While the search is open</h2><p>Send the unit an update every two weeks. Every three months, send a "
        "reviewed referral form. If an update or reviewed form is not received in time, the search will be "
        "ceased.</p>"
        "<h2>Special cases</h2><p>Flag these on the form: an emergency placement under the 72-hour provision, "
        "and any child under 13, who needs the Secretary of State's approval before placement.</p>",
    ),
    (
        "callout",
        {
            "style": "inset",
            "text": "<p>Placed children needed about three referral attempts on average; children who were never "
            "placed had about six. A complete, current form gives each home what it needs to decide.</p>",
        },
    ),
)

LEGAL_CRITERIA = (
    (
        "text",
        "<p>A looked-after child may not be placed or kept in secure accommodation unless:</p><ul>"
        "<li>they have a history of absconding, are likely to abscond from any other accommodation, and if they "
        "abscond are likely to suffer significant harm, or</li>"
        "<li>if kept in any other accommodation, they are likely to injure themselves or other people.</li></ul>"
        "<p>These are the criteria in section 25(1) of the Children Act 1989 in England and section 119(1) of "
        "the Social Services and Well-being (Wales) Act 2014 in Wales. If the criteria are met, the court must "
        "make the order. When you do not know whether the bed will be in England or Wales, apply under both "
        "sections in the alternative.</p>"
        "<h2>Time limits</h2><ul>"
        "<li>Without a court order, a child may be kept in secure accommodation for no more than 72 hours, in "
        "total, in any 28 days.</li>"
        "<li>A first order can last up to 3 months.</li>"
        "<li>Further orders can last up to 6 months each.</li></ul>"
        "<h2>Children under 13</h2><p>A child under 13 may be placed only with the prior approval of the "
        "Secretary of State. Allow time for this in your plan and flag it on the referral form.</p>",
    ),
    (
        "callout",
        {
            "style": "warning",
            "text": "<p>A child's liberty must not be restricted once the criteria stop applying, even if the order "
            "has time left to run.</p>",
        },
    ),
    (
        "details",
        {
            "summary": "Children accommodated under section 20",
            "text": "<p>Being looked after is a precondition. For a child under 16 accommodated under section 20, "
            "the parent's consent is needed. For a 16 or 17-year-old accommodated under section 20, seek an "
            "interim care order first.</p>",
        },
    ),
    (
        "text",
        "<p>The child must be offered legal representation. The Children (Secure Accommodation) Regulations "
        "1991 set out the reviews of the placement and the records to keep.</p>",
    ),
)

FAQ = (
    (
        "Can the unit make a home accept a child?",
        "<p>No. Each home's registered manager decides, taking account of the children already in the home, "
        "staffing and the child's needs, and can always refuse a referral.</p>",
    ),
    (
        "Which version of the referral form should I use?",
        "<p>Always the current version shown on the referral form page. A referral started on an earlier "
        "version can be moved to the current one when a new version comes into use.</p>",
    ),
    (
        "What happens if no home can offer a place?",
        "<p>The search stays open while you keep it up to date: an update every two weeks and a reviewed form "
        "every three months. You should plan for alternative accommodation at the same time.</p>",
    ),
    (
        "Can I refer a child before the court hearing?",
        "<p>Yes. Many referrals are sent while the application is being made, so homes can consider the child "
        "as early as possible. Tell the unit the hearing date.</p>",
    ),
    (
        "How do I refer a child aged 12?",
        "<p>Flag the referral as a child under 13. The placement needs the Secretary of State's approval, and "
        "the form asks for the approval reference.</p>",
    ),
)

NEWS = (
    (
        "updated-referral-form-from-1-april-2019",
        "Updated referral form from 1 April 2019",
        datetime.date(2019, 3, 4),
        "Version 4 of the SAN referral form must be used for every new referral from 1 April 2019.",
        "<p>The Secure Welfare Coordination Unit has an updated referral form. Version 4 of the SAN secure "
        "welfare referral form is mandatory from 1 April 2019. It was developed with the Welfare Placements "
        "Project Board to support the referral process and national data collection.</p>"
        "<p>Referrals already open on version 3 can continue. A guidance booklet with frequently asked questions "
        "and mock referrals explains the changes.</p>",
    ),
    (
        "three-monthly-reviewed-referral-forms",
        "Three-monthly reviewed referral forms from 18 April 2022",
        datetime.date(2022, 4, 11),
        "From the week beginning 18 April 2022 the unit asks for a reviewed referral form every three months.",
        "<p>From the week beginning 18 April 2022, local authorities with an open search are asked to send a "
        "reviewed referral form every three months, as well as the two-weekly update.</p>"
        "<p>If the reviewed form is not received in time, the search will be ceased. This keeps the information "
        "homes rely on current.</p>",
    ),
    (
        "investment-in-secure-childrens-homes",
        "£120 million to maintain and rebuild secure children's homes",
        datetime.date(2024, 3, 6),
        "The March 2024 Budget includes £120 million for secure children's homes, including two rebuilds.",
        "<p>The Budget of March 2024 announced £120 million for the maintenance of secure children's homes and "
        "for rebuilding the Atkinson Unit in Exeter and Swanwick Lodge in Hampshire.</p>"
        "<p>Hampshire's replacement for Swanwick Lodge is planned to have 18 beds, compared with 10 today.</p>",
    ),
)

MARYDALE_JOB: dict[str, Any] = {
    "title": "Registered Manager, Marydale Lodge",
    "slug": "registered-manager-marydale-lodge",
    "summary": "Lead Marydale Lodge, the only voluntary-sector secure children's home in England, in St Helens.",
    "role": "Registered Manager",
    "salary_min": 55_000,
    "salary_max": 62_000,
    "contract_type": "permanent",
    "hours": "37 hours a week",
    "body": "<p>Nugent is looking for a Registered Manager for Marydale Lodge, a secure children's home in St "
    "Helens for up to 12 children placed on welfare grounds under section 25 of the Children Act 1989. The "
    "home has two houses, Austen and Bronte.</p>"
    "<p>You will be responsible for the care, safety and education of the children who live at Marydale, lead "
    "a skilled staff team, and be registered with Ofsted as the home's manager. You will decide on each "
    "referral the Secure Welfare Coordination Unit sends to the home.</p>"
    "<h3>What we are looking for</h3><ul><li>a Level 5 Diploma in Leadership and Management for Residential "
    "Childcare, or willingness to complete it</li><li>at least two years' experience managing a children's "
    "residential service</li><li>a track record of good Ofsted outcomes</li></ul>",
    "how_to_apply": "<p>Read the role description and the advert, then apply through Nugent's recruitment "
    "website. For an informal conversation, email recruitment@nugent.example.</p>",
}

CLOSED_JOB: dict[str, Any] = {
    "title": "Residential Care Worker, Swanwick Lodge",
    "slug": "residential-care-worker-swanwick-lodge",
    "summary": "Care for children aged 10 to 17 at Hampshire's secure children's home.",
    "role": "Residential Care Worker",
    "salary_min": 26_000,
    "salary_max": 29_500,
    "contract_type": "permanent",
    "hours": "37 hours a week, shifts including nights and weekends",
    "closing_date": datetime.date(2024, 1, 31),
    "body": "<p>Hampshire County Council recruited residential care workers for Swanwick Lodge, a secure "
    "children's home for children placed on welfare grounds.</p>",
}

HOME_NOTES = {
    "marydale-lodge": "Marydale Lodge takes children placed on welfare grounds only. It has two houses, Austen "
    "and Bronte, and is the only voluntary-sector secure children's home.",
    "hillside": "Hillside is the only secure children's home in Wales.",
    "aycliffe": "Aycliffe Secure Centre has five houses and takes children placed on welfare grounds and by the "
    "Youth Custody Service.",
    "swanwick-lodge": "Swanwick Lodge takes children placed on welfare grounds. An 18-bed replacement home is planned.",
    "atkinson-unit": "The Atkinson Unit is being rebuilt with funding announced in 2024.",
    "vinney-green": "Vinney Green's beds are contracted to the Youth Custody Service for children on remand or "
    "sentenced.",
    "adel-beck": "Adel Beck, formerly East Moor, takes children placed on welfare grounds and on remand or sentenced.",
}

HOME_SERVICES = (
    "<ul><li>Education on site all year round, inspected by Ofsted every year</li>"
    "<li>Health care provided on site, inspected every year by the Care Quality Commission</li>"
    "<li>Care inspected by Ofsted twice a year under the Social Care Common Inspection Framework</li></ul>"
)

HOME_CONTACT = (
    "<p>For a secure welfare placement, contact the Secure Welfare Coordination Unit on 01962 846432, Monday to "
    "Friday, 8:30am to 5pm. Referrals are not accepted directly by the home.</p>"
)

REFERRAL_PAGE_BODY = (
    "<h2>Before you start</h2><p>You will need the child's details, the legal basis and order dates, the "
    "reasons secure accommodation is needed, previous placements, key contacts, and supporting documents as "
    "PDFs. Your sanctioning officer signs the statement of responsibility before the referral is sent.</p>"
    "<p>You can save your answers and come back to them. A referral stays on the version it was started on; "
    "when a new version comes into use, you will be offered the chance to move a draft to it.</p>"
    '<p>Read the <a href="/guidance/the-referral-process/">referral process</a> and the '
    '<a href="/guidance/legal-criteria/">legal criteria</a> first.</p>'
)

DOCUMENTS = {
    "framework": (
        "Welfare Safety Checks Framework",
        "welfare-safety-checks-framework-demo.pdf",
        (
            "The Welfare Safety Checks Framework sets out how secure children's homes carry out observations "
            "of children. It was developed by the sector for the sector, led by SAN, after the Prisons and "
            "Probation Ombudsman recommended a framework for observations.",
            "This demonstration copy stands in for the published framework. Use the published framework for practice.",
        ),
    ),
    "booklet": (
        "Secure welfare referral guidance booklet",
        "referral-guidance-booklet-demo.pdf",
        (
            "This booklet supports the referral process for a secure welfare bed. It explains the legal "
            "criteria, how to complete the referral form, and what happens after the referral is sent.",
            "It includes a section of frequently asked questions and mock referrals that show what a complete "
            "referral looks like. The mock referrals describe invented children.",
        ),
    ),
    "account": (
        "A young person's account of secure care",
        "young-persons-account-demo.pdf",
        (
            "A young person describes arriving at a secure children's home, the first days, school on site, "
            "and planning to leave. The account is written for this demonstration and describes no real child.",
        ),
    ),
    "role": (
        "Registered Manager, Marydale Lodge: role description",
        "marydale-registered-manager-role-description-demo.pdf",
        (
            "Purpose of the role: to lead Marydale Lodge and be registered with Ofsted as its manager.",
            "Main responsibilities: the safety and wellbeing of the children; leadership of the staff team; "
            "decisions on referrals; compliance with the Children's Homes (England) Regulations 2015.",
        ),
    ),
    "advert": (
        "Registered Manager, Marydale Lodge: advert",
        "marydale-registered-manager-advert-demo.pdf",
        (
            "Nugent is recruiting a Registered Manager for Marydale Lodge, St Helens. Permanent, 37 hours a "
            "week, £55,000 to £62,000 a year.",
        ),
    ),
    "report_2018": (
        "Secure welfare referrals: annual report 2018",
        "swcu-annual-report-2018-demo.pdf",
        (
            "The unit received 471 referrals in 2018. Open referrals peaked at 37 in July 2018. No beds were "
            "declared on 11 occasions in July.",
            "This data is experimental. Use of the unit is not mandated, so it does not cover every placement, "
            "and it is not an official statistical release.",
        ),
    ),
}

DATA_SUMMARY = {
    "title": "Secure welfare referrals: annual report 2018",
    "period": "January to December 2018",
    "figures": (
        ("Referrals received", "471"),
        ("Most open referrals on one day", "37 (July)"),
        ("Occasions with no beds declared in July", "11"),
    ),
    "note": "This data is experimental. Use of the unit is not mandated, so it does not cover every placement, "
    "and it is not an official statistical release.",
}

MOCK_REFERRALS_PAGE = {
    "slug": "mock-referrals",
    "title": "Mock referrals and example packs",
    "summary": "Three made-up referrals showing a completed form and the pack a secure children's home receives.",
}
MOCK_REFERRALS_INTRO = (
    "<p>These mock referrals describe no real child. Each was written on the current form (v4) and checked by the "
    "same rules as a real referral. Download the example pack to see exactly what a secure children's home "
    "receives: the cover, the contents, every answer and the attached documents, with the home's name, the pack "
    "ID and the issue time on every page.</p>"
)
MOCK_REFERRALS_CALLOUT = (
    "<p>Example packs are marked <strong>EXAMPLE — not a real child</strong> on every page. Never use them as a "
    "template for a real referral: start a referral in the service instead.</p>"
)
# Keys of forms_engine/mocks, in the order the guidance page shows them: the mocks of v5, the live version.
MOCK_REFERRAL_KEYS = ("girl-14-cse-absconds-v5", "boy-15-violence-gangs-v5", "child-12-emergency-72-hour-v5")
