"""Sign-in form in GOV.UK style."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from ui.forms import GovukFormMixin
from ui.widgets import EmailInput, PasswordInput


class SignInForm(GovukFormMixin, AuthenticationForm):
    """E-mail address and password; errors say what to do without saying which part was wrong."""

    username = forms.CharField(
        label=_("Email address"),
        max_length=254,
        widget=EmailInput(attrs={"autocomplete": "username", "spellcheck": "false", "autofocus": True}),
        error_messages={"required": _("Enter your email address")},
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Enter your password")},
    )
    error_messages = {
        "invalid_login": _("Enter a correct email address and password"),
        "inactive": _("This account has been switched off. Contact your organisation's administrator"),
    }
