"""Coverage-guided fuzzing (atheris) of every registered landing parser.

Each parser of transforms.sources.SOURCES is fuzzed in its own child process for FUZZ_SECONDS
seconds (default 60), seeded with the hand-written fixtures (tests/fixtures, tests/hostile) of
the suffixes it accepts. An input is written to a temp file whose suffix is picked by its first
byte, then read through `SOURCES[folder].read`, as the refresh does. A `FileRejected` is the
expected answer to junk; any other exception, a run above 1 GiB RSS or a single input slower than
10 s is a finding: libFuzzer stops that parser and leaves the input in FUZZ_ARTIFACTS.

    make fuzz                      # every parser, FUZZ_SECONDS each
    make fuzz-smoke                # 5 s each
    python bench/fuzz_parsers.py whatsapp web   # some parsers only
    python bench/fuzz_parsers.py --replay web /tmp/ppid-fuzz/web-crash-…   # show a finding

Prints the number of cases tried per parser, and exits non-zero when any parser had a finding.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED_DIRS = (ROOT / "tests" / "fixtures", ROOT / "tests" / "hostile")
MAX_LEN = 65536  # bytes per fuzz input; seeds above it are skipped
RSS_LIMIT_MB = 1024
INPUT_TIMEOUT_S = 10


def _suffixes(folder: str) -> list[str]:
    from transforms.sources import SOURCES

    return sorted(SOURCES[folder].suffixes)


def seed_corpus(folder: str, into: Path) -> int:
    """Copy the fixtures the parser accepts, each prefixed by the byte that selects its suffix."""
    suffixes = _suffixes(folder)
    n = 0
    for base in SEED_DIRS:
        for path in sorted(base.rglob("*")):
            if not path.is_file() or path.stat().st_size > MAX_LEN - 1:
                continue
            suffix = path.suffix.lower()
            if suffix not in suffixes or (suffix == "" and folder != "email"):
                continue
            n += 1
            (into / f"seed{n:04d}").write_bytes(bytes([suffixes.index(suffix)]) + path.read_bytes())
    return n


def child(folder: str, argv: list[str]) -> None:
    """The libFuzzer process of one parser (never returns)."""
    import atheris

    with atheris.instrument_imports(include=["transforms"]):
        from transforms.models import FileRejected
        from transforms.sources import SOURCES

        source = SOURCES[folder]
        source.parse()  # import (and instrument) the parser module now
    suffixes = _suffixes(folder)
    work = Path(tempfile.mkdtemp(prefix=f"fuzz-{folder}-"))
    # the survey parser reads the body code from the path: <landing>/<kode>/<folder>/<file>
    target_dir = work / "diskopukm" / folder
    target_dir.mkdir(parents=True)

    def one_input(data: bytes) -> None:
        if not data:
            return
        path = target_dir / f"berkas{suffixes[data[0] % len(suffixes)]}"
        path.write_bytes(data[1:])
        with contextlib.suppress(FileRejected):
            source.read(path)

    atheris.Setup([sys.argv[0], *argv], one_input)
    atheris.Fuzz()


def replay(folder: str, artifact: Path) -> None:
    """Read one finding (`--replay <folder> <file>`) through the parser, outside libFuzzer, so
    that its traceback shows."""
    from transforms.models import FileRejected
    from transforms.sources import SOURCES

    data = artifact.read_bytes()
    suffixes = _suffixes(folder)
    target = Path(tempfile.mkdtemp(prefix="fuzz-replay-")) / "diskopukm" / folder
    target.mkdir(parents=True)
    path = target / f"berkas{suffixes[data[0] % len(suffixes)]}"
    path.write_bytes(data[1:])
    try:
        result = SOURCES[folder].read(path)
        print(f"{path.name}: {len(result.rows)} rows, {len(result.quarantined)} quarantined")
    except FileRejected as exc:
        print(f"{path.name}: rejected: {exc.reason}")


def run(folder: str, seconds: int, artifacts: Path) -> tuple[int, bool]:
    """Fuzz one parser in a child process; (cases tried, finding?)."""
    with tempfile.TemporaryDirectory(prefix=f"fuzz-corpus-{folder}-") as corpus:
        seed_corpus(folder, Path(corpus))
        proc = subprocess.run(
            [
                sys.executable,
                __file__,
                "--child",
                folder,
                f"-max_total_time={seconds}",
                f"-max_len={MAX_LEN}",
                f"-rss_limit_mb={RSS_LIMIT_MB}",
                f"-timeout={INPUT_TIMEOUT_S}",
                f"-artifact_prefix={artifacts}/{folder}-",
                "-print_final_stats=1",
                corpus,
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env=dict(os.environ, OPENBLAS_NUM_THREADS="1"),
        )
    log = proc.stderr
    runs = re.findall(r"stat::number_of_executed_units:\s*(\d+)", log) or re.findall(
        r"Done (\d+) runs", log
    )
    if proc.returncode != 0:
        sys.stderr.write(log[-4000:])
    return (int(runs[-1]) if runs else 0), proc.returncode != 0


def main(argv: list[str]) -> int:
    if argv[:1] == ["--child"]:
        child(argv[1], argv[2:])
        return 0
    if argv[:1] == ["--replay"]:
        replay(argv[1], Path(argv[2]))
        return 0
    from transforms.sources import SOURCES

    seconds = int(os.environ.get("FUZZ_SECONDS", "60"))
    artifacts = Path(os.environ.get("FUZZ_ARTIFACTS", tempfile.gettempdir() + "/ppid-fuzz"))
    artifacts.mkdir(parents=True, exist_ok=True)
    folders = argv or list(SOURCES)
    failed = []
    print(f"fuzzing {len(folders)} parsers, {seconds} s each; findings in {artifacts}")
    for folder in folders:
        runs, finding = run(folder, seconds, artifacts)
        print(f"{folder:10s} {runs:>9,d} cases in {seconds} s  {'FINDING' if finding else 'ok'}")
        if finding:
            failed.append(folder)
    if failed:
        print("findings in: " + ", ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main(sys.argv[1:]))
