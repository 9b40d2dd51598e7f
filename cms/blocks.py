"""StreamField blocks for guidance, jobs, data summaries and the documents library, each with a GOV.UK template."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock


class DocumentBlock(blocks.StructBlock):
    """A download link that shows the file's type and size, as the GOV.UK attachment pattern does."""

    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(label=_("link text"), required=False, help_text=_("Defaults to the document's title."))
    description = blocks.TextBlock(label=_("description"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("Document download")
        template = "cms/blocks/document.html"


class AccordionItemBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("question or heading"))
    content = blocks.RichTextBlock(label=_("answer"), features=["bold", "italic", "link", "ol", "ul", "document-link"])


class AccordionBlock(blocks.StructBlock):
    """A GOV.UK accordion: used for frequently asked questions."""

    heading = blocks.CharBlock(label=_("heading"), required=False)
    items = blocks.ListBlock(AccordionItemBlock(), label=_("sections"), min_num=1)

    class Meta:
        icon = "list-ul"
        label = _("FAQ accordion")
        template = "cms/blocks/accordion.html"


class CalloutBlock(blocks.StructBlock):
    """Inset text for something to note, or warning text for something the reader must not miss."""

    style = blocks.ChoiceBlock(
        choices=[("inset", _("Inset text")), ("warning", _("Warning text"))], default="inset", label=_("style")
    )
    text = blocks.RichTextBlock(label=_("text"), features=["bold", "link"])

    class Meta:
        icon = "warning"
        label = _("Callout")
        template = "cms/blocks/callout.html"


class DetailsBlock(blocks.StructBlock):
    """A GOV.UK details component: extra information most readers will not need."""

    summary = blocks.CharBlock(label=_("summary"))
    text = blocks.RichTextBlock(label=_("text"), features=["bold", "italic", "link", "ol", "ul"])

    class Meta:
        icon = "collapse-down"
        label = _("Details")
        template = "cms/blocks/details.html"


RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "document-link", "ol", "ul"]


def guidance_blocks() -> list[tuple[str, blocks.Block]]:
    """The blocks a guidance page is built from."""
    return [
        ("text", blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES, template="cms/blocks/text.html")),
        ("document", DocumentBlock()),
        ("accordion", AccordionBlock()),
        ("callout", CalloutBlock()),
        ("details", DetailsBlock()),
        ("mock_referral", MockReferralBlock()),
    ]


class HeadlineFigureBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("measure"))
    value = blocks.CharBlock(label=_("figure"), max_length=40)


class DataSummaryBlock(blocks.StructBlock):
    """One published summary: its period, the document and the headline figures from it."""

    title = blocks.CharBlock(label=_("title"))
    period = blocks.CharBlock(label=_("period covered"), help_text=_("For example, January to December 2018."))
    web_page = blocks.CharBlock(
        label=_("web page"),
        required=False,
        help_text=_("The summary's own web page (set when the coordination unit publishes a month)."),
    )
    document = DocumentChooserBlock(label=_("document"))
    slides = DocumentChooserBlock(label=_("slides (PowerPoint)"), required=False)
    figures = blocks.ListBlock(HeadlineFigureBlock(), label=_("headline figures"), min_num=0)
    note = blocks.TextBlock(label=_("note on the data"), required=False)

    class Meta:
        icon = "table"
        label = _("Data summary")
        template = "cms/blocks/data_summary.html"


def library_blocks() -> list[tuple[str, blocks.Block]]:
    """A documents library: headings that group document downloads."""
    return [
        ("heading", blocks.CharBlock(label=_("Heading"), template="cms/blocks/heading.html")),
        ("document", DocumentBlock()),
    ]


class MockReferralBlock(blocks.StructBlock):
    """A mock referral's summary and its example packs (PDF and Word) to download: synthetic, never a real child."""

    mock = SnippetChooserBlock("forms_engine.MockReferral", label=_("mock referral"))
    heading = blocks.CharBlock(label=_("heading"), required=False, help_text=_("Defaults to the mock's title."))

    class Meta:
        icon = "form"
        label = _("Mock referral")
        template = "cms/blocks/mock_referral.html"
