"""Headless Chromium (Debian /usr/bin/chromium) through playwright, with the network blocked."""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = os.environ.get("GEO_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars"]


def require_chromium() -> str:
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)) and not shutil.which("chromium"):
        raise AssertionError(f"headless Chromium is required for the map tests but {CHROMIUM} is missing "
                             "(apt-get install chromium; the CI script installs it)")
    return CHROMIUM if os.path.isfile(CHROMIUM) else shutil.which("chromium")


@dataclass
class PageLog:
    blocked: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)


@contextmanager
def browser_page(width: int = 1200, height: int = 800):
    from playwright.sync_api import sync_playwright

    exe = require_chromium()
    profile = tempfile.mkdtemp(prefix="geo-chromium-")
    log = PageLog()
    try:
        with sync_playwright() as pw:
            context = pw.chromium.launch_persistent_context(
                profile, executable_path=exe, headless=True, args=FLAGS,
                viewport={"width": width, "height": height})
            try:
                def route(r):
                    url = r.request.url
                    if url.startswith(("file://", "data:", "about:", "blob:")):
                        r.continue_()
                    else:
                        log.blocked.append(url)
                        r.abort()
                context.route("**/*", route)
                page = context.pages[0] if context.pages else context.new_page()

                def on_dialog(d):
                    log.dialogs.append(f"{d.type}: {d.message}")
                    d.dismiss()
                page.on("dialog", on_dialog)
                page.on("console", lambda m: log.console_errors.append(m.text) if m.type == "error" else None)
                page.on("pageerror", lambda e: log.page_errors.append(str(e)))
                yield page, log
            finally:
                context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def open_map(page, path: Path, timeout_ms: int = 30000) -> None:
    page.goto(Path(path).resolve().as_uri(), wait_until="load", timeout=timeout_ms)
    page.wait_for_selector(".leaflet-container[data-ready='1']", timeout=timeout_ms, state="attached")
