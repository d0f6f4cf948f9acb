"""Opt-in online geocoding on loopback only: refused, garbage and useful answers."""

import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

TEXT = b"Clashes were reported in Kingston and near Newcastle on Monday."


def geo_places(*extra):
    out = subprocess.run([sys.executable, "-m", "geo", "extract", "-", "--places", "--format", "jsonl", *extra],
                         input=TEXT, capture_output=True, timeout=300)
    rows = [json.loads(line)["properties"] for line in out.stdout.decode().splitlines()]
    return out, {r["mention"]: r for r in rows}


@pytest.fixture
def server():
    """A local stand-in for a Nominatim server; its handler's reply is set per test."""
    replies = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = replies["body"](self.path)
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1], replies
    httpd.shutdown()


def test_offline_by_default_and_the_same_answer_when_the_network_is_absent():
    offline, places = geo_places()
    refused, places_refused = geo_places("--geocoder", "nominatim", "--geocoder-url", "127.0.0.1:9", "--geocoder-timeout", "2")
    assert offline.returncode == refused.returncode == 0
    assert {k: v["place_id"] for k, v in places.items()} == {k: v["place_id"] for k, v in places_refused.items()}
    assert b"fell back to the offline gazetteer" in refused.stderr and b"Traceback" not in refused.stderr
    assert b"fell back" not in offline.stderr


def test_garbage_answers_fall_back(server):
    port, replies = server
    replies["body"] = lambda path: b"<html>not json"
    out, places = geo_places("--geocoder", "nominatim", "--geocoder-url", f"127.0.0.1:{port}")
    assert out.returncode == 0 and set(places) == {"Kingston", "Newcastle"}
    assert b"fell back to the offline gazetteer" in out.stderr


def test_an_online_answer_settles_an_ambiguous_place(server, tmp_path):
    port, replies = server
    # the server says Newcastle is Newcastle upon Tyne and Kingston is Kingston upon Hull's neighbour Kingston upon Thames
    answers = {"Newcastle": (54.97, -1.61), "Kingston": (51.41, -0.30)}

    def body(path):
        name = next(n for n in answers if n in path)
        lat, lon = answers[name]
        return json.dumps([{"lat": str(lat), "lon": str(lon), "display_name": name, "place_id": 1}]).encode()

    replies["body"] = body
    out, places = geo_places("--geocoder", "nominatim", "--geocoder-url", f"127.0.0.1:{port}")
    assert out.returncode == 0, out.stderr
    assert places["Newcastle"]["country"] == "GB"
    assert places["Kingston"]["country"] == "GB"
