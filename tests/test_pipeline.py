"""The pipeline pauses the cyclic garbage collector during an article and always puts it back."""

import gc
import os
import threading

import pytest

from geo.pipeline import _collections_paused


@pytest.fixture(autouse=True)
def _collector_on():
    gc.enable()
    yield
    gc.enable()


def test_paused_inside_and_back_on_after():
    with _collections_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_back_on_after_an_error():
    with pytest.raises(ValueError):
        with _collections_paused():
            raise ValueError("bad article")
    assert gc.isenabled()


def test_nested_pauses_end_with_the_outer_one():
    with _collections_paused():
        with _collections_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_left_off_if_the_caller_had_it_off():
    gc.disable()
    with _collections_paused():
        pass
    assert not gc.isenabled()


def test_threads_share_one_pause():
    inside, release = threading.Event(), threading.Event()

    def article():
        with _collections_paused():
            inside.set()
            release.wait(5)

    other = threading.Thread(target=article)
    other.start()
    inside.wait(5)
    with _collections_paused():
        pass
    assert not gc.isenabled()      # the other thread's article is still running
    release.set()
    other.join(5)
    assert gc.isenabled()


def test_a_child_forked_during_an_article_starts_without_the_pause():
    with _collections_paused():
        pid = os.fork()
        if pid == 0:
            os._exit(0 if gc.isenabled() else 1)
        _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert gc.isenabled()


def test_an_article_needs_neither_pandas_nor_geopandas():
    # importing them is a third of a second of a one-article command: the pipeline's joins do without
    import subprocess
    import sys
    from pathlib import Path

    seed = Path(__file__).resolve().parents[1] / "seeds" / "000_4daba99e5e2777e4.txt"
    code = ("import sys; from geo.pipeline import extract_text; "
            f"r = extract_text(open({str(seed)!r}, encoding='utf-8').read()); "
            "print(len(r.events), sorted(m for m in ('pandas', 'geopandas') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    events, imported = out.stdout.split(" ", 1)
    assert int(events) >= 10 and imported.strip() == "[]", out.stdout + out.stderr
