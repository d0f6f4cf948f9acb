"""geo map / geo export / geo extract on the real seed, in process (real pipeline, gazetteer, boundaries)."""

import json
from pathlib import Path

import pandas as pd
import pyogrio
import pytest
from PIL import Image

from geo.cli import main

ROOT = Path(__file__).resolve().parents[2]
SEED = str(ROOT / "seeds" / "000_4daba99e5e2777e4.txt")


def test_export_every_format(tmp_path):
    for fmt in ("geojson", "csv", "gpkg", "parquet"):
        out = tmp_path / f"seed.{fmt}"
        assert main(["export", SEED, "--format", fmt, "-o", str(out), "--published", "2021-11-17", "--quiet"]) == 0
        assert out.stat().st_size > 0
    assert len(json.loads((tmp_path / "seed.geojson").read_text())["features"]) >= 10
    frame = pd.read_csv(tmp_path / "seed.csv")
    assert {"event_date", "event_type", "fatalities", "latitude", "longitude"} <= set(frame.columns)
    assert len(pyogrio.read_dataframe(tmp_path / "seed.gpkg")) == len(frame)


def test_export_places_has_roles(tmp_path):
    out = tmp_path / "places.geojson"
    assert main(["export", SEED, "--format", "geojson", "-o", str(out), "--places", "--quiet"]) == 0
    roles = {f["properties"]["role"] for f in json.loads(out.read_text())["features"]}
    assert {"actor_metonym", "nationality", "event_location"} <= roles


def test_map_png_and_fragment(tmp_path):
    html, png = tmp_path / "maps" / "seed.html", tmp_path / "seed.png"
    assert main(["map", SEED, "--published", "2021-11-17", "-o", str(html), "--png", str(png), "--size", "640x480", "--quiet"]) == 0
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert Image.open(png).size == (640, 480)
    fragment = tmp_path / "fragment.html"
    assert main(["map", SEED, "-o", str(fragment), "--fragment", "--quiet"]) == 0
    text = fragment.read_text(encoding="utf-8")
    assert text.startswith("<iframe") and "srcdoc=" in text and "<script" not in text


@pytest.mark.parametrize("args", [
    ["map", SEED, "-o", "x.html", "--published", "17/11/2021"],
    ["map", SEED, "-o", "x.html", "--png", "x.png", "--size", "big"],
    ["export", SEED, "--format", "gpkg", "-o", "-"],
])
def test_bad_options_are_status_2(args, capsys):
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("geo: error:") and len(err.strip().splitlines()) == 1


def test_partial_failure_still_writes_the_map(tmp_path, capsys):
    out = tmp_path / "m.html"
    assert main(["map", SEED, str(tmp_path / "missing.txt"), "-o", str(out), "--quiet"]) == 1
    assert out.exists()
    assert "missing.txt: no such file" in capsys.readouterr().err
