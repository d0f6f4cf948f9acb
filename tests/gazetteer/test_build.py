import json
import os
import shutil

from geo.gazetteer.build import boundary_files, fingerprint
from geo.paths import DIGESTS_NAME


def _copy_of_the_layers(tmp_path, monkeypatch):
    layers = tmp_path / "boundaries"
    shutil.copytree(boundary_files()["countries"].parent, layers)
    monkeypatch.setenv("GEO_BOUNDARIES_DIR", str(layers))
    monkeypatch.setenv("GEO_CACHE_DIR", str(tmp_path / "cache"))
    return layers


def test_the_index_fingerprint_follows_the_layers_content_not_their_mtimes(tmp_path, monkeypatch):
    layers = _copy_of_the_layers(tmp_path, monkeypatch)
    before = fingerprint()
    remembered = json.loads((tmp_path / "cache" / DIGESTS_NAME).read_text(encoding="utf-8"))
    assert str(layers / "disputed.parquet") in remembered
    # a checkout: the same bytes, new mtimes
    for path in layers.glob("*.parquet"):
        os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    assert fingerprint() == before
    # an edit that keeps the size: a new digest
    disputed = layers / "disputed.parquet"
    data = bytearray(disputed.read_bytes())
    data[len(data) // 2] ^= 0xFF
    disputed.write_bytes(bytes(data))
    assert fingerprint() != before
    disputed.unlink()
    assert fingerprint() != before
