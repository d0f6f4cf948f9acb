"""Make a rendered folium/Leaflet HTML page self-contained.

Every `<script src>` and `<link rel=stylesheet href>` is replaced by the
content of a pinned local copy (the XStatic packages listed in pyproject),
CSS `url()` references become data URIs, and anything that cannot be
inlined is an error: a saved map never depends on a CDN.
"""

from __future__ import annotations

import base64
import mimetypes
import os
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit


class OfflineError(RuntimeError):
    """The page references a resource no pinned package provides."""


def _xstatic_dir(module: str) -> Path:
    import importlib

    return Path(importlib.import_module(f"xstatic.pkg.{module}").BASE_DIR)


# basename of a URL (as folium and its plugins write them) → (xstatic module, file)
_ASSETS: dict[str, tuple[str, str]] = {
    "leaflet.js": ("leaflet", "leaflet.js"),
    "leaflet-src.js": ("leaflet", "leaflet.js"),
    "leaflet.css": ("leaflet", "leaflet.css"),
    "jquery.js": ("jquery", "jquery.min.js"),
    "jquery.min.js": ("jquery", "jquery.min.js"),
    "jquery-3.7.1.js": ("jquery", "jquery.min.js"),
    "jquery-3.7.1.min.js": ("jquery", "jquery.min.js"),
    "leaflet.markercluster.js": ("leaflet_markercluster", "leaflet.markercluster.js"),
    "leaflet.markercluster-src.js": ("leaflet_markercluster", "leaflet.markercluster.js"),
    "MarkerCluster.css": ("leaflet_markercluster", "MarkerCluster.css"),
    "MarkerCluster.Default.css": ("leaflet_markercluster", "MarkerCluster.Default.css"),
}

#: the canonical URLs folium writes for Leaflet; `geo` keeps them so the inliner maps them
LEAFLET_JS = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"
LEAFLET_CSS = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css"

_SCRIPT_SRC = re.compile(r"<script\b[^>]*?\bsrc\s*=\s*([\"']?)([^\"'\s>]+)\1[^>]*>\s*</script\s*>", re.I | re.S)
_LINK = re.compile(r"<link\b[^>]*>", re.I | re.S)
_HREF = re.compile(r"\bhref\s*=\s*([\"']?)([^\"'\s>]+)\1", re.I)
_CSS_URL = re.compile(r"url\(\s*([\"']?)([^\"')]+)\1\s*\)", re.I)
_LEFT_SCRIPT = re.compile(r"<script\b[^>]*\bsrc\s*=", re.I)
_LEFT_LINK = re.compile(r"<link\b[^>]*\bhref\s*=\s*[\"']?([^\"'\s>]+)", re.I)


def asset_path(url: str) -> Path:
    """The pinned local file standing in for `url`; OfflineError when there is none."""
    name = os.path.basename(urlsplit(url).path)
    try:
        module, filename = _ASSETS[name]
    except KeyError:
        raise OfflineError(f"no pinned offline copy of {url!r}; the map would need the network") from None
    path = _xstatic_dir(module) / filename
    if not path.is_file():
        raise OfflineError(f"pinned asset missing: {path}")
    return path


@lru_cache(maxsize=None)
def _data_uri(path: Path) -> str:
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{mime};base64," + base64.b64encode(path.read_bytes()).decode("ascii")


@lru_cache(maxsize=None)
def inline_css(path: Path) -> str:
    """CSS text with every relative `url()` turned into a data URI."""
    text = path.read_text(encoding="utf-8")

    def repl(m: re.Match) -> str:
        ref = m.group(2).strip()
        if ref.startswith(("data:", "#")):
            return m.group(0)
        if re.match(r"^([a-z]+:)?//", ref, re.I):
            raise OfflineError(f"{path.name} references remote {ref!r}")
        target = (path.parent / ref.split("?")[0].split("#")[0]).resolve()
        if not target.is_file():
            raise OfflineError(f"{path.name} references missing {ref!r}")
        return f'url("{_data_uri(target)}")'

    text = _CSS_URL.sub(repl, text)
    if re.search(r"@import", text, re.I):
        raise OfflineError(f"{path.name} uses @import")
    return text.replace("</style", "<\\/style")


@lru_cache(maxsize=None)
def inline_js(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    if re.search(r"</script", text, re.I):
        raise OfflineError(f"{path.name} contains '</script' and cannot be inlined safely")
    return text


def default_icon_script() -> str:
    """Leaflet's default marker icon as data URIs (an inlined leaflet.css breaks its image path)."""
    images = _xstatic_dir("leaflet") / "images"
    return (
        "<script>L.Icon.Default.imagePath='';L.Icon.Default.mergeOptions({"
        f"iconUrl:'{_data_uri(images / 'marker-icon.png')}',"
        f"iconRetinaUrl:'{_data_uri(images / 'marker-icon-2x.png')}',"
        f"shadowUrl:'{_data_uri(images / 'marker-shadow.png')}'}});</script>"
    )


def make_offline(html: str) -> str:
    """Inline every script and stylesheet of `html`; raise OfflineError if anything remote would remain."""
    leaflet_seen = False

    def script(m: re.Match) -> str:
        nonlocal leaflet_seen
        path = asset_path(m.group(2))
        out = f"<script>{inline_js(path)}</script>"
        if path.name == "leaflet.js" and not leaflet_seen:
            leaflet_seen = True
            out += default_icon_script()
        return out

    def link(m: re.Match) -> str:
        tag = m.group(0)
        href = _HREF.search(tag)
        if not href:
            return tag
        if not re.search(r"\brel\s*=\s*[\"']?stylesheet", tag, re.I):
            raise OfflineError(f"cannot inline <link> to {href.group(2)!r}")
        return f"<style>{inline_css(asset_path(href.group(2)))}</style>"

    html = _SCRIPT_SRC.sub(script, html)
    html = _LINK.sub(link, html)
    check_offline(html)
    return html


def check_offline(html: str) -> None:
    """Fail loudly if any `<script src>` or `<link href>` remains."""
    if _LEFT_SCRIPT.search(html):
        raise OfflineError("a <script src=…> would remain in the saved HTML")
    left = _LEFT_LINK.search(html)
    if left:
        raise OfflineError(f"a <link href={left.group(1)!r}> would remain in the saved HTML")
