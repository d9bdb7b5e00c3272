"""Stage 6: the publisher handoff bundle, gated on validation and reproducible to the byte.

``dist/<slug>-handoff.zip`` holds the EPUB and PDF, the clean Markdown (per chapter and whole book),
``book.yaml``, an ONIX 3.0 record, the normalisation report (JSON + HTML review page), EPUBCheck's
output and the PDF checks, a README for the recipient and ``SHA256SUMS``.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import zipfile
from pathlib import Path

from . import __version__
from .book import Book
from .build import Build, Prepared, Project
from .corrections.decisions import is_open
from .errors import PipelineError
from .files import Outputs, write_atomic
from .kinds import Kind, Severity
from .model import Report
from .validate import epubcheck_messages, results_folder


def run_epubcheck(path: Path, cache: Path | None = None) -> tuple[list[dict], str]:
    messages = epubcheck_messages(path, cache)
    text = f"EPUBCheck (epubcheck {_version('epubcheck')}) on {path.name}\n"
    text += "\n".join(f"{m['level']} {m['id']} {m['location']}: {m['message']}" for m in messages) or "No errors or warnings."
    return messages, text + "\n"


def check_pdf(path: Path, book) -> dict:
    """Facts a printer checks: trim size, embedded fonts, tags, language, title, bookmarks."""
    from pypdf import PdfReader
    reader = PdfReader(str(path))
    root = reader.trailer["/Root"]

    def inches(value: str) -> float:
        v = value.strip()
        for unit, factor in (("in", 72.0), ("mm", 72 / 25.4), ("cm", 72 / 2.54), ("pt", 1.0)):
            if v.endswith(unit):
                return float(v[: -len(unit)]) * factor
        return float(v)

    want = (round(inches(book.trim_width)), round(inches(book.trim_height)))
    sizes, unembedded = set(), set()
    for page in reader.pages:
        trim = page.get("/TrimBox") or page.mediabox
        sizes.add((round(float(trim[2]) - float(trim[0])), round(float(trim[3]) - float(trim[1]))))
        for ref in ((page.get("/Resources") or {}).get("/Font") or {}).values():
            font = ref.get_object()
            desc = (font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font).get("/FontDescriptor")
            if desc is None or not any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                unembedded.add(str(font.get("/BaseFont")))
    checks = {
        "pages": len(reader.pages),
        "trim_size_pt": sorted(sizes),
        "trim_size_ok": sizes == {want},
        "fonts_embedded": not unembedded,
        "unembedded_fonts": sorted(unembedded),
        "tagged": bool(root.get("/MarkInfo", {}).get("/Marked")) and "/StructTreeRoot" in root,
        "language": str(root.get("/Lang", "")),
        "title": reader.metadata.title if reader.metadata else None,
        "bookmarks": len(reader.outline),
    }
    checks["ok"] = checks["trim_size_ok"] and checks["fonts_embedded"] and checks["tagged"] and bool(checks["language"])
    return checks


def _version(dist: str) -> str:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version(dist)
    except PackageNotFoundError:
        return "?"


PROOF = """\
PROOF — NOT FOR RELEASE. {count} note reference(s) or note(s) could not be linked and show as [?] in
the EPUB and the PDF (listed in reports/normalisation.json as errors). This bundle was made with
allow_unresolved for proofreading; fix the text and build again for the release.

"""

README = """\
{title} — publisher handoff bundle

Produced by the book-production pipeline {version} from the raw manuscript chapters and book.yaml.
Check the files with:  sha256sum -c SHA256SUMS

Files

{slug}.epub
    EPUB 3 e-book: one document per chapter, linked endnotes ({numbers}), table of
    contents, landmarks{pages}. EPUBCheck: {epubcheck}.
{slug}.pdf
    Print PDF, {trim} trim, {pdf_pages} pages, fonts embedded, tagged (PDF/UA-1); each note gives the
    page of its reference.
printer/{slug}-interior.pdf, printer/{slug}-cover.pdf
    The printer's files, PDF/X-4: the interior (the print PDF's pages, without links and tags) and
    the cover (back, spine and front with {cover_bleed} in bleed; spine {spine} in for {pdf_pages}
    pages of {paper} paper), each with an output intent ({profile}), trim and bleed boxes and every
    font embedded.
onix.xml
    ONIX 3.0 product records (EPUB and print) built from book.yaml; fields book.yaml does not give
    are omitted, never invented.
book.yaml
    The book's metadata as supplied.
markdown/book.md, markdown/NN-*.md
    The normalised manuscript as Pandoc Markdown: the whole book, and one file per chapter.
reports/normalisation.html
    Review page for the editor: every repair made to the raw text with before/after excerpts,
    ambiguous decisions first. Open it in a browser.
reports/normalisation.json
    The same report, machine-readable.
reports/epubcheck.txt
    EPUBCheck's output for the EPUB.
reports/pdf-checks.json
    Checks of the PDF: trim size, embedded fonts, tags, language, title, bookmarks.
reports/printer-checks.json
    Checks of the printer's files: PDF/X version, output intent, boxes, fonts, the cover's spine.
reports/onix-check.txt
    onix.xml checked against the ONIX 3.0 schema.
SHA256SUMS
    SHA-256 of every other file.

How it was produced

The raw text, extracted page by page from a printed book, was normalised: pages split, footnotes
recovered and continued notes merged, paragraphs and words broken at page and line ends rejoined,
headings levelled. A built-in check confirmed that every word of the input survives ({words} words,
0 lost, 0 added). The EPUB was packaged with EbookLib and validated with EPUBCheck; the PDF was
typeset with WeasyPrint in Charis SIL.
"""


def build_bundle(project: Project, log=print, allow_unresolved: bool = False) -> Path:
    """The handoff bundle in dist/: checked EPUB and PDF, ONIX, clean Markdown, reports, checksums.
    Nothing in dist/ changes unless every check passes."""
    from .epub import reproducible_zip

    build = Build.of(project, log=log)             # raises on a failed no-loss check
    book, prepared = build.book, build.prepared
    allowed = allow_unresolved or book.allow_unresolved
    _gate(project, book, prepared, allowed, log)
    # EPUB and PDF are reused when built from these very inputs (content fingerprints), else built in
    # build/stage/ and moved into dist/ only when the whole bundle passes: a refused bundle leaves dist/
    # as it was.
    inputs = project.output_inputs()
    outputs = Outputs(project.build)
    proof = bool(prepared.unresolved)         # (allowed by _gate: a proof, named and described so)
    out = project.dist / f"{book.slug}-{'proof-' if proof else ''}handoff.zip"
    bundle_inputs = f"{inputs} allow_unresolved={allowed}"
    if outputs.fresh(out, bundle_inputs) and all(outputs.fresh(project.dist / f"{book.slug}.{ext}", inputs)
                                                 for ext in ("epub", "pdf")):
        log(f"{out} is up to date (built from these very inputs, and checked then)")
        _summary(project, book, prepared, out, log)
        return out
    # The EPUB is validated before the PDF is typeset: a bundle that EPUBCheck refuses fails in
    # seconds, not after the whole book's layout.
    epub_path = _built(build, inputs, f"{book.slug}.epub", log)
    checks = _epubcheck_or_refuse(project, epub_path, log)
    pdf_path = _built(build, inputs, f"{book.slug}.pdf", log)
    checks["pdf"] = _pdf_checks_or_refuse(pdf_path, book)
    files = _bundle_files(build, epub_path, pdf_path, checks, proof, log)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name in sorted(files):
            z.writestr(name, files[name])
    data = reproducible_zip(buf.getvalue(), project.source_date_epoch())
    # Everything is written in build/stage/ first (a full disk fails there, dist/ untouched), then
    # moved into dist/ by renames: the EPUB, the PDF, the printer's files, the bundle last.
    stage = project.build / "stage"
    extra = {f"{book.slug}-interior.pdf": files[f"printer/{book.slug}-interior.pdf"],
             f"{book.slug}-cover.pdf": files[f"printer/{book.slug}-cover.pdf"], out.name: data}
    for name, content in extra.items():
        write_atomic(stage / name, content)
    for staged in (epub_path, pdf_path):
        _publish(project, inputs, staged)
    for name in extra:
        project.dist.mkdir(parents=True, exist_ok=True)
        os.replace(stage / name, project.dist / name)
    Outputs(project.build).record(out, bundle_inputs)
    log(f"wrote {out} ({len(files)} files{'; a proof: unresolved notes show as [?]' if proof else ''})")
    _summary(project, book, prepared, out, log)
    return out


def _summary(project: Project, book: Book, prepared: Prepared, out: Path, log) -> None:
    """What was written where, the warnings by kind, and the editorial decisions still open with the
    command that settles them."""
    lines = ["done: " + ", ".join(str(p) for p in (project.dist / f"{book.slug}.epub",
                                                    project.dist / f"{book.slug}.pdf", out) if p.exists()),
             "  for the printer (PDF/X-4): " + ", ".join(str(project.dist / f"{book.slug}-{part}.pdf")
                                                      for part in ("interior", "cover"))]
    warnings: dict[str, int] = {}
    for e in prepared.report.entries:
        if e.severity == Severity.WARNING:
            warnings[e.kind] = warnings.get(e.kind, 0) + 1
    if warnings:
        lines.append("warnings: " + ", ".join(f"{n} {kind}" for kind, n in sorted(warnings.items())))
    open_ = sum(1 for e in prepared.report.entries if is_open(e.decision, e.severity))
    if open_:
        lines.append(f"{open_} editorial decision(s) open: review them with: book-pipeline review {project.root}")
    for line in lines:
        log(line)


def _gate(project: Project, book: Book, prepared: Prepared, allowed: bool, log) -> None:
    """No bundle while the normaliser left errors (unresolved notes and markers only when ``allowed``:
    a proof bundle), or while a review that book.yaml requires is not done."""
    problems = [e for e in prepared.errors if not (allowed and e in prepared.unresolved)]
    if problems:
        remedy = (" (or make a proof bundle: --allow-unresolved, or allow_unresolved: true in book.yaml)"
                  if all(e in prepared.unresolved for e in problems) else "")
        raise PipelineError(
            f"bundle not written: {len(problems)} problem(s) in the text below; fix them in the seeds" + remedy,
            None, None, [(None, f"{e.file}:{e.line}: {e.kind}: {e.evidence}") for e in problems])
    for e in prepared.unresolved:
        log(f"warning: {e.file}:{e.line}: {e.kind}: {e.evidence} (allowed: a proof bundle)")
    if book.review == "required":
        _require_review(prepared, project)


def _built(build: Build, inputs: str, name: str, log) -> Path:
    """The EPUB or the PDF of these inputs: reused if already built from them (what its writer
    reported then joins the build's report), else built in build/stage/."""
    from .epub import build_epub
    from .pdf import build_pdf

    project = build.project
    found = _current(project, Outputs(project.build), inputs, name)
    if found is not None:
        build.reuse(found)
        return found
    path = project.build / "stage" / name

    def staged(message: str) -> None:       # (where it is now is no news: where it goes is)
        m = re.fullmatch(rf"wrote {re.escape(str(path))}(?: \((.*)\))?", message)
        if m:
            message = f"built {name} ({m.group(1) + '; ' if m.group(1) else ''}to {project.dist}/ once the " \
                      f"bundle's checks pass)"
        log(message)

    (build_epub if name.endswith(".epub") else build_pdf)(build, path, log=staged)
    return path


def _epubcheck_or_refuse(project: Project, epub_path: Path, log) -> dict:
    """EPUBCheck's messages and report on the EPUB; an error refuses the bundle."""
    log("validating the EPUB with EPUBCheck")
    messages, epubcheck_text = run_epubcheck(epub_path, results_folder(project.build))
    errors = [m for m in messages if m["level"] in ("ERROR", "FATAL")]
    if errors:
        raise PipelineError(f"bundle not written: EPUBCheck reports {len(errors)} error(s):\n  "
                            + "\n  ".join(f"{m['location']}: {m['message']}" for m in errors[:20]), str(epub_path))
    return {"epubcheck": messages, "epubcheck_text": epubcheck_text}


def _pdf_checks_or_refuse(pdf_path: Path, book: Book) -> dict:
    """The PDF's checks; one failed refuses the bundle."""
    pdf_checks = check_pdf(pdf_path, book)
    if not pdf_checks["ok"]:
        raise PipelineError(f"bundle not written: PDF checks failed: {json.dumps(pdf_checks)}", str(pdf_path))
    return pdf_checks


def _bundle_files(build: Build, epub_path: Path, pdf_path: Path, checks: dict, proof: bool = False,
                  log=lambda message: None) -> dict[str, bytes]:
    """Every file of the bundle by its name in the zip, SHA256SUMS last."""
    from .onix import build_onix, check_onix, explain
    from .review.page import review_html

    project, book, prepared = build.project, build.book, build.prepared
    # What rendering escaped or removed (raw HTML, remote images), the cover and the writers found join
    # the normalisation report (the chapters and the cover as the outputs have them, rendered once).
    build.chapters()
    build.cover()
    normalised = prepared.report
    report = Report(normalised.entries + build.report.entries, normalised.stats, normalised.layouts,
                    normalised.labels).to_json()
    pdf_checks, messages = checks["pdf"], checks["epubcheck"]
    onix = build_onix(book, pdf_checks["pages"], project.source_date_epoch())
    onix_problems = [explain(problem) for problem in check_onix(onix)]
    for problem in onix_problems:
        log(f"warning: {project.book_file}: {problem}")
    onix_report = ("ONIX 3.0 schema check (onixcheck): "
                   + ("valid.\n" if not onix_problems else
                      f"{len(onix_problems)} problem(s); each needs metadata that book.yaml does not give "
                      "(nothing is invented to fill it):\n" + "\n".join(onix_problems) + "\n"))
    printer, printer_checks = _printer_files(book, pdf_path, pdf_checks["pages"], project.source_date_epoch())
    files: dict[str, bytes] = {
        epub_path.name: epub_path.read_bytes(),
        pdf_path.name: pdf_path.read_bytes(),
        **printer,
        "reports/printer-checks.json": json.dumps(printer_checks, indent=1).encode() + b"\n",
        "book.yaml": project.book_file.read_bytes(),
        "markdown/book.md": prepared.book_markdown.read_bytes(),
        "onix.xml": onix,
        "reports/onix-check.txt": onix_report.encode(),
        "reports/normalisation.json": json.dumps(report, ensure_ascii=False, indent=1).encode() + b"\n",
        "reports/normalisation.html": review_html(report, book.title).encode(),
        "reports/epubcheck.txt": checks["epubcheck_text"].encode(),
        "reports/pdf-checks.json": json.dumps(pdf_checks, indent=1).encode() + b"\n",
    }
    for ch in prepared.chapters:
        files[f"markdown/{portable(ch.name, files)}"] = ch.clean.read_bytes()
    renumbered = bool(prepared.report.labels)
    files["README.txt"] = ((PROOF.format(count=len(prepared.unresolved)) if proof else "") + README.format(
        title=book.title, version=__version__, slug=book.slug,
        numbers="notes renumbered in reading order (the source's labels repeat; the mapping is in "
                "reports/normalisation.json)" if renumbered else "source note numbers kept",
        pages=", print page list" if book.first_page is not None else "",
        trim=f"{book.trim_width} × {book.trim_height}", pdf_pages=pdf_checks["pages"],
        epubcheck="0 errors" + (f", {len(messages)} warning(s)" if messages else ", 0 warnings"),
        words=prepared.report.stats.get("words_in", "?"), spine=f"{printer_checks['spine_in']:.3f}",
        paper=book.paper, cover_bleed=f"{printer_checks['bleed_in']:g}",
        profile=Path(book.print_profile).name if book.print_profile else "sRGB IEC61966-2.1")).encode()
    files["SHA256SUMS"] = "".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n"
                                  for name, data in sorted(files.items())).encode()
    return files


def _printer_files(book: Book, pdf_path: Path, pages: int, epoch: int) -> tuple[dict[str, bytes], dict]:
    """The printer's interior and cover as PDF/X-4 (:mod:`.printer`), checked: a file that fails its
    check refuses the bundle."""
    from .cover import cover_pdf
    from .printer import check_pdfx, to_pdfx

    uid = book.uid.rsplit(":", 1)[-1] if book.uid.startswith("urn:uuid:") else \
        hashlib.sha256(book.uid.encode()).hexdigest()[:32]
    interior = to_pdfx(pdf_path.read_bytes(), book.title, uid, epoch, None, book.print_profile)
    cover, wrap = cover_pdf(book, pages)
    cover = to_pdfx(cover, f"{book.title} (cover)", uid, epoch, wrap.bleed, book.print_profile)
    checks = {"interior": check_pdfx(interior), "cover": check_pdfx(cover),
              "spine_in": round(wrap.spine, 4), "bleed_in": wrap.bleed, "paper": book.paper, "pages": pages}
    cover_width = checks["cover"]["media_in"][2] - checks["cover"]["media_in"][0]
    checks["cover"]["spine_in"] = round(cover_width - 2 * wrap.trim_width - 2 * wrap.bleed, 4)
    problems = [f"{name}: {key}" for name in ("interior", "cover") for key in
                ("output_intent", "pdfx_version", "boxes", "fonts_embedded") if not checks[name][key]]
    if checks["interior"]["pages"] != pages or abs(checks["cover"]["spine_in"] - checks["spine_in"]) > 0.001:
        problems.append(f"the cover's spine is {checks['cover']['spine_in']} in for {pages} pages "
                        f"({checks['spine_in']} in expected)")
    if problems:
        raise PipelineError("bundle not written: the printer's files fail their checks: " + "; ".join(problems),
                            str(pdf_path))
    return {f"printer/{book.slug}-interior.pdf": interior, f"printer/{book.slug}-cover.pdf": cover}, checks


def portable(name: str, taken=()) -> str:
    """A file name every system unpacks: ASCII letters, digits, '.', '-' and '_' (a seed's name may
    hold < > : " | ? * or a backslash, which Windows refuses), at most 120 characters, unique."""
    import unicodedata
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", ascii_name).strip("._") or "chapter.md"
    if len(safe) > 120:
        stem, dot, ext = safe.rpartition(".")
        safe = f"{stem[:100]}-{hashlib.sha256(name.encode()).hexdigest()[:8]}{dot}{ext}"
    out, n = safe, 1
    while f"markdown/{out}" in taken:
        n += 1
        out = safe.replace(".md", f"-{n}.md") if safe.endswith(".md") else f"{safe}-{n}"
    return out


def _require_review(prepared: Prepared, project: Project) -> None:
    """``review: required``: every ambiguous decision confirmed or overturned, no stale ruling."""
    left = [e for e in prepared.report.entries if is_open(e.decision, e.severity) or e.kind == Kind.DECISION_STALE]
    if left:
        lines = [f"{e.file}:{e.line}: {e.decision}: "
                 + ("stale ruling" if e.kind == Kind.DECISION_STALE else f"{e.kind} (open)")
                 + f": {e.before[:80]}" for e in left[:30]]
        raise PipelineError(f"bundle not written: book.yaml says review: required, and {len(left)} decision(s) "
                            f"are open or stale; settle them with make review:\n  " + "\n  ".join(lines),
                            str(project.corrections_file))


def _current(project: Project, outputs: Outputs, inputs: str, name: str) -> Path | None:
    """The EPUB or PDF already built from these inputs: in dist/, or staged by a refused bundle."""
    for path in (project.dist / name, project.build / "stage" / name):
        if outputs.fresh(path, inputs):
            return path
    return None


def _publish(project: Project, inputs: str, path: Path) -> None:
    """Move a staged output into dist/ (the bundle passed), with what its writer reported."""
    final = project.dist / path.name
    if path == final:
        return
    final.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.replace(path, final)
    except OSError:                      # another file system: copy through a temporary file
        write_atomic(final, path.read_bytes())
        path.unlink()
    outputs = Outputs(project.build)
    entries = outputs.entries(path)
    outputs.forget(path)
    outputs.record(final, inputs, entries)
