"""Forms for the referral journey that are not built from a schema: uploads and the signature."""

from typing import Any

from django import forms

from ui import widgets
from ui.forms import GovukForm
from ui.messages import sentence_case


class UploadForm(GovukForm):
    """One PDF at a time; the sandboxed validator decides whether it is safe. Messages name the document."""

    document = forms.FileField(
        label="Upload a file",
        help_text="PDF only, up to 20MB. Password-protected files cannot be read, so remove the password first.",
        widget=widgets.FileUpload(attrs={"accept": "application/pdf,.pdf"}),
    )

    def __init__(self, *args: Any, document_label: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["document"].error_messages.update(upload_messages(document_label))


def upload_messages(document_label: str = "") -> dict[str, str]:
    """The GOV.UK file upload messages for every way Django's file field can refuse a file, naming the document."""
    document = f"the {sentence_case(document_label)}" if document_label else "a file"
    the_file = f"The selected file for {document}" if document_label else "The selected file"
    what = sentence_case(document_label) if document_label else "document"
    return {
        "required": f"Select {document} to upload, as a PDF file",
        "invalid": f"Select {document} again: the file did not arrive, so it could not be uploaded",
        "missing": f"Select {document} again: the file did not arrive, so it could not be uploaded",
        "empty": f"{the_file} is empty: choose the PDF file with the {what} in it",
        "contradiction": f"Select {document} to upload, or leave the upload empty",
    }


class SignatureForm(GovukForm):
    """The sanctioning officer confirms the statement of responsibility."""

    job_title = forms.CharField(
        label="Your job title",
        max_length=200,
        widget=widgets.TextInput,
        error_messages={"required": "Enter your job title"},
    )
    confirm = forms.BooleanField(
        label="I confirm each statement above on behalf of the local authority",
        error_messages={"required": "Confirm the statement of responsibility to submit the referral"},
        widget=widgets.Checkbox,
    )
