"""The guards every pack render runs behind: reportlab that fetches and evaluates nothing, a strict Jinja sandbox."""

import re
from collections import OrderedDict
from threading import Lock
from types import CodeType
from typing import Any
from xml.sax.saxutils import escape

from jinja2 import StrictUndefined, Template
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


# Compiled templates kept per process, keyed by their exact source: a pack template's parts compile once, not once
# per home. Bounded by count and by the total length of the sources kept.
COMPILED_MAX_TEMPLATES = 64
COMPILED_MAX_CHARS = 8_000_000


class _CompiledTemplates:
    """A small least-recently-used store of compiled sandbox template code."""

    def __init__(self) -> None:
        self._templates: OrderedDict[tuple[object, ...], tuple[CodeType, int]] = OrderedDict()
        self._chars = 0
        self._lock = Lock()

    def get(self, key: tuple[object, ...]) -> CodeType | None:
        with self._lock:
            found = self._templates.get(key)
            if found is None:
                return None
            self._templates.move_to_end(key)
            return found[0]

    def put(self, key: tuple[object, ...], template: CodeType, chars: int) -> None:
        if chars > COMPILED_MAX_CHARS:
            return
        with self._lock:
            if key in self._templates:
                return
            self._templates[key] = (template, chars)
            self._chars += chars
            while len(self._templates) > COMPILED_MAX_TEMPLATES or self._chars > COMPILED_MAX_CHARS:
                _, (_, dropped) = self._templates.popitem(last=False)
                self._chars -= dropped

    def clear(self) -> None:
        with self._lock:
            self._templates.clear()
            self._chars = 0

    def __len__(self) -> int:
        return len(self._templates)


COMPILED = _CompiledTemplates()


class DocEnv(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox that also refuses the unbounded operators (string and list repetition, powers).

    `from_string` reuses the code compiled earlier in this process from the same source by an environment set up
    the same way (compiling is most of a DOCX render's cost; the code depends only on the source and settings), and
    binds it to this environment and its globals each time, as Jinja's own `from_string` does.
    """

    intercepted_binops = frozenset({"*", "**"})

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Template:
        if not isinstance(source, str) or globals or template_class is not None:
            return super().from_string(source, globals, template_class)
        key = (type(self), self.autoescape, self.undefined, self.block_start_string, self.variable_start_string, source)
        code = COMPILED.get(key)
        if code is None:
            code = self.compile(source)
            COMPILED.put(key, code, len(source))
        return self.template_class.from_code(self, code, self.make_globals(None))

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        sequences = (str, list, tuple)
        if operator == "**" or (operator == "*" and any(isinstance(x, sequences) for x in (left, right))):
            raise SecurityError(f"operator {operator!r} is not allowed in templates")
        return super().call_binop(context, operator, left, right)


def docx_environment() -> DocEnv:
    """A fresh sandbox per render: StrictUndefined so typos fail loudly, autoescape so data cannot become OOXML."""
    return DocEnv(undefined=StrictUndefined, autoescape=True)
