"""Run a DOCX render in the confined child process, with a wall-clock limit on top of its own rlimits (B14)."""

import base64
import contextlib
import json
import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..attachments.validation import CHILD_ENVIRONMENT, PROJECT_ROOT

MIB = 1024 * 1024


@dataclass(frozen=True)
class RenderLimits:
    """What one confined render may cost."""

    cpu_seconds: int = 20
    memory_bytes: int = 768 * MIB
    wall_seconds: float = 30.0


DEFAULT_LIMITS = RenderLimits()


class ConfinedRenderFailed(Exception):
    """The child refused, failed or was killed; kind is the exception name or a limit's name."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind, self.detail = kind, detail


def _kill(child: subprocess.Popen[bytes]) -> None:
    if child.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGKILL)
        child.communicate()


def docx_render_confined(
    template: Path, context: dict[str, Any], *, stamp: str = "", limits: RenderLimits = DEFAULT_LIMITS
) -> bytes:
    """The rendered DOCX from the child, or ConfinedRenderFailed (template_too_expensive for a limit)."""
    job = {
        "template": str(template.resolve()),
        "context": context,
        "stamp": stamp,
        "cpu_seconds": limits.cpu_seconds,
        "memory_bytes": limits.memory_bytes,
    }
    child = subprocess.Popen(
        [sys.executable, "-E", "-s", "-B", "-m", "forms_engine.packs.render_child"],
        cwd=PROJECT_ROOT,
        env=CHILD_ENVIRONMENT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        output, _ = child.communicate(json.dumps(job).encode(), timeout=limits.wall_seconds)
    except subprocess.TimeoutExpired as error:
        raise ConfinedRenderFailed("template_too_expensive", "the render took too long") from error
    finally:
        _kill(child)
    return _result(child.returncode, output)


def _result(returncode: int, output: bytes) -> bytes:
    if returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        raise ConfinedRenderFailed("template_too_expensive", "the render used too much processor time")
    try:
        verdict = json.loads(output.splitlines()[-1])
    except (ValueError, IndexError) as error:
        raise ConfinedRenderFailed("template_too_expensive", "the render stopped without an answer") from error
    if not verdict.get("ok"):
        kind = verdict.get("error", "Error")
        if kind == "MemoryError":
            raise ConfinedRenderFailed("template_too_expensive", "the render used too much memory")
        raise ConfinedRenderFailed(kind, verdict.get("detail", ""))
    return base64.b64decode(verdict["docx"])
