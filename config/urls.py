from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from ops import metrics as ops_metrics
from ops import views as ops_views

urlpatterns = [
    path("healthz", ops_views.healthz, name="healthz"),
    path("livez", ops_views.livez, name="livez"),
    path("metrics", ops_metrics.metrics, name="metrics"),
    path("account/", include("accounts.urls")),
    path("referrals/", include("forms_engine.urls")),
    path("beds/", include("beds.urls")),
    path("circulation/", include("circulation.urls")),
    path("liberty/", include("liberty.urls")),
    path("coordination/", include("coordination.urls")),
    path("outcomes/reports/", include("outcomes.report_urls")),
    path("outcomes/", include("outcomes.urls")),
    path("data-protection/", include("privacy.urls")),
    path("oversight/", include("oversight.urls")),
    path("statistics/secure-welfare-placements/", include("oversight.public_urls")),
    path("statistics/coordination-summaries/", include("outcomes.reporting.public_urls")),
    # One sign-in page for everyone: Wagtail's own login form is not used.
    path("admin/login/", RedirectView.as_view(pattern_name="accounts:sign-in", query_string=True)),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    # Wagtail's login for restricted pages would sign in with a password alone: the service's own sign-in instead.
    path("_util/login/", RedirectView.as_view(pattern_name="accounts:sign-in", query_string=True)),
    # Wagtail serves the public site last, so the service's own URLs win.
    path("", include(wagtail_urls)),
]
handler500 = "ops.views.server_error"
