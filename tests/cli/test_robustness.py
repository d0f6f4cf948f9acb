"""Bad input, partial failures, unwritable outputs, interruption, parallel runs: what a user sees."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_4daba99e5e2777e4.txt"
SEED_EN = ROOT / "tests" / "fixtures" / "seed_en.txt"


def geo(*args, stdin: bytes | None = None, cwd=None):
    return subprocess.run([sys.executable, "-m", "geo", *args], capture_output=True, input=stdin, timeout=600, cwd=cwd)


def assert_clean_error(out, status: int, message: str):
    err = out.stderr.decode()
    assert out.returncode == status, err
    assert message in err
    assert "Traceback" not in err


@pytest.mark.parametrize("name,data,message", [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b" \n\t \n", "empty"),
    ("binary.txt", bytes(range(256)) * 16, "binary file"),
    ("latin1.txt", "Clashes near Çermik and Mérida, façade".encode("latin-1"), "not valid UTF-8"),
])
def test_unreadable_file_is_status_2_with_reason(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    assert_clean_error(geo("extract", str(path)), 2, message)


def test_missing_file_and_oversized_file(tmp_path):
    assert_clean_error(geo("extract", str(tmp_path / "nope.txt")), 2, "no such file")
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)          # 50 MB
    assert_clean_error(geo("extract", str(big)), 2, "limit")


@pytest.mark.parametrize("encoding", ["utf-16", "cp1256"])
def test_arabic_in_utf16_and_windows_1256_is_read(tmp_path, encoding):
    path = tmp_path / "article.txt"
    path.write_bytes(SEED.read_text(encoding="utf-8").encode(encoding))
    out = geo("extract", str(path), "--published", "2021-11-17")
    assert out.returncode == 0, out.stderr.decode()
    events = json.loads(out.stdout)["features"]
    assert any(f["properties"]["fatalities"] == 7 for f in events)


def test_html_scripts_and_styles_are_not_read_as_text(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<html><head><style>.x{color:red}</style><script>var Baku = 1;</script></head>"
                    "<body><p>Seven soldiers were killed in clashes near Aleppo on Tuesday.</p></body></html>", encoding="utf-8")
    out = geo("extract", str(page), "--places", "--published", "2021-11-17")
    assert out.returncode == 0
    names = [f["properties"]["mention"] for f in json.loads(out.stdout)["features"]]
    assert names == ["Aleppo"]


def test_text_with_no_places_gives_an_empty_collection():
    out = geo("extract", "-", stdin="The weather was fine and nobody said anything.".encode())
    assert out.returncode == 0
    assert json.loads(out.stdout) == {"type": "FeatureCollection", "features": []}


def test_directory_with_one_bad_file_processes_the_rest_and_exits_1(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_bytes(SEED.read_bytes())
    (folder / "b.txt").write_bytes(b"\xff\xfe\x00\x00broken" * 3 + bytes(range(256)))
    (folder / "c.txt").write_bytes(SEED_EN.read_bytes())
    out = geo("extract", str(folder), "--published", "2021-11-17", "-o", str(tmp_path / "out.geojson"))
    assert_clean_error(out, 1, "b.txt")
    sources = {Path(f["properties"]["source"]).name for f in json.loads((tmp_path / "out.geojson").read_text())["features"]}
    assert sources == {"a.txt", "c.txt"}


@pytest.mark.parametrize("command", [["extract"], ["export", "--format", "csv"], ["map"]])
def test_unwritable_output_is_a_clear_error(tmp_path, command):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    target = blocker / "out.file"            # tests run as root too, so permissions cannot make it unwritable
    out = geo(*command, str(SEED), "-o", str(target))
    assert_clean_error(out, 2, "cannot write")


def test_interrupted_run_leaves_no_output_file(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    text = SEED.read_text(encoding="utf-8")
    for i in range(400):
        (folder / f"{i:03}.txt").write_text(text + f"\n{i}", encoding="utf-8")
    target = tmp_path / "out.geojson"
    proc = subprocess.Popen([sys.executable, "-m", "geo", "extract", str(folder), "-o", str(target)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(4)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err.decode()
    assert "interrupted" in err.decode() and "Traceback" not in err.decode()
    assert sorted(os.listdir(tmp_path)) == ["many"]          # no out.geojson, no temp file


def test_jobs_give_the_same_records_in_the_same_order(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    for i, source in enumerate([SEED, SEED_EN] * 4):
        (folder / f"{i}.txt").write_bytes(source.read_bytes())
    one = geo("extract", str(folder), "--published", "2021-11-17", "--format", "jsonl")
    two = geo("extract", str(folder), "--published", "2021-11-17", "--format", "jsonl", "--jobs", "2")
    assert one.returncode == two.returncode == 0
    assert one.stdout == two.stdout
    assert one.stdout.count(b"\n") > 50


def test_stdin_is_read():
    out = geo("extract", "-", "--published", "2021-11-17", stdin=SEED.read_bytes())
    assert out.returncode == 0
    assert len(json.loads(out.stdout)["features"]) >= 10


def test_progress_bar_on_a_terminal_only(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    for i in range(40):
        (folder / f"{i}.txt").write_bytes(SEED_EN.read_bytes())
    command = f"stty cols 100 rows 30; {sys.executable} -m geo extract {folder} -o {tmp_path / 'out.geojson'}"
    on_tty = subprocess.run(["script", "-qc", command, "/dev/null"], capture_output=True, timeout=600)
    assert b"article/s" in on_tty.stdout and b"/40 [" in on_tty.stdout
    piped = geo("extract", str(folder), "-o", str(tmp_path / "out2.geojson"))
    assert piped.returncode == 0 and piped.stderr == b""
    quiet = subprocess.run(["script", "-qc", command + " --quiet", "/dev/null"], capture_output=True, timeout=600)
    assert b"article" not in quiet.stdout
