"""Writing output files whole or not at all: a temp file beside the target, then os.replace.

An interrupted or failed write leaves the previous file (or none), never half
of one. Errors the user can act on (no such directory, disk full) become one
OutputError line."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class OutputError(Exception):
    """An output path that cannot be written; str() is a one-line reason."""


def write_atomic(path: str | os.PathLike, data: str | bytes, *, encoding: str = "utf-8") -> Path:
    """Write `data` to a temporary file next to `path`, then os.replace it into place."""
    return atomic_target(path, lambda tmp: Path(tmp).write_bytes(data.encode(encoding) if isinstance(data, str) else data))


def atomic_target(path: str | os.PathLike, writer) -> Path:
    """Call writer(tmp_path) on a temp path in the target directory (same suffix), then os.replace."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix, dir=path.parent)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    os.close(fd)
    os.unlink(tmp)  # some drivers (GPKG) refuse to open an existing empty file
    try:
        writer(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as exc:
        for leftover in (tmp, tmp + "-journal", tmp + "-wal", tmp + "-shm"):
            try:
                os.unlink(leftover)
            except FileNotFoundError:
                pass
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
        raise
    return path
