"""The reader interface: every format's reader found in the registry, a registered reader used by
`readers.read` with its warnings' own codes (none guessed from the message), a reader's refusal
named with the file, and no blocks refused whatever the format."""
from __future__ import annotations

import pytest

from pipeline.model import Block, Loc, Warning_
from pipeline.readers import base, read
from pipeline.readers.errors import InputError


class _Rtf:
    """A reader of RTF for the test: what it returns is what `read` must pass on."""

    def __init__(self, result=None, error=None):
        self.result, self.error = result, error

    def read(self, data, source):
        if self.error:
            raise self.error
        return self.result


@pytest.fixture
def rtf(tmp_path):
    path = tmp_path / "qd.rtf"
    path.write_bytes(b"{\\rtf1 Quyet dinh}")
    return str(path)


def test_every_built_in_format_has_a_reader():
    for fmt in ("docx", "doc", "pdf", "txt", "md"):
        assert callable(base.reader_for(fmt).read)
    assert base.reader_for("rtf") is None and base.reader_for("html") is None


def test_a_format_without_a_reader_is_refused_by_name(rtf):
    with pytest.raises(InputError, match=r"qd\.rtf: unsupported format: rtf"):
        read(rtf)


def test_a_registered_reader_reads_its_format_and_its_warnings_keep_their_codes(rtf, monkeypatch):
    block = Block("paragraph", "Điều 1. Giao nhiệm vụ.", Loc(None, 0, 0, 22))
    # the message names OCR, the code says what happened: the code is kept, not guessed from the text
    warning = Warning_("reader", "a drawing read without OCR")
    monkeypatch.setitem(base._REGISTRY, "rtf", _Rtf(base.ReadResult([block], 3, [warning], "Điều 1. Giao nhiệm vụ.")))
    doc = read(rtf)
    assert doc.blocks == [block] and doc.source.pages == 3 and doc.source.format == "rtf"
    assert doc.text == "Điều 1. Giao nhiệm vụ." and [(w.code, w.message) for w in doc.warnings] == [
        ("reader", "a drawing read without OCR")]


def test_a_readers_refusal_and_an_empty_result_name_the_file(rtf, monkeypatch):
    monkeypatch.setitem(base._REGISTRY, "rtf", _Rtf(error=base.ReadError("damaged font table")))
    with pytest.raises(InputError, match=r"qd\.rtf: damaged font table$"):
        read(rtf)
    monkeypatch.setitem(base._REGISTRY, "rtf", _Rtf(base.ReadResult([])))
    with pytest.raises(InputError, match=r"qd\.rtf: no readable content$"):
        read(rtf)
