"""Run every benchmark module in bench/ (files named p<number>_<name>.py, each with a main()) in order."""

import importlib
import re
import signal
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
MODULE_NAME = re.compile(r"^p(\d+)_\w+$")


def benchmark_modules() -> list[str]:
    """Names of the benchmark modules, by number."""
    numbered = [(int(match[1]), path.stem) for path in BENCH.glob("p*_*.py") if (match := MODULE_NAME.match(path.stem))]
    return [name for _, name in sorted(numbered)]


def _terminate(signum: int, frame: object) -> None:
    """SIGTERM: unwind like Ctrl-C, so each benchmark's finally blocks stop what it started."""
    raise KeyboardInterrupt


def main() -> int:
    """Run each benchmark; exit 1 if any could not run (a missed goal is reported, not an error)."""
    # Even when started with SIGINT ignored (a background job), Ctrl-C and SIGTERM must reach our cleanup.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _terminate)
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    failed = []
    for name in benchmark_modules():
        try:
            code = importlib.import_module(name).main()
        except KeyboardInterrupt:
            sys.stdout.write(f"\n{name} interrupted.\n")
            return 130
        if code:
            failed.append(name)
        sys.stdout.write("\n")
    if failed:
        sys.stdout.write(f"Could not run: {', '.join(failed)}\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
