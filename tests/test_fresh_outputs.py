"""Fresh, whole outputs: rebuilt when any input's content changed, never truncated, never a mix."""

import zipfile

import pytest

from helpers import run

CHAPTER = "## {n}. Chapter {n}\n\nThe text of chapter {n} goes on.<sup>{n}</sup>\n\n---\n\n{n} A note of chapter {n}.\n"
BOOK = 'title: "Fresh"\nlanguage: en\n'


@pytest.fixture
def project(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for n in (1, 2):
        (seeds / f"0{n}.txt").write_text(CHAPTER.format(n=n), encoding="utf-8")
    (tmp_path / "book.yaml").write_text(BOOK, encoding="utf-8")
    return tmp_path


def bundle(root, check=True):
    return run("bundle", "--root", root, check=check)


def epub_text(root) -> str:
    z = zipfile.ZipFile(root / "dist" / "fresh.epub")
    return " ".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml"))


def test_a_deleted_seed_is_gone_from_the_next_bundle(project):
    bundle(project)
    assert "chapter 2 goes on" in epub_text(project)
    (project / "seeds" / "02.txt").unlink()
    bundle(project)
    assert "chapter 2 goes on" not in epub_text(project)
    inner = zipfile.ZipFile(project / "dist" / "fresh-handoff.zip")
    assert "markdown/02-02.md" not in inner.namelist()


def test_unchanged_outputs_are_reused_and_changed_styles_rebuild(project):
    first = bundle(project).stderr
    assert "built fresh.pdf (" in first and "wrote" in first
    again = bundle(project).stderr
    assert "built fresh" not in again and "is up to date" in again       # reused, not rebuilt
    assert f"done: {project / 'dist' / 'fresh.epub'}, {project / 'dist' / 'fresh.pdf'}" in again
    assert "is up to date" in run("epub", "--root", project).stderr


def test_a_truncated_pdf_is_rebuilt(project):
    bundle(project)
    pdf = project / "dist" / "fresh.pdf"
    pdf.write_bytes(pdf.read_bytes()[:1000])            # as a killed write would have left it
    r = bundle(project)
    assert "wrote" in r.stderr and pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000
    assert not list((project / "dist").glob(".*.tmp"))


def test_a_refused_bundle_leaves_dist_as_it_was(project):
    bundle(project)
    before = {p.name: p.read_bytes() for p in (project / "dist").iterdir()}
    (project / "seeds" / "03.txt").write_text("## 3. Three\n\nText.<sup>1</sup> More.<sup>2</sup>\n\n---\n\n"
                                              "1 Note.\n", encoding="utf-8")
    r = bundle(project, check=False)
    assert r.returncode == 2 and "bundle not written" in r.stderr
    after = {p.name: p.read_bytes() for p in (project / "dist").iterdir()}
    assert after == before


def test_a_bundle_refused_by_a_check_leaves_dist_as_it_was(project, monkeypatch):
    from pipeline import bundle as mod
    from pipeline.build import Project
    from pipeline.errors import PipelineError
    bundle(project)
    (project / "seeds" / "01.txt").write_text(CHAPTER.format(n=1).replace("goes on", "goes on and on"),
                                             encoding="utf-8")
    before = {p.name: p.read_bytes() for p in (project / "dist").iterdir()}
    monkeypatch.setattr(mod, "run_epubcheck", lambda path, cache=None: (
        [{"id": "RSC-005", "level": "ERROR", "location": "x.xhtml:1:1", "message": "broken"}], "ERROR"))
    p = Project.from_args(project)
    with pytest.raises(PipelineError, match="EPUBCheck reports 1 error"):
        mod.build_bundle(p, log=lambda m: None)
    assert {p.name: p.read_bytes() for p in (project / "dist").iterdir()} == before


def test_an_unchanged_bundle_is_not_made_again_and_a_damaged_one_is(project):
    bundle(project)
    zip_path = project / "dist" / "fresh-handoff.zip"
    made = zip_path.read_bytes()
    assert "is up to date" in bundle(project).stderr and zip_path.read_bytes() == made
    zip_path.write_bytes(made[:500])                     # damaged: made again, identical
    assert "wrote" in bundle(project).stderr and zip_path.read_bytes() == made
    (project / "book.yaml").write_text(BOOK + 'publisher: "Another"\n', encoding="utf-8")
    assert "wrote" in bundle(project).stderr and zip_path.read_bytes() != made


def test_epubcheck_verdicts_and_renders_are_shared_by_the_projects_that_set_a_cache_dir(project, tmp_path,
                                                                                        monkeypatch):
    """PIPELINE_CACHE_DIR: an EPUB validated for one project is not validated again for another, nor
    are its chapters rendered again. The same sources in another folder make the very same bundle."""
    import shutil
    from pathlib import Path

    import store

    import pipeline.render as render
    import pipeline.validate as validate
    from pipeline import bundle as mod
    from pipeline.build import Project
    shared = tmp_path / "shared"
    monkeypatch.setenv("PIPELINE_CACHE_DIR", str(shared))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    real_run = validate._run           # EPUBCheck's verdict on the EPUB, kept like every checker's in the tests
    monkeypatch.setattr(validate, "_run", lambda path: store.value(
        "epubcheck-fresh", store.key(Path(path), *validate.JVM_FLAGS), lambda: real_run(path)))
    mod.build_bundle(Project.from_args(project), log=lambda m: None)
    assert len(list((shared / "epubcheck").glob("*.json"))) == 1 and not (project / "build" / "epubcheck").exists()
    assert len(list((shared / "render").glob("*.json"))) == 2 and not (project / "build" / "render").exists()
    other = tmp_path / "edition"
    shutil.copytree(project / "seeds", other / "seeds")
    shutil.copy(project / "book.yaml", other / "book.yaml")
    monkeypatch.setattr(validate, "_run", lambda path: pytest.fail(f"validated again: {path}"))
    monkeypatch.setattr(render, "render_chapters", lambda chapters, reports: pytest.fail(
        f"rendered again: {[ch.source for ch in chapters]}") if chapters else [])
    mod.build_bundle(Project.from_args(other), log=lambda m: None)
    # the very EPUB, validated once; and the same bundle: reports name the seeds from the project's root
    assert (other / "dist" / "fresh-handoff.zip").read_bytes() == (project / "dist" / "fresh-handoff.zip").read_bytes()
    report = zipfile.ZipFile(other / "dist" / "fresh-handoff.zip").read("reports/normalisation.json").decode()
    assert '"files": [\n   "seeds/01.txt",\n   "seeds/02.txt"\n  ]' in report
    monkeypatch.delenv("PIPELINE_CACHE_DIR")
    assert validate.results_folder(other / "build") == other / "build" / "epubcheck"
