from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Organisations, roles, access control and audit."""

    name = "accounts"
    verbose_name = "Accounts and access"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the sign-in audit receivers)
