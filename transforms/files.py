"""Writing a file so readers never see half of it: a hidden temp file beside the target,
flushed to disk, then renamed over it in one step."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

TMP_SUFFIX = ".tmp"  # temp files are `.<name>.<random>.tmp`: hidden, and unique per writer


def temp_name(path: Path) -> Path:
    return path.with_name(f".{path.name}.{uuid.uuid4().hex[:12]}{TMP_SUFFIX}")


def write_atomically(path: Path, data: bytes, *, overwrite: bool = True) -> bool:
    """Write `path` all at once; with overwrite=False an existing file is left as it is and
    False is returned (a re-fetched message never rewrites what was landed). The file gets the
    process's usual mode (0666 minus the umask), not a private temp file's 0600: published
    folders are read by whoever serves them."""
    if not overwrite and path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_name(path)
    try:
        with tmp.open("xb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return True
