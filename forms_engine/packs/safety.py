"""The guards every pack render runs behind: reportlab that fetches and evaluates nothing, a strict Jinja sandbox."""

import re
from typing import Any
from xml.sax.saxutils import escape

from jinja2 import StrictUndefined
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from reportlab import rl_config

# C0 controls other than tab and newline are not XML characters; docxtpl would also turn \a and \f into structure.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def reportlab_harden() -> None:
    """No URL or file fetching from markup (CVE-2020-28463) and no expression evaluation in colours (CVE-2023-33733)."""
    rl_config.trustedHosts = []
    rl_config.trustedSchemes = []
    rl_config.toColorCanUse = None  # names, hex and literal tuples only; never 'rl_safe_eval'


def clean_text(value: Any) -> str:
    """User text as a plain string without control characters that would break XML or inject layout."""
    return _CONTROL_CHARS.sub("", str(value))


def markup(value: Any) -> str:
    """User text made safe for reportlab Paragraph markup: escaped, with its line breaks kept."""
    return escape(clean_text(value)).replace("\n", "<br/>")


class DocEnv(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox that also refuses the unbounded operators (string and list repetition, powers)."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        sequences = (str, list, tuple)
        if operator == "**" or (operator == "*" and any(isinstance(x, sequences) for x in (left, right))):
            raise SecurityError(f"operator {operator!r} is not allowed in templates")
        return super().call_binop(context, operator, left, right)


def docx_environment() -> DocEnv:
    """A fresh sandbox per render: StrictUndefined so typos fail loudly, autoescape so data cannot become OOXML."""
    return DocEnv(undefined=StrictUndefined, autoescape=True)
