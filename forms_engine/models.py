"""Forms and their versions. A published version is immutable: its schema is fixed by a content hash."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .schema import schema_hash

_FROZEN_FIELDS = ("schema", "code_lists", "migration_rules", "number", "form_id")


class ImmutableVersionError(ValidationError):
    """Raised on any attempt to change a published version."""


class Form(models.Model):
    """A form that is published in versions, such as the SAN secure welfare referral form."""

    key = models.SlugField(_("key"), max_length=64, unique=True)
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class FormVersion(models.Model):
    """One version of a form: schema, code lists, migration rules from the previous version, and its state."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        LIVE = "live", _("Live")
        ARCHIVED = "archived", _("Archived")

    form = models.ForeignKey(Form, on_delete=models.PROTECT, related_name="versions", verbose_name=_("form"))
    number = models.PositiveSmallIntegerField(_("version number"))
    label = models.CharField(_("label"), max_length=120)
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.DRAFT)
    schema = models.JSONField(_("schema"), default=dict)
    code_lists = models.JSONField(_("code lists"), default=dict, blank=True, help_text=_("Snapshot at publication."))
    migration_rules = models.JSONField(_("migration rules from the previous version"), default=list, blank=True)
    schema_hash = models.CharField(_("schema hash"), max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        ordering = ["form", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["form", "number"], name="formversion_unique_number"),
            models.UniqueConstraint(
                fields=["form"], condition=models.Q(state="live"), name="formversion_one_live_per_form"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk:
            self._refuse_changes_once_published()
        super().save(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.state != self.State.DRAFT

    def content_hash(self) -> str:
        """Hash over the schema and the code lists it was published with."""
        return schema_hash({"schema": self.schema, "code_lists": self.code_lists})

    def refuse_if_published(self) -> None:
        """Raise the immutability error unless this version is still a draft in the database."""
        stored_state = FormVersion.objects.filter(pk=self.pk).values_list("state", flat=True).first()
        if stored_state not in (None, self.State.DRAFT):
            raise ImmutableVersionError(self._immutable_message())

    def _immutable_message(self) -> str:
        return str(
            _("%(label)s is published and cannot be changed. Create a new draft version to make changes.")
            % {"label": self.label}
        )

    def _refuse_changes_once_published(self) -> None:
        stored = FormVersion.objects.filter(pk=self.pk).values(*_FROZEN_FIELDS, "state", "schema_hash").first()
        if stored is None or stored["state"] == self.State.DRAFT:
            return
        changed = [name for name in (*_FROZEN_FIELDS, "schema_hash") if stored[name] != getattr(self, name)]
        if changed:
            raise ImmutableVersionError(self._immutable_message())
