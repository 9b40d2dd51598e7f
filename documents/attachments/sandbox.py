"""The confined child: `python -m documents.attachments.sandbox PATH [--limits JSON]` prints one JSON verdict line.

validation.py starts it; it confines itself with rlimits before pypdf is even imported, and only ever reads PATH.
RLIMIT_FSIZE is 0, so stdout must be a pipe: the child cannot write to a regular file, a redirected stdout included.
"""

import argparse
import json
import sys
from pathlib import Path

from documents.confinement import confine

from .validation import AttachmentLimits, Code


def configure_pypdf(limits: AttachmentLimits) -> None:
    """Tighten pypdf's own limits to ours, and stop it from running the external jbig2dec program."""
    import pypdf

    per_stream = limits.max_stream_bytes
    pypdf.overwrite_configuration(
        maximum_declared_stream_length=limits.max_bytes,
        zlib_maximum_output_length=per_stream,
        lzw_maximum_output_length=per_stream,
        run_length_maximum_output_length=per_stream,
        brotli_maximum_output_length=per_stream,
        jbig2_maximum_output_length=per_stream,
        array_based_stream_maximum_output_length=per_stream,
        image_maximum_buffer_size=per_stream,
        jbig2dec_binary=None,
        disable_legacy_handling=True,
    )


def check(path: Path, limits: AttachmentLimits) -> tuple[Code, int]:
    """Confine this process, then inspect the file; pypdf is imported only once the limits are in force."""
    confine(limits.process())
    try:
        configure_pypdf(limits)
        from .inspection import inspect_pdf
    except MemoryError:
        return Code.RESOURCE_LIMIT, 0
    return inspect_pdf(path, limits)


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments, check the file and print {"code": ..., "pages": ...} on one line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path", type=Path)
    parser.add_argument("--limits", type=json.loads, default={})
    arguments = parser.parse_args(argv)
    verdict_out, sys.stdout = sys.stdout, sys.stderr  # nothing pypdf prints can corrupt the verdict line
    code, pages = check(arguments.path, AttachmentLimits(**arguments.limits))
    verdict_out.write(json.dumps({"code": code, "pages": pages}) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
