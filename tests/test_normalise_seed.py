"""The seed chapter: exact facts about its normalised form."""

import re

from conftest import SEED
from structure import parse


def test_counts(seed_result):
    s = parse(seed_result.markdown())
    headings = [b for b in s.blocks if b[0] == "h"]
    paragraphs = [b for b in s.blocks if b[0] == "p"]
    assert [h[1] for h in headings] == [1, 2, 2, 2, 2]
    assert headings[0][2] == "4. The Stalin's \"second\" Revolution"
    assert headings[1][2] == "The 1928 Crisis and Stalin's Conflict with the Party \"Rightists\""
    assert len(paragraphs) == 55
    assert list(s.notes) == [str(n) for n in range(76, 130)]
    assert seed_result.report.stats["words_lost"] == 0
    assert seed_result.report.stats["words_added"] == 0
    assert not seed_result.report.errors


def test_every_marker_in_its_exact_place(seed_result):
    raw = SEED.read_text(encoding="utf-8")
    md = seed_result.markdown()
    for m in re.finditer(r"<sup>(\d+)</sup>", raw):
        before = raw[max(0, m.start() - 40):m.start()]
        before = before.split("\n")[-1][-25:]
        assert before + f"[^{m.group(1)}]" in md, m.group(1)
    assert len(re.findall(r"\[\^\d+\](?!:)", md)) == 54


def test_note_continuations_are_merged(seed_result):
    notes = parse(seed_result.markdown()).notes
    assert notes["77"].startswith("Daniels R. V., *Das Gewissen der Revolution")
    assert notes["77"].endswith(
        "*Krestyanskaya Rossiya*, 1937 The data Maslov adopted from the Soviet press of the time does not "
        "necessarily conform to statistical data available today, however it is the nature of the issue "
        "depicted by Maslov that matters. Also *Pravda*, 20.4.1928 (Kalinin M.I.).")
    assert notes["119"].endswith(
        "says Stalin demanded death for Ryutin at the Politburo. See the draft resolution of the Central "
        "Committee dated 2.10.1932 on Ryutin–Slepkov (RGASPI, f. 17 op. 2, Vol. 487, l. 26–27).")
    assert notes["78"] == "*DVP* Volume 11, pp. 59–66 and ADAP, ser.: 1925–1933, doc. 259, pp. 546–548."


def test_note_list_at_the_end_is_recovered(seed_result):
    notes = parse(seed_result.markdown()).notes
    assert notes["128"].startswith("At the Plenum of the Central Committee in February and March 1937")
    assert notes["129"].startswith("*Stalin i Kaganovich: Perepiska. 1931–1936 gg.*")
    assert "- " not in seed_result.markdown().split("[^128]:")[1][:5]
    from collections import Counter
    assert Counter(e.kind for e in seed_result.report.entries) == {
        "paragraph-join": 21, "note-continuation": 2, "heading-level": 2, "note-block-reshaped": 1,
        "empty-list-item": 1, "paragraph-split-kept": 1, "layout": 1, "mixed-script": 1}


def test_paragraphs_cut_by_pages_are_joined(seed_result):
    paras = [b[1] for b in parse(seed_result.markdown()).blocks if b[0] == "p"]
    # notes between the halves
    assert any("the USSR's deteriorating international standing and the internal political crisis. "
               "Extraordinary measures" in p for p in paras)
    # no '---' between the halves
    assert any("to head the Russian Federation, and Vissarion V. Lominadze, known as Beso" in p for p in paras)
    assert any("took pleasure in" not in p and p.startswith("In retrospect, it is not difficult") for p in paras)
    # a body paragraph beginning with a year is not a note
    assert any(p.startswith("1927 proved") or "Rykov's government. 1927 proved to be a turning point" in p
               for p in paras)


def test_ambiguous_page_break_decisions_are_reported(seed_result):
    amb = [e for e in seed_result.report.entries if e.kind == "paragraph-split-kept"]
    assert amb and all(e.severity == "ambiguous" and e.line for e in amb)
    assert "grain abroad" in amb[0].before


def test_headings_and_compounds(seed_result):
    md = seed_result.markdown()
    assert md.startswith("# 4. The Stalin's \"second\" Revolution\n")
    assert "## The 1928 Crisis" in md and "### " not in md
    assert "first five-year plan" in md and "re-militarization" in md
    assert "<sup>" not in md


def test_mixed_script_word_flagged_not_changed(seed_result):
    flagged = [e for e in seed_result.report.entries if e.kind == "mixed-script"]
    assert [e.before for e in flagged] == ["Oчерki"]
    assert "Oчерki" in seed_result.markdown()
