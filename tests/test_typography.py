"""Typographic quotes and apostrophes by the book's language (typography: smart, the default for books)."""

import pytest

from conftest import SEED

from pipeline.model import marker_token
from pipeline.normalise import normalise
from pipeline.recover.typography import smarten

CASES = [
    ("en", "The Stalin's \"second\" Revolution", "The Stalin’s “second” Revolution"),
    ("en", "the party's 'Rightists', who", "the party’s ‘Rightists’, who"),
    ("en", "the '80s, 'tis true, rock 'n' roll", "the ’80s, ’tis true, rock ’n’ roll"),
    ("en", "Quarles' *Emblems*", "Quarles’ *Emblems*"),
    ("en", "\"*Emphasised*\" and '*this*'", "“*Emphasised*” and ‘*this*’"),
    ("en", "He said, 'I don't.'", "He said, ‘I don’t.’"),
    ("en", "(\"quoted\")", "(“quoted”)"),
    ("en", "\"the end of a page", "“the end of a page"),
    ("en", "went on.\"", "went on.”"),
    ("en", "a\"b", "a\"b"),                                       # no side to tell: left as typed
    ("de", "Er sagte \"ja\" und 'nein'.", "Er sagte „ja“ und ‚nein‘."),
    ("cs", "Řekl \"ano\".", "Řekl „ano“."),
    ("fr", "Il dit \"oui\" et \" non \".", "Il dit «\u202foui\u202f» et «\u202fnon\u202f»."),
    ("en-GB", "Mr. Pepys's wife", "Mr. Pepys’s wife"),
]


@pytest.mark.parametrize("lang, typed, smart", CASES)
def test_quotes_and_apostrophes_by_language(lang, typed, smart):
    assert smarten(typed, lang)[0] == smart


def test_quotes_beside_note_markers_and_page_marks():
    text = "the \"famine" + marker_token(0) + "\" and 'grain" + marker_token(1) + "'."
    out, counts = smarten(text, "en")
    assert out == "the “famine" + marker_token(0) + "” and ‘grain" + marker_token(1) + "’."
    assert counts == {"double quotes": 2, "single quotes": 2}


def test_smart_typography_counts_every_change_and_keeps_every_word():
    result = normalise([SEED], typography="smart")
    md = result.markdown()
    assert md.startswith("# 4. The Stalin’s “second” Revolution\n")
    assert "'" not in md.replace("[^", "") and '"' not in md
    assert result.report.stats["typography"] == {"apostrophes": 110, "double quotes": 21, "single quotes": 121}
    assert result.report.stats["words_lost"] == result.report.stats["words_added"] == 0
    assert [e.kind for e in result.report.entries if e.kind == "typographic-quotes"] == ["typographic-quotes"]


def test_as_typed_keeps_the_text():
    assert normalise([SEED]).markdown().startswith("# 4. The Stalin's \"second\" Revolution\n")
