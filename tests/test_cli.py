"""The `vanban` command: outputs, atomic writes and one-line errors for bad input."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SEED


def run(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, timeout=120)


def test_version_and_help():
    out = run("--version")
    assert out.returncode == 0 and out.stdout.startswith("vanban ")
    assert run("--help").returncode == 0
    helped = run("convert", "--help")
    assert helped.returncode == 0 and "-o" in helped.stdout


def test_single_input_prints_valid_json():
    out = run("convert", str(SEED))
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["document"]["number"] == "2571/QĐ-UBND"


def test_output_dir_written_atomically(tmp_path):
    out = run("convert", str(SEED), "-o", str(tmp_path))
    assert out.returncode == 0, out.stderr
    assert sorted(os.listdir(tmp_path)) == ["qd-2571-ubnd-lamdong-2022.json"]
    json.loads((tmp_path / "qd-2571-ubnd-lamdong-2022.json").read_text(encoding="utf-8"))


def _bad_inputs(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.md"
    blank.write_text("   \n\n\t \n", encoding="utf-8")
    binary = tmp_path / "image.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    zipped = tmp_path / "archive.docx"
    zipped.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    rtf = tmp_path / "letter.doc"
    rtf.write_bytes(b"{\\rtf1\\ansi Hello}")
    notword = tmp_path / "notword.docx"
    import zipfile

    with zipfile.ZipFile(notword, "w") as z:
        z.writestr("hello.txt", "not a Word document")
    return {
        "missing": (str(tmp_path / "nope.txt"), "no such file"),
        "empty": (str(empty), "empty file"),
        "blank": (str(blank), "no text"),
        "binary": (str(binary), "not a text document"),
        "corrupt": (str(zipped), "corrupt or truncated DOCX"),
        "unsupported": (str(rtf), "unsupported format"),
        "not_word": (str(notword), "not a Word document"),
        "directory": (str(tmp_path), "is a directory"),
    }


@pytest.mark.parametrize("case", ["missing", "empty", "blank", "binary", "corrupt", "unsupported", "not_word", "directory"])
def test_bad_input_one_line_error(tmp_path, case):
    path, reason = _bad_inputs(tmp_path)[case]
    out = run("convert", path)
    assert out.returncode != 0
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert path in lines[0] and reason in lines[0]
    assert "Traceback" not in out.stderr and out.stdout == ""


def test_batch_of_good_and_bad_keeps_going(tmp_path):
    outdir = tmp_path / "out"
    out = run("convert", str(tmp_path / "missing.txt"), str(SEED), "-o", str(outdir))
    assert out.returncode == 1
    assert (outdir / "qd-2571-ubnd-lamdong-2022.json").is_file()
    assert "missing.txt" in out.stderr


def test_several_inputs_need_an_output_dir():
    out = run("convert", str(SEED), str(SEED))
    assert out.returncode == 2 and "-o" in out.stderr


def _cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows wrote it: precomposed base letters, combining tone marks."""
    import unicodedata

    out = []
    for ch in text:
        try:
            out.append(ch.encode("cp1258"))
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            tones = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
            out.append((base + tones).encode("cp1258"))
    return b"".join(out)


def test_utf16_and_windows_1258_inputs(tmp_path):
    text = "QUYẾT ĐỊNH\nVề việc ban hành Kế hoạch năm 2024\nĐiều 1. Ban hành kèm theo Quyết định này.\n"
    u16 = tmp_path / "u16.txt"
    u16.write_bytes(text.encode("utf-16"))
    cp = tmp_path / "cp.txt"
    cp.write_bytes(_cp1258(text))
    for path in (u16, cp):
        out = run("convert", str(path))
        assert out.returncode == 0, out.stderr
        data = json.loads(out.stdout)
        assert data["document"]["doc_type"] == "Quyết định"
        assert data["document"]["title"] == "Về việc ban hành Kế hoạch năm 2024"


def test_zip_bomb_is_refused(tmp_path):
    import zipfile

    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b" " * (310 * 1024 * 1024))
    out = run("convert", str(bomb))
    assert out.returncode != 0 and "zip bomb" in out.stderr and len(out.stderr.strip().splitlines()) == 1
