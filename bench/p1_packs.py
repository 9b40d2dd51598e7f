"""P1: time and peak memory to build a referral pack for one home, and for all 14, against LibreOffice and qpdf.

The reference case is the fullest v4 mock referral with three attachments totalling 300 pages. The pack is built
by the real renderer (forms_engine.packs.service.pack_write) from an in-memory source, so no database is needed;
every pack is built, as in production, in a confined fork of the process (documents.confinement). The contents
and sections are the same for every home of a referral and a worker reuses them: "per home" is a build with them
reused, "a referral's first home" one without, and the fan-out starts every worker without them.
Comparisons, on the same content:
- LibreOffice route: the docxtpl DOCX -> `soffice --headless --convert-to pdf` -> pypdf merge with the attachments.
- qpdf: merging the same own pages and attachments and overlaying the same footer pages (`qpdf --overlay`),
  against our merge and stamp: the referral's merge (pdf_merge.shared_pdf, with reading the attachments) plus one
  home's stamped file (pdf_assemble.pack_pdf), which is the part qpdf can do.
"""

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results"
HOMES = 14
RUNS = 7
WORKERS = int(os.environ.get("Q_WORKERS", "2"))  # the django-q2 cluster's workers, as `make run` starts it
_FAN: dict[str, object] = {}
ATTACHMENT_PAGES = (100, 120, 80)  # 300 pages in three documents
INSTALL_TIMEOUT_S = 600
GOALS = {"per_home_s": 0.5, "vs_libreoffice": 10.0, "vs_qpdf": 3.0, "fan_out_s": 3.0, "peak_mb": 300.0}


def _say(text: str = "") -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()


def _attachment(path: Path, pages: int, title: str) -> None:
    """A text-and-drawing PDF like a scanned report turned to text: one heading and a paragraph block per page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for number in range(1, pages + 1):
        page.setFont("Helvetica-Bold", 13)
        page.drawString(60, 790, f"{title} — page {number} of {pages}")
        page.setFont("Helvetica", 9.5)
        for line in range(60):
            page.drawString(60, 760 - line * 11.5, f"Line {line + 1}: synthetic record text for the benchmark. " * 2)
        page.rect(50, 40, 495, 740)
        page.showPage()
    page.save()


def _source(folder: Path):  # type: ignore[no-untyped-def]
    """The fullest v4 mock referral, as an unsaved version and source, with three attachments of 300 pages."""
    from forms_engine.definitions import VERSIONS
    from forms_engine.mocks import MOCKS
    from forms_engine.models import Form, FormVersion
    from forms_engine.packs.content import PackSource, SourceDocument
    from forms_engine.packs.identity import bytes_sha256, file_sha256
    from vocabulary.codelists import CODE_LISTS

    spec = next(s for s in VERSIONS if s["number"] == 4)
    form = Form(key="san-referral", title="SAN secure welfare referral form")
    version = FormVersion(form=form, number=4, label=spec["label"], schema=spec["schema"], code_lists=CODE_LISTS)
    version.schema_hash = version.content_hash()  # as publishing a version stores it
    mock = max((m for m in MOCKS if m.version_number == 4), key=lambda m: len(json.dumps(m.answers)))
    keys = ["attachment_court_order", "attachment_care_plan", "attachment_chronology"]
    documents, answers = [], dict(mock.answers)
    for key, pages in zip(keys, ATTACHMENT_PAGES, strict=True):
        path = folder / f"{key}.pdf"
        _attachment(path, pages, key.replace("attachment_", "").replace("_", " ").title())
        documents.append(SourceDocument(key, path.name, path, file_sha256(path)))
        answers[key] = [path.name]
    answers_hash = bytes_sha256(json.dumps(answers, sort_keys=True).encode())
    source = PackSource(version, answers, documents, mock.reference, answers_hash, mock.local_authority_name, "Officer")
    return source, mock


def _template(source):  # type: ignore[no-untyped-def]
    from forms_engine.packs.identity import TemplateRef, file_sha256, shipped_template_path, templates_root

    path = shipped_template_path(source.version)
    return TemplateRef(path, file_sha256(path), path.relative_to(templates_root()).as_posix())


def _issued():  # type: ignore[no-untyped-def]
    import datetime

    return datetime.datetime(2025, 3, 10, 9, 0, tzinfo=datetime.UTC)


def _build(source, template, slug: str, out: Path) -> float:  # type: ignore[no-untyped-def]
    from forms_engine.packs.service import Recipient, pack_write

    began = time.perf_counter()
    pack_write(
        source=source, recipient=Recipient(slug, f"Home {slug}"), template=template, out_dir=out, issued_at=_issued()
    )
    return time.perf_counter() - began


def _forget() -> None:
    """Drop the worker's shared contents and sections, so that the next build is a referral's first (cold)."""
    from forms_engine.packs.shared import shared_forget

    shared_forget()


def _fan_build(number: int, *, warm_up: bool = False) -> float:
    """One home's pack in a pool worker (forked with the source and template already loaded)."""
    seconds = _build(_FAN["source"], _FAN["template"], f"fan-{number}", _FAN["folder"] / f"fan-{number}")  # type: ignore[operator]
    if warm_up:
        _forget()  # warm imports and fonts, as a running cluster has, but not this referral's pages
    return seconds


def _fan_warm_up(number: int) -> float:
    return _fan_build(number, warm_up=True)


def _fan_out(source, template, folder: Path) -> float:  # type: ignore[no-untyped-def]
    """All 14 homes on WORKERS processes, as the django-q2 cluster builds one job per home."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    _FAN.update(source=source, template=template, folder=folder)
    _forget()  # the pool's workers are forks of this process
    with ProcessPoolExecutor(max_workers=WORKERS, mp_context=multiprocessing.get_context("fork")) as pool:
        list(pool.map(_fan_warm_up, range(100, 100 + 2 * WORKERS)))  # warm the workers, as a running cluster is
        began = time.perf_counter()
        list(pool.map(_fan_build, range(HOMES)))
        return time.perf_counter() - began


def measure_one(folder: Path) -> dict[str, float]:
    """In a fresh interpreter: build one pack (a referral's first) and report the peak RSS of the worker or its child.

    The child's RSS counts the pages it shares with the worker, so the larger of the two is the peak.
    """
    _django()
    source, _ = _source(folder)
    seconds = _build(source, _template(source), "peak-home", folder / "peak")
    peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return {"seconds": seconds, "peak_mb": peak / 1024}


def _stages(source, template, folder: Path) -> dict[str, float | int | bytes]:  # type: ignore[no-untyped-def]
    """Our stages, timed: content, DOCX and cover for one home; the referral's once-only layout of the contents and
    sections and its merge with the attachments; then one home's PDF written from the merged pages."""
    from pypdf import PdfReader

    from forms_engine.packs.docx import pack_docx
    from forms_engine.packs.pdf_assemble import pack_pdf
    from forms_engine.packs.pdf_body import body_pdf, cover_pdf
    from forms_engine.packs.pdf_merge import attachment_read, shared_pdf
    from forms_engine.packs.service import Recipient, pack_content

    times: dict[str, float | int | bytes] = {}
    began = time.perf_counter()
    content = pack_content(
        source, Recipient("stage-home", "Stage Home"), template_sha256=template.sha256, issued_at=_issued()
    )
    times["content_s"] = time.perf_counter() - began
    began = time.perf_counter()
    times["docx"] = pack_docx(template.path, content)
    times["docx_s"] = time.perf_counter() - began
    began = time.perf_counter()
    cover = cover_pdf(content)
    times["cover_s"] = time.perf_counter() - began
    began = time.perf_counter()
    attachments = [attachment_read(a.label, a.path.read_bytes(), a.sha256) for a in content.attachments]
    pages = [len(a.reader.pages) for a in attachments]
    read = time.perf_counter() - began
    began = time.perf_counter()
    body = body_pdf(content.sections, content.attachments, pages, cover.pages + 1)
    times["referral_layout_s"] = time.perf_counter() - began
    began = time.perf_counter()
    shared = shared_pdf(body, attachments)
    times["referral_merge_s"] = read + time.perf_counter() - began
    began = time.perf_counter()
    pdf = pack_pdf(content, cover, shared, _issued())
    times["home_pdf_s"] = time.perf_counter() - began
    times["merge_stamp_s"] = float(times["referral_merge_s"]) + float(times["home_pdf_s"])
    times["cover_pdf"], times["body_pdf"] = cover.data, body.data
    times["pages"] = len(PdfReader(__import__("io").BytesIO(pdf)).pages)
    return times


def _install(*packages: str) -> None:
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return
    _say(f"installing {' '.join(packages)} from Debian (apt-get) ...")
    try:
        subprocess.run(
            ["apt-get", "install", "-y", "--no-install-recommends", *packages],
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
            capture_output=True,
            timeout=INSTALL_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        _say("apt-get took too long")


def _libreoffice(docx: bytes, source, folder: Path) -> float | None:  # type: ignore[no-untyped-def]
    """docxtpl DOCX -> soffice PDF -> pypdf merge with the attachments; None when soffice is not available."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    from pypdf import PdfReader, PdfWriter

    work = folder / "lo"
    work.mkdir(exist_ok=True)
    (work / "pack.docx").write_bytes(docx)
    profile = f"-env:UserInstallation=file://{work / 'profile'}"
    subprocess.run(
        [soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(work), str(work / "pack.docx")],
        capture_output=True,
        timeout=300,
        check=True,
    )  # warm-up: first start creates the profile
    began = time.perf_counter()
    subprocess.run(
        [soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(work), str(work / "pack.docx")],
        capture_output=True,
        timeout=300,
        check=True,
    )
    writer = PdfWriter()
    writer.append(PdfReader(work / "pack.pdf"))
    for document in source.documents:
        writer.append(PdfReader(document.path))
    writer.write(work / "merged.pdf")
    return time.perf_counter() - began


def _qpdf(cover_pdf: bytes, body_pdf: bytes, source, folder: Path) -> float | None:  # type: ignore[no-untyped-def]
    """qpdf merging the same own pages and attachments, then overlaying one stamp page per page."""
    qpdf = shutil.which("qpdf")
    if qpdf is None:
        return None
    from reportlab.pdfgen import canvas

    work = folder / "qpdf"
    work.mkdir(exist_ok=True)
    (work / "cover.pdf").write_bytes(cover_pdf)
    (work / "body.pdf").write_bytes(body_pdf)
    own = [work / "cover.pdf", work / "body.pdf"]
    total = sum(ATTACHMENT_PAGES) + sum(len(__import__("pypdf").PdfReader(path).pages) for path in own)
    stamp = canvas.Canvas(str(work / "overlay.pdf"), invariant=1)
    for number in range(1, total + 1):
        stamp.drawCentredString(297, 20, f"Issued to Home | Pack PK-XXXX | Page {number} of {total}")
        stamp.showPage()
    stamp.save()
    began = time.perf_counter()
    inputs = [*(str(path) for path in own), *(str(d.path) for d in source.documents)]
    subprocess.run([qpdf, "--empty", "--pages", *inputs, "--", str(work / "merged.pdf")], check=True)
    subprocess.run(
        [qpdf, str(work / "merged.pdf"), "--overlay", str(work / "overlay.pdf"), "--", str(work / "stamped.pdf")],
        check=True,
    )
    return time.perf_counter() - began


def _peak(folder: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--measure-one", str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return json.loads(done.stdout.splitlines()[-1])


def _report(result: dict[str, object]) -> dict[str, bool | None]:
    lo, qp = result["vs_libreoffice"], result["vs_qpdf"]
    return {
        f"median per home <= {GOALS['per_home_s']} s": result["median_per_home_s"] <= GOALS["per_home_s"],  # type: ignore[operator]
        f">= {GOALS['vs_libreoffice']:.0f}x faster than LibreOffice": None
        if lo is None
        else lo >= GOALS["vs_libreoffice"],  # type: ignore[operator]
        f"merge and stamp within {GOALS['vs_qpdf']:.0f}x of qpdf": None if qp is None else qp <= GOALS["vs_qpdf"],  # type: ignore[operator]
        f"{HOMES} homes <= {GOALS['fan_out_s']:.0f} s on {WORKERS} workers": result["fan_out_s"] <= GOALS["fan_out_s"],  # type: ignore[operator]
        f"peak <= {GOALS['peak_mb']:.0f} MB": result["peak_mb"] <= GOALS["peak_mb"],  # type: ignore[operator]
    }


def main() -> int:
    """Run P1 and print its figures; 0 when it ran (goals met or not), 1 when it could not run."""
    _say(f"P1 packs: the fullest v4 mock referral with three attachments ({sum(ATTACHMENT_PAGES)} pages)")
    _django()
    if not (shutil.which("soffice") and shutil.which("qpdf")):
        _install("qpdf", "libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory(prefix="p1-") as directory:
        folder = Path(directory)
        try:
            source, mock = _source(folder)
            template = _template(source)
            _build(source, template, "warm-up", folder / "warm")
            cold = []
            for n in range(3):
                _forget()
                cold.append(_build(source, template, f"cold-{n}", folder / f"cold-{n}"))
            times = [_build(source, template, f"home-{n}", folder / f"run-{n}") for n in range(RUNS)]
            _forget()
            began = time.perf_counter()
            for n in range(HOMES):
                _build(source, template, f"seq-{n}", folder / f"seq-{n}")
            sequential = time.perf_counter() - began
            fan_out = _fan_out(source, template, folder)
            stages = _stages(source, template, folder)
            peak = _peak(folder)
            lo = _libreoffice(stages["docx"], source, folder)  # type: ignore[arg-type]
            qp = _qpdf(stages["cover_pdf"], stages["body_pdf"], source, folder)  # type: ignore[arg-type]
        except (OSError, subprocess.SubprocessError, ValueError) as error:
            _say(f"P1 could not run: {error}")
            return 1
    median = statistics.median(times)
    result: dict[str, object] = {
        "mock": mock.key,
        "pdf_pages": stages["pages"],
        "median_per_home_s": round(median, 3),
        "runs_s": [round(t, 3) for t in times],
        "first_home_s": round(statistics.median(cold), 3),
        "vs_libreoffice_first_home": None if lo is None else round(lo / statistics.median(cold), 1),
        "stages_s": {k: round(v, 3) for k, v in stages.items() if k.endswith("_s")},  # type: ignore[misc]
        "fan_out_s": round(fan_out, 2),
        "fan_out_workers": WORKERS,
        "sequential_14_s": round(sequential, 2),
        "peak_mb": round(peak["peak_mb"], 1),
        "libreoffice_s": None if lo is None else round(lo, 2),
        "vs_libreoffice": None if lo is None else round(lo / median, 1),
        "qpdf_s": None if qp is None else round(qp, 3),
        "vs_qpdf": None if qp is None else round(float(stages["merge_stamp_s"]) / qp, 2),  # type: ignore[arg-type]
    }
    goals = _report(result)
    _say(
        f"\n  {result['pdf_pages']} PDF pages; median {median:.3f} s per home over {RUNS} runs (contents and "
        f"sections reused); a referral's first home {result['first_home_s']} s; peak {result['peak_mb']} MB"
    )
    _say(f"  stages for one home: {result['stages_s']}")
    _say(f"  fan-out to {HOMES} homes: {fan_out:.2f} s on {WORKERS} workers ({sequential:.2f} s one after another)")
    _say(
        "  LibreOffice route: "
        + (
            "not available (soffice missing)"
            if lo is None
            else f"{lo:.2f} s, ours is {result['vs_libreoffice']}x faster "
            f"({result['vs_libreoffice_first_home']}x for a referral's first home)"
        )
    )
    _say(
        "  qpdf merge + overlay: "
        + (
            "not available (qpdf missing)"
            if qp is None
            else f"{qp:.3f} s; our merge and stamp stage is {result['vs_qpdf']}x qpdf"
        )
    )
    for goal, held in goals.items():
        _say(f"  {'n/a   ' if held is None else 'met   ' if held else 'MISSED'}  {goal}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    payload = {
        "benchmark": "P1 packs",
        "finished_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "result": result,
        "goals": goals,
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    (RESULTS / "p1_packs.json").write_text(json.dumps(payload, indent=2) + "\n")
    _say("Results written to bench/results/p1_packs.json")
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--measure-one"]:
        sys.stdout.write(json.dumps(measure_one(Path(sys.argv[2]))) + "\n")
        sys.exit(0)
    sys.exit(main())
