"""corrections.yaml on the seed project: rulings and edits survive rebuilds and unrelated changes,
go stale when their own text changes, and bad entries are refused with their lines."""

from __future__ import annotations

import re
import shutil

import pytest

from conftest import ROOT, SEED
from pipeline.build import Project, prepare
from pipeline.errors import PipelineError

DECISION = "page-break-42966843"
JOINED = "considering purchasing grain abroad.[^77] The pace of industrial construction"
RULING = f"""\
# kept: a comment the review application must not lose
decisions:
  - id: {DECISION}
    choice: join      # one paragraph in the printed book
    excerpt: "…purchasing grain abroad. ¶ The pace of industrial construction…"
edits:
  - chapter: {SEED.stem}
    find: "Sochineniya"
    replace: "Sočinenija"
    count: 3
    why: transliteration
"""


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "seeds").mkdir()
    shutil.copy(SEED, tmp_path / "seeds" / SEED.name)
    shutil.copy(ROOT / "book.yaml", tmp_path / "book.yaml")
    (tmp_path / "corrections.yaml").write_text(RULING, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _build(project):
    return prepare(Project.from_args(project), log=lambda *_: None)


def _entries(prepared, kind):
    return [e.__dict__ for e in prepared.report.entries if e.kind == kind]


def test_rulings_and_edits_apply_and_are_reported(project):
    prepared = _build(project)
    md = (project / "build" / "book.md").read_text(encoding="utf-8")
    assert JOINED in md
    assert md.count("Sočinenija") == 3 and "Sochineniya" not in md
    assert prepared.report.stats["paragraphs"] == 54 and prepared.report.stats["words_lost"] == 0
    join = [e for e in _entries(prepared, "paragraph-join") if e["decision"] == DECISION]
    assert join and join[0]["editor"] == "overturned" and join[0]["choice"] == "join"
    assert join[0]["severity"] == "repair"
    edits = _entries(prepared, "edit-applied")
    assert [e["line"] for e in edits] == [15, 187, 197] and all("transliteration" in e["evidence"] for e in edits)
    assert prepared.report.review_counts() == {"open": 0, "confirmed": 0, "overturned": 1, "stale": 0}


def test_a_rebuild_from_scratch_gives_the_same_markdown(project):
    _build(project)
    first = (project / "build" / "book.md").read_bytes()
    shutil.rmtree(project / "build")
    _build(project)
    assert (project / "build" / "book.md").read_bytes() == first


def test_an_unrelated_raw_change_keeps_them_applied(project):
    raw = project / "seeds" / SEED.name
    text = raw.read_text(encoding="utf-8")
    assert "Soviet government to get a new loan" in text
    raw.write_text(text.replace("Soviet government to get a new loan", "Soviet government to obtain a new loan"),
                   encoding="utf-8")
    prepared = _build(project)
    md = (project / "build" / "book.md").read_text(encoding="utf-8")
    assert JOINED in md and "obtain a new loan" in md
    assert prepared.report.review_counts()["stale"] == 0


def test_a_change_of_the_decisions_own_text_makes_it_stale(project):
    raw = project / "seeds" / SEED.name
    text = raw.read_text(encoding="utf-8")
    raw.write_text(text.replace("The pace of industrial construction agreed upon",
                                "The pace of the industrial construction agreed upon"), encoding="utf-8")
    prepared = _build(project)
    md = (project / "build" / "book.md").read_text(encoding="utf-8")
    assert "grain abroad.[^77]\n\nThe pace of the industrial" in md          # the rule's reading, not the ruling
    stale = _entries(prepared, "decision-stale")
    assert len(stale) == 1 and stale[0]["decision"] == DECISION and stale[0]["line"] == 3
    assert "purchasing grain abroad" in stale[0]["before"]
    assert prepared.report.review_counts() == {"open": 1, "confirmed": 0, "overturned": 0, "stale": 1}


def test_an_edit_that_does_not_match_its_count_stops_the_build(project):
    (project / "corrections.yaml").write_text(RULING.replace("count: 3", "count: 4"), encoding="utf-8")
    with pytest.raises(PipelineError) as exc:
        _build(project)
    assert exc.value.file == "corrections.yaml" and exc.value.line == 7
    assert "must match 4 time(s) in the clean text but matches 3" in exc.value.message


@pytest.mark.parametrize("text, message", [
    ("decisions:\n  - id: page-break-1234\n    choice: join\n", "line 2: decision id 'page-break-1234' is not"),
    ("decisions:\n  - id: page-break-12345678\n    choice: keep-hyphen\n",
     "line 3: decision page-break-12345678: choice must be one of join, split, confirm"),
    ("decisions:\n  - id: hyphen-12345678\n    choice: confirm\n  - id: hyphen-12345678\n    choice: join-word\n",
     "line 4: decision hyphen-12345678 is given twice (first on line 2)"),
    ("edits:\n  - chapter: x\n    find: a\n", "line 2: an edit needs replace"),
    ("edits:\n  - chapter: x\n    find: a\n    replace: b\n    count: 0\n", "line 5: edit 'a': count must be"),
    ("edit:\n  - {}\n", "line 1: unknown key 'edit'"),
    ("decisions:\n  - &a {id: hyphen-12345678, choice: confirm}\n", "anchors and aliases"),
    ("decisions: [\n", "invalid YAML"),
])
def test_bad_entries_are_refused_with_their_lines(project, text, message):
    (project / "corrections.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(PipelineError, match=message.replace("(", r"\(").replace(")", r"\)")):
        _build(project)


def test_the_review_application_keeps_comments_and_order(project):
    from pipeline.corrections import store
    path = project / "corrections.yaml"
    store.set_decision(path, "hyphen-0123abcd", "keep-hyphen", "indus-⏎trial")
    store.set_decision(path, DECISION, "confirm")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# kept: a comment the review application must not lose\n")
    assert re.search(r"choice: confirm +# one paragraph in the printed book\n", text)
    assert text.index(DECISION) < text.index("hyphen-0123abcd") < text.index("edits:")
    store.set_decision(path, "hyphen-0123abcd", store.OPEN)
    assert "hyphen-0123abcd" not in path.read_text(encoding="utf-8")
    prepared = _build(project)
    assert prepared.report.review_counts() == {"open": 0, "confirmed": 1, "overturned": 0, "stale": 0}


def test_review_required_refuses_a_bundle_while_a_decision_is_open(project):
    from pipeline.bundle import build_bundle
    (project / "corrections.yaml").unlink()
    with open(project / "book.yaml", "a", encoding="utf-8") as f:
        f.write("review: required\n")
    with pytest.raises(PipelineError, match=rf"review: required, and 1 decision\(s\) are open or stale(.|\n)*"
                                            rf"{DECISION}: paragraph-split-kept \(open\)"):
        build_bundle(Project.from_args(project), log=lambda *_: None)
    assert not (project / "dist").exists()


def test_the_static_review_page_shows_the_editors_rulings(project):
    from pipeline.review.page import review_html
    prepared = _build(project)
    html = review_html(prepared.report.to_json(), "T")
    assert "Editor's review: <strong>0</strong> decision(s) open,\n0 confirmed, 1 overturned" in html
    ruled = html[html.index("Decisions the editor confirmed or overturned (1)"):html.index('id="error"')]
    assert DECISION in ruled and "overturned by the editor (join)" in ruled
    assert "Ambiguous decisions to confirm (0)" in html


def test_an_edit_with_straight_quotes_is_told_how_the_text_reads(project):
    (project / "corrections.yaml").write_text(
        f"edits:\n  - chapter: {SEED.stem}\n    find: \"Stalin's \\\"second\\\" Revolution\"\n"
        f"    replace: \"Stalin's Second Revolution\"\n", encoding="utf-8")
    with pytest.raises(PipelineError, match="find 'Stalin’s “second” Revolution'"):
        _build(project)
