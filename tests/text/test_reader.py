import pytest

from geo.text.reader import InputError, html_to_text, iter_paths, read_article


def test_utf8_utf16_and_windows_1256_arabic_decode(tmp_path):
    text = "اشتباكات قرب باكو"
    for name, data in [("u8.txt", text.encode("utf-8")), ("bom.txt", b"\xef\xbb\xbf" + text.encode("utf-8")),
                       ("u16.txt", text.encode("utf-16")), ("cp.txt", text.encode("cp1256"))]:
        (tmp_path / name).write_bytes(data)
        assert read_article(str(tmp_path / name)).text == text, name


@pytest.mark.parametrize("data,message", [
    (b"", "empty"),
    (b"  \n\t  ", "empty"),
    (bytes(range(256)) * 4, "binary"),
    (b"caf\xe9 \xff\xfe\xfd latin", "not valid UTF-8"),
])
def test_unreadable_inputs_are_explained(tmp_path, data, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(InputError, match=message):
        read_article(str(path))


def test_size_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 2048)
    with pytest.raises(InputError, match="limit"):
        read_article(str(path), max_bytes=1024)


def test_html_keeps_text_and_drops_scripts_and_styles():
    text = html_to_text("<html><head><title>Clash</title><style>p{color:red}</style></head>"
                        "<body><p>Shelling near <b>Aleppo</b></p><script>alert('x')</script></body></html>")
    assert "Shelling near Aleppo" in text and "Clash" in text
    assert "alert" not in text and "color" not in text


def test_directories_expand_sorted_to_articles(tmp_path):
    (tmp_path / "b.txt").write_text("b")
    (tmp_path / "a.html").write_text("a")
    (tmp_path / "notes.md").write_text("skip")
    assert [p.rsplit("/", 1)[-1] for p in iter_paths([str(tmp_path)])] == ["a.html", "b.txt"]
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match="no .txt or .html"):
        list(iter_paths([str(empty)]))
    with pytest.raises(InputError, match="no such file"):
        read_article(str(tmp_path / "missing.txt"))
