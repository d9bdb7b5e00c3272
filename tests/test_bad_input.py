"""Bad input: a clear message naming the file and line, never a traceback, never silent loss."""

import re
import subprocess
import sys

import pytest

from pipeline.errors import PipelineError
from pipeline.normalise import normalise


def run_cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True, cwd=cwd)


def write(tmp_path, name, data):
    p = tmp_path / name
    p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return p


GOOD = "## 1. Title\n\nBody with a marker.<sup>1</sup> More text\n\n---\n\n1 The note.\n\nand the rest.\n"


def test_empty_file(tmp_path):
    p = write(tmp_path, "empty.txt", "  \n\n")
    r = run_cli("normalise", str(p), "-o", str(tmp_path / "o.md"))
    assert r.returncode == 2
    assert f"{p}: file is empty" in r.stderr and "Traceback" not in r.stderr


def test_unknown_language(tmp_path):
    """A language that is no BCP 47 tag is refused with the remedy; a real one wordfreq has no word list
    for ('ain', Ainu) reads with no dictionary words: the text of a pdftotext file all kept."""
    p = write(tmp_path, "ok.txt", GOOD)
    r = run_cli("normalise", str(p), "-o", str(tmp_path / "o.md"), "--lang", "xx")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "unknown language 'xx': give a BCP 47 tag such as en, en-GB or cs" in r.stderr
    from conftest import DEV_TOOLS
    result = normalise([DEV_TOOLS / "seed-typst-pdftotext.raw.txt"], lang="ain")
    assert len(result.chapters) == 1 and len(result.chapters[0].notes) == 54


def test_binary_file(tmp_path):
    p = write(tmp_path, "bin.txt", b"## T\n\x00\x01\x02binary")
    with pytest.raises(PipelineError, match="binary") as exc:
        normalise([p])
    assert exc.value.file == str(p) and exc.value.line == 2


def test_non_utf8_names_encoding_and_line(tmp_path):
    p = write(tmp_path, "latin1.txt", "## T\n\nok\n\ncaf\xe9\n".encode("latin-1"))
    r = run_cli("normalise", str(p), "-o", str(tmp_path / "o.md"))
    assert r.returncode == 2
    assert f"{p}:5: not valid UTF-8 (tried UTF-8" in r.stderr


def test_crlf_and_bom_are_accepted(tmp_path):
    p = write(tmp_path, "crlf.txt", "\ufeff" + GOOD.replace("\n", "\r\n"))
    result = normalise([p])
    md = result.markdown()
    assert md.startswith("# 1. Title\n\nBody with a marker.[^1] More text and the rest.\n")
    assert "[^1]: The note." in md and "\r" not in md


def test_marker_without_note(tmp_path):
    p = write(tmp_path, "m.txt", "## 1. T\n\nText.<sup>1</sup> And.<sup>2</sup>\n\n---\n\n1 Note one.\n")
    r = run_cli("normalise", str(p), "-o", str(tmp_path / "o.md"))
    assert r.returncode == 1
    assert f"error: {p}:3: marker-without-note: marker 2 has no note" in r.stderr


def test_note_without_marker(tmp_path):
    p = write(tmp_path, "n.txt", "## 1. T\n\nText.<sup>1</sup>\n\n---\n\n1 Note one.\n\n2 Note two.\n")
    result = normalise([p])
    assert [(e.kind, e.line) for e in result.report.errors] == [("note-without-marker", 9)]
    assert "Note two." in result.markdown()        # kept, not lost


def test_duplicate_and_out_of_order_numbers(tmp_path):
    raw = ("## 1. T\n\nAye.<sup>1</sup> Bee.<sup>3</sup> Sea.<sup>2</sup>\n\n---\n\n1 One.\n\n3 Three.\n\n2 Two.\n\n"
           "Next page text.<sup>4</sup>\n\n---\n\n4 Four.\n\n4 Four again.\n")
    result = normalise([write(tmp_path, "d.txt", raw)])
    kinds = sorted((e.kind, e.severity, e.line) for e in result.report.entries if e.severity != "repair")
    # 3 and 2 each out of sequence; the second note 4 a duplicate that no marker calls; the text after
    # the first page's notes a new paragraph (a sentence ended the page: the editor may join it; a
    # single capital and a full stop would be an initial, 'C.', which ends none)
    assert kinds == [("duplicate-note", "error", 19), ("note-out-of-order", "warning", 9),
                     ("note-out-of-order", "warning", 11), ("note-without-marker", "error", 19),
                     ("paragraph-split-kept", "ambiguous", 13)]
    assert "Four again." in result.markdown()


def test_no_loss_check_catches_a_swallowed_word(tmp_path, monkeypatch):
    from pipeline import normalise as mod
    p = write(tmp_path, "ok.txt", GOOD)
    real = mod.chapter_units
    monkeypatch.setattr(mod, "chapter_units", lambda ch, size: [u.replace("rest", "") for u in real(ch, size)])
    with pytest.raises(PipelineError, match=rf"no-loss check failed: {re.escape(str(p))}:9: 1 word\(s\) lost: 'rest'") as exc:
        normalise([p])
    # The Markdown and the report are still there to inspect; the report locates the loss.
    lost = [e for e in exc.value.result.report.errors if e.kind == "words-lost"]
    assert [(e.file, e.line) for e in lost] == [(str(p), 9)]


def test_cli_help_explains_commands():
    r = run_cli("--help")
    assert r.returncode == 0 and "normalise" in r.stdout
    r = run_cli("normalise", "--help")
    assert "--report" in r.stdout and "-o" in r.stdout


def test_cli_report_json(tmp_path):
    import json
    p = write(tmp_path, "ok.txt", GOOD)
    r = run_cli("normalise", str(p), "-o", str(tmp_path / "o.md"), "--report", str(tmp_path / "r.json"))
    assert r.returncode == 0, r.stderr
    rep = json.loads((tmp_path / "r.json").read_text())
    joins = [e for e in rep["entries"] if e["kind"] == "paragraph-join"]
    assert joins and joins[0]["file"] == str(p) and joins[0]["line"] == 9 and joins[0]["evidence"]
    assert "paragraph-join" in r.stderr


def test_number_continuing_a_cut_sentence_is_body_not_a_note(tmp_path):
    raw = ("## 1. T\n\nThe famine<sup>1</sup> killed\n\n---\n\n1 A note on the famine.\n\n"
           "2 million people in the Ukraine alone.\n")
    result = normalise([write(tmp_path, "n.txt", raw)])
    md = result.markdown()
    assert "The famine[^1] killed 2 million people in the Ukraine alone." in md
    assert "[^2]" not in md and not result.report.errors
    amb = [e for e in result.report.entries if e.kind == "number-start-kept-as-body"]
    assert amb and amb[0].line == 9 and amb[0].severity == "ambiguous"


def test_notes_one_per_line_and_numbers_with_a_period(tmp_path):
    raw = ("## 1. T\n\nFirst.<sup>1</sup> Second.<sup>2</sup> Third.<sup>3</sup>\n\n---\n\n"
           "1. Note one,\nrunning on.\n2. Note two.\n3) Note three.\n\nNext page.\n")
    result = normalise([write(tmp_path, "l.txt", raw)])
    md = result.markdown()
    assert "[^1]: Note one, running on.\n\n[^2]: Note two.\n\n[^3]: Note three.\n" in md
    assert not result.report.errors
    assert [e.line for e in result.report.entries if e.kind == "paragraph-split-kept"] == [12]
