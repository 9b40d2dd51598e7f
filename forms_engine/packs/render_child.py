"""The confined render child: `python -m forms_engine.packs.render_child` reads one JSON job on stdin.

The job is {"template": path, "context": {...}, "stamp": ""}; the child confines itself with the attachment
sandbox's rlimits (address space, CPU, no file writes, no processes), renders in the Jinja sandbox and prints one
JSON line: {"ok": true, "docx": base64} or {"ok": false, "error": exception name, "detail": message}.
"""

import base64
import json
import sys
from pathlib import Path

from ..attachments.sandbox import confine
from ..attachments.validation import AttachmentLimits


def main() -> int:
    """Confine, read the job, render, print the verdict line."""
    job = json.loads(sys.stdin.read())
    limits = AttachmentLimits(cpu_seconds=int(job["cpu_seconds"]), memory_bytes=int(job["memory_bytes"]))
    verdict_out, sys.stdout = sys.stdout, sys.stderr
    confine(limits)
    try:
        from .docx_render import docx_render

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
