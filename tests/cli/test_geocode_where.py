"""The CLI as a user runs it: a real process, real gazetteer and boundary files."""

import json
import subprocess
import sys

import pytest


def geo(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "geo", *args], capture_output=True, text=True, input=stdin, timeout=300)


@pytest.mark.parametrize("name,geonameid", [
    ("باكو", 587084), ("Baku", 587084), ("يريفان", 616052), ("Ереван", 616052),
    ("خانكندي", 146970), ("Stepanakert", 146970),
])
def test_geocode_puts_the_city_first(name, geonameid):
    out = geo("geocode", name, "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)[0]["geonameid"] == geonameid


@pytest.mark.parametrize("name", ["كاراباخ", "ناغورني قره باغ", "ناغورنو كاراباخ", "Nagorno-Karabakh"])
def test_geocode_karabakh_is_the_area_with_a_polygon(name):
    first = json.loads(geo("geocode", name, "--json").stdout)[0]
    assert first["id"] == "area:nkao"
    assert first["geometry"]["type"] in ("Polygon", "MultiPolygon")


def test_where_in_shusha_and_yerevan():
    shusha = json.loads(geo("where", "46.75", "39.76", "--json").stdout)
    assert shusha["country"] == "AZ"
    assert shusha["admin1"] in ("Şuşa", "Shusha")
    assert shusha["disputed_area"] == "Nagorno-Karabakh"
    assert shusha["distance_to_border_km"] < 60
    yerevan = json.loads(geo("where", "44.51", "40.18", "--json").stdout)
    assert (yerevan["country"], yerevan["admin1"]) == ("AM", "Yerevan")


def test_where_at_sea_is_no_country_and_no_error():
    sea = geo("where", "-30", "30", "--json")
    assert sea.returncode == 0
    assert json.loads(sea.stdout)["country"] is None


@pytest.mark.parametrize("args,message", [
    (["geocode", ""], "empty"),
    (["geocode", "x" * 10240], "characters long"),
    (["where", "44.5", "95"], "latitude must be between"),
    (["where", "east", "40"], "longitude must be a number"),
    (["where", "nan", "40"], "longitude must be between"),
    (["geocode", "Baku", "--limit", "0"], "at least 1"),
    (["nonsense"], "invalid choice"),
])
def test_bad_input_is_one_line_and_status_2(args, message):
    out = geo(*args)
    assert out.returncode == 2
    assert message in out.stderr
    assert "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


def test_help_lists_every_command():
    out = geo("--help")
    assert out.returncode == 0
    for command in ("geocode", "where", "extract", "map", "export"):
        assert command in out.stdout
