"""Document machinery every app may use: confinement of untrusted work, the Jinja and reportlab guards, PDF styles
and fonts, DOCX rendering and checks, PDF attachment intake, and the one adapter over libraries' private APIs.

A leaf: it imports no app of this project (and nothing from Django, so confined children can use it)."""
