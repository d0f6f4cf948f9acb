"""PNG of a saved map through headless Chromium (no network, fresh profile)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from geo.cli import UsageError

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")


class ChromiumMissing(UsageError):
    """No headless Chromium to render a PNG with."""


def find_chromium() -> str:
    env = os.environ.get("GEO_CHROMIUM")
    for candidate in ((env,) if env else ()) + CHROMIUM_CANDIDATES:
        path = candidate if os.path.isabs(candidate) else shutil.which(candidate)
        if path and os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    raise ChromiumMissing("--png needs headless Chromium, which was not found (install Debian package `chromium` or set GEO_CHROMIUM)")


def parse_size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(x) for x in text.lower().split("x"))
    except ValueError:
        raise UsageError(f"--size must look like 1200x800, not {text!r}") from None
    if not (100 <= w <= 8000 and 100 <= h <= 8000):
        raise UsageError(f"--size {text} is outside 100x100 … 8000x8000")
    return w, h


def render_png(html_path: str | os.PathLike, png_path: str | os.PathLike, *, size: tuple[int, int] = (1200, 800),
               budget_ms: int = 3000, timeout: float = 120) -> Path:
    """Screenshot `html_path` into `png_path` (written atomically)."""
    exe = find_chromium()
    html_path = Path(html_path).resolve()
    png_path = Path(png_path)
    png_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="geo-chromium-") as profile:
        fd, tmp = tempfile.mkstemp(prefix=f".{png_path.stem}.", suffix=".png", dir=png_path.parent)
        os.close(fd)
        cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={profile}", "--hide-scrollbars", f"--window-size={size[0]},{size[1]}",
               f"--virtual-time-budget={budget_ms}", f"--screenshot={os.path.abspath(tmp)}", html_path.as_uri()]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
            if proc.returncode != 0 or os.path.getsize(tmp) == 0:
                tail = (proc.stderr or "").strip().splitlines()[-1:] or ["no output"]
                raise RuntimeError(f"chromium failed to render {html_path.name} (status {proc.returncode}): {tail[0]}")
            os.chmod(tmp, 0o644)
            os.replace(tmp, png_path)
        except subprocess.TimeoutExpired:
            raise RuntimeError(f"chromium timed out rendering {html_path.name}") from None
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    return png_path
