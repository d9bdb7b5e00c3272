"""Command-line interface: ``book-pipeline COMMAND [BOOK-FOLDER]`` (also ``python -m pipeline``).

Exit codes: 0 done; 1 the book has problems that stop the output (unresolved notes, a failed
normalisation check, errors in the report); 2 a refusal or bad input (a message names the file and
the remedy); 130 interrupted."""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from .errors import PipelineError
from .kinds import Kind
from .dialects import DIALECT_NAMES


def _write_report(report, path: str | None) -> None:
    if path:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_text(json.dumps(report.to_json(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def summary(report) -> str:
    s = report.stats
    lines = [f"{s.get('chapters', 0)} chapter(s): {s.get('headings', 0)} headings, "
             f"{s.get('paragraphs', 0)} paragraphs, {s.get('notes', 0)} notes, "
             f"{s.get('page_ends', 0)} page ends; words in {s.get('words_in', '?')}, "
             f"out {s.get('words_out', '?')}, lost {s.get('words_lost', '?')}, added {s.get('words_added', '?')}"]
    for e in report.entries:
        if e.kind == Kind.INPUT_DIALECT:       # (which tool's text each file was read as, and why)
            lines.append(f"  input: {e.file}: {e.evidence.split('; ')[0]}")
    for lay in report.layouts:
        lines.append(f"  layout: {lay['file']}: {lay['chapter'] or '(no heading)'}: {lay['summary']}")
    if report.labels:
        lines.append(f"  notes renumbered in reading order: {len(report.labels)} (printed labels repeat; "
                     f"mapping in the report's 'labels')")
    for key, count in report.counts().items():
        lines.append(f"  {count:5d}  {key}")
    for e in report.entries:
        if e.severity == "error" or e.kind == Kind.DECISION_STALE:
            lines.append(f"{'error' if e.severity == 'error' else 'warning'}: {e.file}:{e.line}: {e.kind}: "
                         f"{e.evidence}")
    return "\n".join(lines)


def cmd_normalise(args) -> int:
    from .normalise import NoLossError, normalise

    from .corrections.config import load_corrections

    corrections = load_corrections(Path(args.corrections)) if args.corrections else None
    failure = None
    try:
        result = normalise(args.raw, lang=args.lang, typography=args.typography, corrections=corrections,
                           dialect=args.input)
    except NoLossError as exc:
        # The Markdown and the report are still written, for the editor to see where words went.
        result, failure = exc.result, exc
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(result.markdown(page_marks=args.page_marks), encoding="utf-8")
    _write_report(result.report, args.report)
    print(summary(result.report), file=sys.stderr)
    if failure is not None:
        print(f"error: {failure}", file=sys.stderr)
        return 2
    return 1 if result.report.errors else 0


def _project(args):
    from .build import Project
    return Project.from_args(args.folder or args.root, args.seeds, args.book, args.build, args.dist)


QUIET = 0      # -q: warnings and errors only
VERBOSE = 1    # -v: every repair and decision too
_level = [1]


def _shown() -> tuple[str, ...]:
    """The severities printed: warnings and errors; with -v, every repair and decision too."""
    return ("warning", "error") if _level[0] <= VERBOSE else ("warning", "error", "ambiguous", "repair")


def _log(msg: str) -> None:
    if _level[0] == QUIET and not msg.startswith(("error", "warning")):
        return
    print(msg, file=sys.stderr)


def cmd_markdown(args) -> int:
    from .build import prepare
    project = _project(args)
    with project.locked(_log):
        prepared = prepare(project, log=_log)
    _log_problems(prepared, _allowed(args, project))
    _log(f"markdown in {project.build / 'clean'} and {prepared.book_markdown}; report {project.build / 'report.json'}")
    return 0 if _unresolved_allowed(args, project, prepared) else 1


def _log_problems(prepared, allowed: bool = False) -> None:
    """Each warning and error of the normalisation, with the file and line it is about (with -v,
    every repair and decision too); an unresolved note a proof may keep (``allowed``) is a warning."""
    shown = _shown()
    for e in prepared.report.entries:
        if e.severity not in shown:
            continue
        proof = allowed and e in prepared.unresolved
        _log(f"{'warning' if proof else e.severity}: {e.file}:{e.line}: {e.kind}: {e.evidence}"
             + (f" ({e.before})" if e.before and e.kind not in (Kind.WORDS_LOST, Kind.WORDS_ADDED) else "")
             + (" (allowed: a proof)" if proof else ""))


def _allowed(args, project) -> bool:
    return getattr(args, "allow_unresolved", False) or project.book().allow_unresolved


def _unresolved_allowed(args, project, prepared) -> bool:
    """Unresolved markers or notes stop a build unless --allow-unresolved or book.yaml's
    allow_unresolved says to make proofs all the same."""
    if not prepared.unresolved:
        return True
    if _allowed(args, project):
        _log(f"warning: {len(prepared.unresolved)} unresolved marker(s) or note(s): a proof "
             f"(--allow-unresolved); they show as [?] in the outputs")
        return True
    _log(f"error: {len(prepared.unresolved)} unresolved marker(s) or note(s) (listed above): fix the text, or "
         f"make proofs with --allow-unresolved (allow_unresolved: true in book.yaml)")
    return False


def _cmd_output(args, suffix: str, builder) -> int:
    project = _project(args)
    with project.locked(_log):
        return _output(args, project, suffix, builder)


def _output(args, project, suffix: str, builder) -> int:
    from .build import Build
    from .files import Outputs
    build = Build.of(project, log=_log)
    _log_problems(build.prepared, _allowed(args, project))
    if not _unresolved_allowed(args, project, build.prepared):
        return 1
    out = Path(args.output) if args.output else project.dist / f"{build.book.slug}.{suffix}"
    if Outputs(project.build).fresh(out, project.output_inputs()):
        _log(f"{out} is up to date")
        return 0
    builder(build, out, log=_log)
    _print_render_report(build.report)
    return 0


def cmd_epub(args) -> int:
    from .epub import build_epub
    return _cmd_output(args, "epub", build_epub)


def cmd_pdf(args) -> int:
    from .pdf import build_pdf
    return _cmd_output(args, "pdf", build_pdf)


def _print_render_report(report) -> None:
    """What rendering changed: warnings and errors (with -v, every entry)."""
    shown = _shown()
    for e in report.entries:
        if e.severity in shown:
            _log(f"{e.severity}: {e.file}:{e.line}: {e.kind}: {e.evidence}" + (f" ({e.before})" if e.before else ""))


def cmd_new(args) -> int:
    from .newbook import create
    folder = Path(args.folder)
    written = create(folder)
    _log(f"wrote a new book folder {folder}: " + ", ".join(str(p.relative_to(folder)) for p in written))
    _log(f"next: edit {folder / 'book.yaml'}, put your chapters in {folder / 'seeds'} (a .txt file per chapter, "
         f"in name order; remove the sample), then: book-pipeline build {folder}")
    return 0


def cmd_catalogue(args) -> int:
    from .catalogue import run_catalogue
    if args.workers is not None and args.workers < 1:
        raise PipelineError(f"--workers {args.workers}: give at least 1")
    outcome = run_catalogue(Path(args.catalogue), args.output, scheduler=args.scheduler, workers=args.workers,
                            state_path=Path(args.state) if args.state else None, log=_log,
                            progress=_level[0] != QUIET)
    for key, message in outcome.failed:
        for line in message.splitlines() or [""]:
            _log(f"error: {key}: {line}")
    _log(f"catalogue: {len(outcome.built)} built, {len(outcome.unchanged)} unchanged, {len(outcome.failed)} failed "
         f"in {outcome.seconds:.0f} s; written to {args.output} (catalogue.html, catalogue.json, onix.xml); "
         f"state: {outcome.state}")
    return 1 if outcome.failed else 0


def cmd_bundle(args) -> int:
    from .bundle import build_bundle
    project = _project(args)
    with project.locked(_log):
        build_bundle(project, log=_log, allow_unresolved=args.allow_unresolved)
    return 0


def cmd_extract(args) -> int:
    from .extract import extract
    pages = None
    if args.pages:
        m = re.fullmatch(r"\s*(\d+)\s*-\s*(\d+)\s*", args.pages)
        if not m:
            raise PipelineError(f"--pages {args.pages!r}: give a range such as 7-250")
        pages = (int(m.group(1)), int(m.group(2)))
    starts = None
    if args.chapter_starts:
        try:
            starts = [int(x) for x in args.chapter_starts.split(",") if x.strip()]
        except ValueError:
            raise PipelineError(f"--chapter-starts {args.chapter_starts!r}: give page numbers such as 7,31,58") from None
    extract(Path(args.pdf), Path(args.output), pages, starts, log=_log, force=args.force)
    return 0


def cmd_review(args) -> int:
    from .review.app import serve
    serve(_project(args), port=args.port, browser=not args.no_browser, log=_log)
    return 0


def cmd_bench(args) -> int:
    from .bench import bench
    sizes = tuple(int(x) for x in args.sizes.split(",") if x.strip())
    return bench(args.raw, runs=args.runs, log=_log, sizes=sizes, typeset_pdf=not args.no_pdf,
                 build_rows=not args.no_builds, catalogue_row=not args.no_catalogue)


def _add_project_args(p) -> None:
    p.add_argument("folder", nargs="?", metavar="BOOK-FOLDER",
                   help="the book's folder: book.yaml, seeds/ (default: the current folder)")
    p.add_argument("--root", default=".", help=argparse.SUPPRESS)      # (the folder, as before)
    p.add_argument("--seeds", help="folder of raw chapter files *.txt, read in name order (default: FOLDER/seeds)")
    p.add_argument("--book", help="book metadata YAML (default: FOLDER/book.yaml)")
    p.add_argument("--build", help="folder for intermediate files (default: FOLDER/build)")
    p.add_argument("--dist", help="folder for outputs (default: FOLDER/dist)")
    p.add_argument("--allow-unresolved", action="store_true",
                   help="build although markers or notes are unresolved (proofs; they show as [?])")


def _version() -> str:
    from importlib import metadata
    try:
        return metadata.version("pipeline")
    except metadata.PackageNotFoundError:     # run from a checkout that was never installed
        return "unknown (not installed)"


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="book-pipeline",
        description="Turn raw page-extracted chapters into clean Markdown, an EPUB 3, a print PDF and a "
                    "publisher handoff bundle. Start with: book-pipeline new mybook; then book-pipeline "
                    "build mybook.",
        epilog="Exit codes: 0 done; 1 the book has problems that stop the output; 2 a refusal or bad "
               "input (the message names the file and the remedy); 130 interrupted.")
    p.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    p.add_argument("-q", "--quiet", action="store_const", dest="level", const=QUIET, default=1,
                   help="print warnings and errors only")
    p.add_argument("-v", "--verbose", action="store_const", dest="level", const=VERBOSE + 1,
                   help="print every repair and decision of the normalisation too")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    w = sub.add_parser("new", help="write a new book folder: book.yaml, seeds/ with a sample chapter, .gitignore",
                       description="Write a new book folder to start from: a commented book.yaml, seeds/ with "
                                   "a short sample chapter (two pages with notes at the foot) and a .gitignore. "
                                   "Refuses a folder that holds anything already.")
    w.add_argument("folder", metavar="BOOK-FOLDER", help="the folder to create")
    w.set_defaults(func=cmd_new)

    a = sub.add_parser("build", help="everything: EPUB, PDF, Markdown and the handoff bundle (same as bundle)",
                       description="Build the EPUB, the print PDF and the Markdown where they are not up to date, "
                                   "validate them and write the publisher handoff zip (see bundle).")
    _add_project_args(a)
    a.set_defaults(func=cmd_bundle)

    x = sub.add_parser("extract", help="a book's PDF -> raw chapter files (the normaliser's input)",
                       description="Read a printed book's PDF (with a text layer) into one raw chapter file per "
                                   "chapter: each page's body, then '---' and its footnotes, <sup>N</sup> "
                                   "markers; running heads and folios, front and back matter left out; "
                                   "extract-report.json beside them.")
    x.add_argument("pdf", help="the book's PDF")
    x.add_argument("-o", "--output", required=True, help="folder for the chapter files (e.g. seeds/)")
    x.add_argument("--pages", help="the PDF pages to read, e.g. 7-250 (default: all)")
    x.add_argument("--force", action="store_true",
                   help="replace the chapter files of a folder that holds some (default: refuse a folder that "
                        "is not empty)")
    x.add_argument("--chapter-starts", help="PDF pages where chapters start, e.g. 7,31,58 (default: the "
                                            "PDF's bookmarks, else chapter-size headings)")
    x.set_defaults(func=cmd_extract)

    n = sub.add_parser("normalise", help="raw chapter file(s) -> one clean Pandoc Markdown file",
                       description="Normalise raw page-extracted chapters (in reading order) into one Pandoc "
                                   "Markdown file: pages split, notes recovered and linked, paragraphs and "
                                   "hyphenated words rejoined, headings levelled. Fails (exit 1) when a word "
                                   "would be lost or invented, or a marker or note is unresolved.")
    n.add_argument("raw", nargs="+", help="raw chapter files, in reading order")
    n.add_argument("-o", "--output", required=True, help="Markdown file to write")
    n.add_argument("--report", help="write every repair and warning as JSON to this file")
    n.add_argument("--lang", default="en", help="language of the text for the hyphenation dictionary (default en)")
    n.add_argument("--typography", choices=("smart", "as-typed"), default="smart",
                   help="smart (default, as book.yaml's default): typographic quotes and apostrophes for --lang; "
                        "as-typed: kept as in the text")
    n.add_argument("--corrections", help="an editor's corrections.yaml: rulings on decisions and text corrections")
    n.add_argument("--input", choices=DIALECT_NAMES, default="auto",
                   help="the tool whose text the files are: auto (default: detected per file from evidence), "
                        "seed (the seed's page text, or what extract writes), pdftotext, pymupdf")
    n.add_argument("--page-marks", action="store_true",
                   help="keep printed page ends as empty []{.pagebreak} spans")
    n.set_defaults(func=cmd_normalise)

    m = sub.add_parser("markdown", help="normalise seeds/ into build/ (cached: re-runs only when a seed changed)",
                       description="Normalise the book's seeds into clean Pandoc Markdown in build/clean (one file "
                                   "per chapter) and build/book.md, with build/report.json listing every repair. "
                                   "Only changed seeds are normalised again.")
    _add_project_args(m)
    m.set_defaults(func=cmd_markdown)

    e = sub.add_parser("epub", help="build dist/<slug>.epub (EPUB 3, linked endnotes, page list)",
                       description="Build the EPUB 3 (notes linked both ways, navigation, page list when "
                                   "book.yaml gives first_page) into dist/, normalising first when needed.")
    _add_project_args(e)
    e.add_argument("-o", "--output", help="EPUB file to write (default: DIST/<slug>.epub)")
    e.set_defaults(func=cmd_epub)

    d = sub.add_parser("pdf", help="build dist/<slug>.pdf (print PDF at book.yaml's trim, tagged, notes with page "
                                   "references)",
                       description="Typeset the print PDF (PDF/UA tagged, at book.yaml's trim and bleed; notes as "
                                   "endnotes with page references or, with notes: footnotes, at the page foot) "
                                   "into dist/, normalising first when needed.")
    _add_project_args(d)
    d.add_argument("-o", "--output", help="PDF file to write (default: DIST/<slug>.pdf)")
    d.set_defaults(func=cmd_pdf)

    b = sub.add_parser("bundle", help="build what is missing, validate, and write dist/<slug>-handoff.zip",
                       description="Write the publisher handoff zip (EPUB, PDF, Markdown, book.yaml, ONIX 3.0, "
                                   "reports, README.txt, SHA256SUMS). Refuses (exit 2) when EPUBCheck reports "
                                   "an error, the no-loss check fails, a note is unresolved or the PDF checks fail.")
    _add_project_args(b)
    b.set_defaults(func=cmd_bundle)

    r = sub.add_parser("review", help="the editor's review in the browser: confirm or overturn decisions, "
                                      "correct the text (written to corrections.yaml)",
                       description="Serve the editor's review on http://127.0.0.1:PORT/ (this machine only): every "
                                   "decision and repair beside the raw page, ambiguous ones first. Rulings and "
                                   "text corrections are written to corrections.yaml beside book.yaml and the "
                                   "book is normalised again at once; every build applies them.")
    _add_project_args(r)
    r.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default 8000)")
    r.add_argument("--no-browser", action="store_true", help="do not open a browser")
    r.set_defaults(func=cmd_review)

    c = sub.add_parser("catalogue", help="build many books side by side on Dask: each book's bundle, a catalogue "
                                         "page, catalogue.json and one ONIX message",
                       description="Build every book of CATALOGUE (a folder of book folders, or a YAML list of them) "
                                   "into OUT (a folder or an fsspec URL such as s3://bucket/prefix), one Dask task a "
                                   "book, on a cluster on this machine or the one --scheduler names. Only books "
                                   "whose inputs changed or that failed are built again; the run's state is kept in "
                                   "OUT.sqlite beside OUT. Exit status 1 when a book failed (the others are built).")
    c.add_argument("catalogue", metavar="CATALOGUE",
                   help="a folder of book folders (book.yaml and seeds/ each) or a YAML list of them")
    c.add_argument("-o", "--output", metavar="OUT", required=True, help="where the books go: a folder or an fsspec URL")
    c.add_argument("--scheduler", metavar="ADDRESS", help="a running Dask scheduler (tcp://HOST:8786; default: "
                                       "$DASK_SCHEDULER_ADDRESS, else a cluster on this machine)")
    c.add_argument("--workers", type=int, metavar="N",
                   help="workers of the cluster on this machine (default: one a core)")
    c.add_argument("--state", metavar="FILE", help="the run's SQLite state (default: OUT.sqlite beside OUT)")
    c.set_defaults(func=cmd_catalogue)

    k = sub.add_parser("bench", help="(for developers) time the normaliser and each build beside pandoc and "
                                     "WeasyPrint; writes build/bench.json",
                       description="For developers: time the normaliser (speed and memory targets), each build "
                                   "command on the seed and the book beside pandoc and WeasyPrint, and measure "
                                   "the PDF's note and body spacing; writes build/bench.json.")
    k.add_argument("raw", nargs="+", help="raw chapter files, in reading order")
    k.add_argument("--runs", type=int, default=3, help="number of timed runs (default 3)")
    k.add_argument("--sizes", default="1,10,50",
                   help="manuscript sizes in MB to measure memory growth on, comma-separated ('' for none)")
    k.add_argument("--no-pdf", action="store_true", help="skip the print PDF's spacing measures")
    k.add_argument("--no-builds", action="store_true",
                   help="skip the build commands beside pandoc and WeasyPrint (seed and Pepys)")
    k.add_argument("--no-catalogue", action="store_true",
                   help="skip the catalogue of 40 books on 1 and 2 Dask workers")
    k.set_defaults(func=cmd_bench)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _level[0] = args.level
    try:
        return args.func(args)
    except PipelineError as exc:
        for line in exc.lines():
            print(f"error: {line}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except OSError as exc:
        # a read-only folder, a full disk, a vanished file: one line naming the file and the cause
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"error: {where}{exc.strerror or exc} (nothing was left half-written)", file=sys.stderr)
        return 2
    except RecursionError:
        print("error: the text is nested too deeply to be read (emphasis or brackets inside one another "
              "hundreds of times)", file=sys.stderr)
        return 2
