from pipeline.hyphenation import Dehyphenator
from pipeline.model import Report
from pipeline.pages import split_blocks
from pipeline.recover import Recoverer


def repair(text, context=()):
    rec = Recoverer(Dehyphenator([text, *context]), Report())
    return rec.repair_breaks(text, "t.txt", 1), rec.report


def test_broken_word_joined_in_line_and_across_lines():
    assert repair("the indus- trial base")[0] == "the industrial base"
    assert repair("the indus-\ntrial base")[0] == "the industrial base"


def test_real_compounds_keep_their_hyphen():
    assert repair("the first five- year plan")[0] == "the first five-year plan"
    assert repair("the Surgeon- General came")[0] == "the Surgeon-General came"
    assert repair("in King-\nstreet seven")[0] == "in King-street seven"


def test_document_is_its_own_dictionary():
    # 'remilitarization' is a (rare) dictionary word, but the book writes it hyphenated elsewhere.
    text, _ = repair("path to its re- militarization", ["opposed the re-militarization of Germany"])
    assert text == "path to its re-militarization"


def test_names_and_fragments_join_and_are_reported():
    text, report = repair("Mr. Crum- lum had lately got")
    assert text == "Mr. Crumlum had lately got"
    assert [e.severity for e in report.entries] == ["ambiguous"]


def test_soft_hyphens_and_suspended_compounds():
    assert repair("the congrega\u00adtion taken")[0] == "the congregation taken"
    assert repair("pre- and post-war")[0] == "pre- and post-war"


def test_word_split_across_a_page_break():
    raw = "## 1. T\n\nA paragraph<sup>1</sup> about indus-\n\n---\n\n1 A note.\n\ntrial growth.\n"
    rec = Recoverer(Dehyphenator([raw]), Report())
    ch = rec.recover(split_blocks(raw, "t.txt"), "t.txt")
    from pipeline.markdown import chapter_markdown
    md = chapter_markdown(ch)
    assert "A paragraph[^1] about industrial growth." in md
    assert "[^1]: A note." in md
