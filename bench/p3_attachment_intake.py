"""P3: wall time and the sandbox child's peak memory when validating a ~50 MB, 2,000-page PDF upload."""

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results"
MIB = 1024 * 1024
PAGES = 2000
TARGET_BYTES = 50 * MIB
MAX_SECONDS = 5.0
MAX_PEAK_MB = 250.0
MEASURE_TIMEOUT_S = 120
# "binary" (default): Flate streams, as Word, LibreOffice and scanners write them. "ascii85": reportlab's own default,
# [/ASCII85Decode /FlateDecode]; generating it takes ~35 s because reportlab's ASCII85 encoder is pure Python.
STREAMS = os.environ.get("BENCH_P3_STREAMS", "binary")


def _say(text: str = "") -> None:
    """Print a line at once."""
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def generate(path: Path, *, pages: int = PAGES, target_bytes: int = TARGET_BYTES) -> None:
    """Write a reportlab PDF whose every page carries its own incompressible image, so the file reaches target."""
    from PIL import Image
    from reportlab import rl_config
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    expansion = 1.25 if STREAMS == "ascii85" else 1.0  # ASCII85 writes 5 characters for every 4 bytes
    side = int((target_bytes / expansion / pages / 3) ** 0.5)  # RGB pixels per page that reach the target deflated
    previous, rl_config.useA85 = rl_config.useA85, int(STREAMS == "ascii85")
    try:
        document = canvas.Canvas(str(path), pagesize=A4)
        for number in range(1, pages + 1):
            image = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
            document.drawImage(ImageReader(image), 72, 300, width=450, height=450)
            document.drawString(72, 780, f"Scanned court order, page {number} of {pages}")
            document.showPage()
        document.save()
    finally:
        rl_config.useA85 = previous


def measure(path: Path) -> dict[str, object]:
    """Validate path in this process and report the verdict, wall time and the children's peak RSS."""
    sys.path.insert(0, str(ROOT))
    from documents.attachments import AttachmentLimits, validate_pdf

    limits = AttachmentLimits(max_bytes=60 * MIB, max_pages=PAGES)
    began = time.perf_counter()
    verdict = validate_pdf(path, limits=limits)
    seconds = time.perf_counter() - began
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # Linux reports KiB
    return {
        "code": verdict.code,
        "pages": verdict.pages,
        "seconds": round(seconds, 3),
        "peak_mb": round(peak_kib / 1024, 1),
    }


def _measure_in_fresh_process(path: Path) -> dict[str, object]:
    """Run measure() in a new interpreter, so RUSAGE_CHILDREN holds only the sandbox child of this one run."""
    command = [sys.executable, __file__, "--measure", str(path)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=MEASURE_TIMEOUT_S, check=True)
    return json.loads(done.stdout)


def _goals(result: dict[str, object]) -> dict[str, bool]:
    """Each goal and whether it holds."""
    return {
        "verdict ok with 2,000 pages": result["code"] == "ok" and result["pages"] == PAGES,
        f"wall time <= {MAX_SECONDS:.0f} s": float(result["seconds"]) <= MAX_SECONDS,  # type: ignore[arg-type]
        f"child peak RSS <= {MAX_PEAK_MB:.0f} MB": float(result["peak_mb"]) <= MAX_PEAK_MB,  # type: ignore[arg-type]
    }


def _write_json(result: dict[str, object], config: dict[str, object], goals: dict[str, bool]) -> None:
    """Write the figures, the configuration and the goals to bench/results/p3_attachment_intake.json."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    payload = {
        "benchmark": "P3 attachment intake",
        "finished_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "config": config,
        "result": result,
        "goals": goals,
        "all_goals_met": all(goals.values()),
    }
    path = RESULTS / "p3_attachment_intake.json"
    path.write_text(json.dumps(payload, indent=2) + "\n")
    _say(f"Results written to {path.relative_to(ROOT)}")


def main() -> int:
    """Run P3 and print its figures; 0 when it ran (goals met or not), 1 when it could not run."""
    _say(f"P3 attachment intake: validate_pdf on a ~{TARGET_BYTES // MIB} MB, {PAGES:,}-page reportlab PDF ({STREAMS})")
    with tempfile.TemporaryDirectory(prefix="p3-") as directory:
        path = Path(directory) / "upload.pdf"
        try:
            began = time.monotonic()
            generate(path)
            size = path.stat().st_size
            _say(f"generated {size / MIB:.1f} MiB in {time.monotonic() - began:.1f} s")
            load_before = [round(x, 2) for x in os.getloadavg()]
            result = _measure_in_fresh_process(path)
        except (OSError, subprocess.SubprocessError, ValueError) as exc:
            _say(f"P3 could not run: {exc}")
            return 1
    goals = _goals(result)
    _say(f"\n  verdict {result['code']}, {result['pages']} pages")
    _say(f"  wall time {result['seconds']:.2f} s, sandbox child peak RSS {result['peak_mb']:.0f} MB")
    for goal, held in goals.items():
        _say(f"  {'met   ' if held else 'MISSED'}  {goal}")
    _say(f"\nP3 {'met every goal' if all(goals.values()) else 'MISSED a goal'}.")
    config = {"file_mib": round(size / MIB, 1), "pages": PAGES, "streams": STREAMS, "max_bytes_mib": 60}
    config |= {"cpus": os.cpu_count(), "load_average_before": load_before}
    _write_json(result, config, goals)
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--measure"]:
        sys.stdout.write(json.dumps(measure(Path(sys.argv[2]))) + "\n")
        sys.exit(0)
    sys.exit(main())
