from django.urls import include, path

from . import security_views, sign_in_views, user_admin_views, views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", sign_in_views.SignInView.as_view(), name="sign-in"),
    path("sign-in/code/", sign_in_views.sign_in_code, name="sign-in-code"),
    path("sign-in/set-up-authenticator/", sign_in_views.set_up_authenticator, name="set-up-authenticator"),
    path("recovery-codes/", sign_in_views.recovery_codes, name="recovery-codes"),
    path("confirm-its-you/", sign_in_views.confirm_identity, name="confirm-identity"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
    path("signed-out/", views.signed_out, name="signed-out"),
    path("sign-in-methods/", security_views.sign_in_methods, name="sign-in-methods"),
    path("sign-in-methods/recovery-codes/", security_views.recovery_codes_new, name="recovery-codes-new"),
    path(
        "sign-in-methods/authenticators/<int:pk>/remove/",
        security_views.authenticator_remove,
        name="authenticator-remove",
    ),
    path("sign-in-methods/passkeys/<int:pk>/remove/", security_views.passkey_remove, name="passkey-remove"),
    # Passkeys: django-otp-webauthn's ceremonies under its own URL names, through the service's views.
    path("webauthn/", include(("accounts.passkeys", "otp_webauthn"))),
    path("sessions/", security_views.your_sessions, name="sessions"),
    path("password/", security_views.password_change, name="password-change"),
    path("password-reset/", security_views.PasswordResetView.as_view(), name="password-reset"),
    path("password-reset/sent/", security_views.PasswordResetSentView.as_view(), name="password-reset-sent"),
    path(
        "password-reset/<uidb64>/<token>/",
        security_views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "password-reset/complete/",
        security_views.PasswordResetCompleteView.as_view(),
        name="password-reset-complete",
    ),
    path("invitation/<str:token>/", user_admin_views.invitation, name="invitation"),
    path("users/", user_admin_views.user_list, name="user-list"),
    path("users/invite/", user_admin_views.user_invite, name="user-invite"),
    path("users/<int:pk>/", user_admin_views.user_detail, name="user-detail"),
    path("users/<int:pk>/role/", user_admin_views.user_role, name="user-role"),
    path("users/<int:pk>/reset-sign-in-methods/", user_admin_views.user_second_factor_reset, name="user-reset-2fa"),
    path("users/<int:pk>/<slug:action>/", user_admin_views.user_action, name="user-action"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("organisations/", views.organisation_list, name="organisation-list"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation-detail"),
    path("audit/", views.audit_log, name="audit-log"),
    path("audit/audit-log.csv", views.audit_log_csv, name="audit-log-csv"),
]
