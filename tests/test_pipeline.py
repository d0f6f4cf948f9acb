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
