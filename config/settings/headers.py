"""Security headers: the Content-Security-Policy (django-csp 4.0) and the Permissions-Policy (ops.headers).

The service's own pages get a strict, nonce-based policy: scripts only from this origin or inline with the
response's nonce (`request.csp_nonce`), styles only from this origin, no inline `style=` attributes, no plugins and
no framing. The Wagtail admin gets CONTENT_SECURITY_POLICY_ADMIN instead, chosen per response by
ops.headers.PermissionsPolicyMiddleware: Wagtail 8 still writes inline scripts (inline panels, date pickers) and
sets `style` in markup. Page previews keep the strict policy, framed by the admin only. See docs/ops.md, "Security
headers".
"""

from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        # The favicon is an empty data: URL (base.html); GOV.UK Frontend's CSS draws no data: images of its own.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Wagtail renders a page's preview by running a stand-in request for the page's public address through the whole
# middleware stack, so a preview gets the policy above, nonce and all, with only this changed: the page editor shows
# it in a same-origin frame.
CONTENT_SECURITY_POLICY_PREVIEW_REPLACE = {"frame-ancestors": [SELF]}

# Where the admin's policy applies: Wagtail's admin and the service's own admin views mounted inside it.
CONTENT_SECURITY_POLICY_ADMIN_PREFIXES = ("/admin/",)
# The admin's policy, whole (it replaces the one above, it is not merged). No nonce in script-src or style-src:
# a browser that sees a nonce ignores 'unsafe-inline', and Wagtail's inline scripts carry none.
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        # Image choosers and uploads preview files as blob: and data: URLs.
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        # The page editor's live preview is a same-origin frame, and the preview page is framed by the editor.
        "frame-src": [SELF],
        "frame-ancestors": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
    },
}

# Browser features this service never uses are switched off for every page and every frame. Passkeys (WebAuthn)
# are allowed for this origin only: the second sign-in factor may use them.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "camera": [],
    "display-capture": [],
    "encrypted-media": [],
    "geolocation": [],
    "gyroscope": [],
    "hid": [],
    "idle-detection": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "picture-in-picture": [],
    "publickey-credentials-create": ["self"],
    "publickey-credentials-get": ["self"],
    "screen-wake-lock": [],
    "serial": [],
    "usb": [],
    "xr-spatial-tracking": [],
}

# The admin's policy allows no off-site connections, so Wagtail's check for a newer release (a request from each
# editor's browser to releases.wagtail.org) is off; as with Gravatar, nothing about the service's users leaves it.
WAGTAIL_ENABLE_UPDATE_CHECK = False
