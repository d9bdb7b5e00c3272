"""The review application shows each decision where it happened: in the raw lines and in the clean
paragraph (the place highlighted)."""

from pipeline.review.excerpts import blocks, locate, raw_lines


def _marks(pieces):
    return [p.text for p in pieces if p.mark]


def test_a_broken_word_is_highlighted_in_the_raw_line_and_the_clean_text():
    raw = ["## 1. The Mills", "", "The mills stood by the river. Its indus-", "trial growth was slow."]
    entry = {"kind": "dehyphenate", "line": 3, "before": "by the river. Its indus-⏎trial growth was slow.",
             "after": "industrial"}
    lines = raw_lines(raw, entry)
    assert [_marks(p) for _, p, _ in lines] == [[], [], ["indus-"], ["trial"]]
    clean = locate(blocks("# 1. The Mills\n\nThe mills stood by the river. Its industrial growth was slow.\n"), entry)
    assert [_marks(c.pieces) for c in clean] == [["Its industrial growth"]]


def test_a_kept_page_break_shows_both_paragraphs_and_marks_both_sides():
    raw = ["The ships came in at dawn.<sup>1</sup>", "", "---", "", "1 A note.", "", "The boats were unloaded by noon."]
    entry = {"kind": "paragraph-split-kept", "line": 7,
             "before": "The ships came in at dawn.⟨note⟩⟨page⟩ ¶ The boats were unloaded by noon."}
    lines = raw_lines(raw, entry)
    assert [m for _, p, _ in lines for m in _marks(p)] == ["in at dawn.", "The boats were unloaded"]
    md = "The ships came in at dawn.[^1]\n\nThe boats were unloaded by noon.\n\n[^1]: A note.\n"
    clean = locate(blocks(md), entry)
    assert [c.pieces[0].text for c in clean][0] == "The ships came in at dawn.[^1]"
    assert _marks(clean[1].pieces) == ["The boats were unloaded by"]


def test_quotes_escapes_and_note_references_do_not_hide_the_place():
    entry = {"kind": "paragraph-join", "line": 9, "before": 'he said "no"⟨page⟩ ¶ and left [the room]'}
    clean = locate(blocks("He said “no”[^4] and left \\[the room\\].\n"), entry)
    assert _marks(clean[0].pieces) == ["He said “no”[^4] and left \\[the room\\]"]


def test_the_raw_side_is_the_printed_page_and_for_a_page_break_the_page_before_too():
    from pipeline.review.excerpts import page_window
    starts = [3, 19, 31]
    split = {"kind": "paragraph-split-kept", "line": 19}
    assert page_window(split, starts, 60) == (3, 30)
    hyphen = {"kind": "dehyphenate", "line": 22}
    assert page_window(hyphen, starts, 60) == (19, 30)
    assert page_window({"kind": "dehyphenate", "line": 40}, starts, 60) == (31, 60)
    assert page_window({"kind": "dehyphenate", "line": 200}, [1], 400) == (170, 230)   # a long page: around it


def test_the_seed_report_gives_each_printed_pages_first_line(seed_result):
    pages = seed_result.report.layouts[0]["pages"]
    assert pages[:4] == [3, 19, 31, 43] and len(pages) == 22
