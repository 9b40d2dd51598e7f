"""Forms for the referral journey that are not built from a schema: uploads and the signature."""

from django import forms

from ui import widgets
from ui.forms import GovukForm


class UploadForm(GovukForm):
    """One PDF at a time; the sandboxed validator decides whether it is safe."""

    document = forms.FileField(
        label="Upload a file",
        help_text="PDF only, up to 20MB. Password-protected files cannot be read, so remove the password first.",
        error_messages={"required": "Select a PDF file to upload"},
        widget=widgets.FileUpload(attrs={"accept": "application/pdf,.pdf"}),
    )


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
