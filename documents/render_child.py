"""Render an untrusted DOCX template in a fresh confined interpreter (`python -m documents.render_child`).

The parent (`docx_render_confined`) sends one JSON job on stdin: {"template": path, "context": {...}, "stamp": "",
"limits": {...}}. The child confines itself (documents.confinement) before docxtpl is imported, renders in the
Jinja sandbox and prints one JSON line: {"ok": true, "docx": base64} or {"ok": false, "error": name, "detail": text}.
"""

import base64
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from documents.confinement import MIB, ConfinementFailed, Limits, confine, run_module

RENDER_MODULE = "documents.render_child"
# An uploaded template's dry render: no files, and a wall clock a little past the CPU limit.
RENDER_LIMITS = Limits(cpu_seconds=20, memory_bytes=768 * MIB, file_bytes=0, wall_seconds=30.0)


def docx_render_confined(
    template: Path, context: dict[str, Any], *, stamp: str = "", limits: Limits = RENDER_LIMITS
) -> bytes:
    """The rendered DOCX from the child, or ConfinementFailed (kind cpu, memory, wall_clock, died or the
    exception's name, e.g. SecurityError or TemplateSyntaxError, with its message)."""
    job = {"template": str(template.resolve()), "context": context, "stamp": stamp, "limits": asdict(limits)}
    line, _ = run_module(RENDER_MODULE, [], limits, stdin=json.dumps(job).encode())
    try:
        verdict = json.loads(line)
    except ValueError as error:
        raise ConfinementFailed("died", "the render stopped without an answer") from error
    if not verdict.get("ok"):
        kind = verdict.get("error", "Error")
        if kind == "MemoryError":
            raise ConfinementFailed("memory", "the render used too much memory")
        raise ConfinementFailed(kind, verdict.get("detail", ""))
    return base64.b64decode(verdict["docx"])


def main() -> int:
    """Confine, read the job, render, print the verdict line."""
    job = json.loads(sys.stdin.read())
    verdict_out, sys.stdout = sys.stdout, sys.stderr
    confine(Limits(**job["limits"]))
    try:
        from documents.docx_render import docx_render  # only once the limits are in force

        data = docx_render(Path(job["template"]), job["context"], job.get("stamp", ""))
    except MemoryError:
        verdict = {"ok": False, "error": "MemoryError", "detail": "the render ran out of memory"}
    except Exception as error:  # noqa: BLE001 - every failure becomes a verdict the parent can show
        verdict = {"ok": False, "error": type(error).__name__, "detail": str(error)[:300]}
    else:
        verdict = {"ok": True, "docx": base64.b64encode(data).decode()}
    verdict_out.write(json.dumps(verdict) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
