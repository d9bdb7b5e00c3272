"""The build commands beside plain tools, each pair timed in the same run (medians of several runs;
peak memory of each process from ``wait4``).

| row | this project | peer |
|---|---|---|
| normalise | ``pipeline markdown`` from nothing | ``pandoc -f markdown -t markdown`` on the book's Markdown |
| EPUB | ``pipeline epub``, normalisation cached, chapters rendered | ``pandoc book.md -o book.epub`` |
| EPUB, rendered chapters cached | ``pipeline epub`` | (same peer) |
| PDF | ``pipeline pdf``, normalisation and rendering cached | WeasyPrint alone on print.html as the speed issue
  measured it: the notes' page references as ``target-counter()`` (``filing_html``); and on today's print.html |
| one word changed | ``pipeline epub`` then ``pdf`` after a one-word edit | the same from nothing (``make clean``) |
| nothing changed | ``pipeline bundle`` | |

Targets (from the speed issue; the EPUB's from the typed-build issue): EPUB at most 1.0 times pandoc's;
PDF at most 0.85 times the bare WeasyPrint time measured before this work ("fewer passes": 31.2 s for
Pepys on the issue's machine,
on a print.html whose notes said their reference's page with ``target-counter()``, which makes
WeasyPrint lay the notes out again; here the same document is rebuilt from today's print.html and
timed in the same run); one word changed, ``epub`` at most 25 % of its time from nothing; nothing
changed, at most 2 s. The PDF row also gives WeasyPrint alone on today's print.html (page references
already text), which no build that lays the book out with WeasyPrint can beat by much.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from .. import resources

EPUB_RATIO = 1.0
PDF_RATIO = 0.85
ONE_WORD_SHARE = 0.25
NOTHING_SECONDS = 2.0

_BARE_WEASYPRINT = """
import sys
from weasyprint import CSS, HTML
from pipeline.book import load_book
from pipeline.pdf.layout import page_css
html, styles, book, out = sys.argv[1:5]
extra = [CSS(string=sys.argv[5])] if len(sys.argv) > 5 else []
HTML(filename=html, base_url=html).write_pdf(out, stylesheets=[
    CSS(filename=styles + "/print.css"), CSS(string=page_css(load_book(book))), *extra], pdf_variant="pdf/ua-1")
"""


# The notes' back links as the speed issue's print.html set them: the page of the reference by
# target-counter(), not as text (styles/print.css at the issue's filing, a.backlink::after).
_BACKLINK = re.compile(r'(<a class="backlink" href="#[^"]+"[^>]*>) \(p\.\s\d+\)</a>')
FILING_CSS = 'a.backlink::after { content: " (p.\\00a0" target-counter(attr(href url), page) ")"; }\n'


def filing_html(html: str) -> str:
    """Today's print.html with the notes' page references left to ``target-counter()`` again."""
    return _BACKLINK.sub(r"\1</a>", html)


@dataclass
class Timing:
    seconds: list[float] = field(default_factory=list)
    peak_mb: float = 0.0

    @property
    def median(self) -> float:
        return statistics.median(self.seconds) if self.seconds else float("nan")

    def to_json(self) -> dict:
        return {"median_s": round(self.median, 3), "runs_s": [round(s, 3) for s in self.seconds],
                "peak_mb": round(self.peak_mb)}


def timed(cmd: list[str], timing: Timing, env: dict | None = None) -> None:
    """Run ``cmd``; its wall time and peak memory join ``timing``. A failure is an error."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        timing.seconds.append(time.perf_counter() - start)
        timing.peak_mb = max(timing.peak_mb, usage.ru_maxrss / 1024)
        if os.waitstatus_to_exitcode(status) != 0:
            err.seek(0)
            tail = err.read().decode("utf-8", "replace").strip().splitlines()[-3:]
            raise RuntimeError(f"{' '.join(map(str, cmd[:4]))} … failed: {' / '.join(tail)}")


class Book:
    """A book laid out in a scratch folder: its seeds (copied, so that one can be edited), book.yaml,
    build/ and dist/."""

    def __init__(self, name: str, seeds: list[Path], book_yaml: str, root: Path):
        self.name = name
        self.root = root / name
        self.seeds = self.root / "seeds"
        self.seeds.mkdir(parents=True)
        for path in seeds:
            shutil.copy(path, self.seeds / path.name)
        self.book = self.root / "book.yaml"
        self.book.write_text(book_yaml, encoding="utf-8")
        self.build = self.root / "build"
        self.dist = self.root / "dist"
        # from nothing: a shared cache of the caller's (PIPELINE_CACHE_DIR) would hold the renders
        self.env = {**{k: v for k, v in os.environ.items() if k != "PIPELINE_CACHE_DIR"},
                    "SOURCE_DATE_EPOCH": "1700000000"}

    def command(self, name: str) -> list[str]:
        return [sys.executable, "-m", "pipeline", name, "--seeds", str(self.seeds), "--book", str(self.book),
                "--build", str(self.build), "--dist", str(self.dist)]

    def run(self, name: str, timing: Timing | None = None) -> None:
        timed(self.command(name), timing if timing is not None else Timing(), self.env)

    def clean(self) -> None:
        shutil.rmtree(self.build, ignore_errors=True)
        shutil.rmtree(self.dist, ignore_errors=True)

    def remove(self, pattern: str, where: Path | None = None) -> None:
        for path in (where or self.dist).glob(pattern):
            path.unlink()


def measure(book: Book, runs: int, log) -> dict:
    from .. import pandoc

    rows: dict[str, dict] = {}
    ours, peer = Timing(), Timing()
    for _ in range(runs):                               # normalise from nothing
        book.clean()
        book.run("markdown", ours)
        timed([pandoc.executable(), "-f", "markdown", "-t", "markdown", str(book.build / "book.md"),
               "-o", os.devnull], peer)
    rows["normalise"] = {"ours": ours.to_json(), "peer": peer.to_json(), "peer_is": "pandoc -f markdown -t markdown"}

    ours, warm, peer = Timing(), Timing(), Timing()
    for _ in range(runs):                               # EPUB, normalisation cached
        book.remove("*.epub")
        shutil.rmtree(book.build / "render", ignore_errors=True)
        book.run("epub", ours)
        book.remove("*.epub")
        book.run("epub", warm)
        timed([pandoc.executable(), str(book.build / "book.md"), "-o", str(book.root / "peer.epub")], peer)
    rows["epub"] = {"ours": ours.to_json(), "peer": peer.to_json(), "peer_is": "pandoc book.md -o book.epub",
                    "ratio": round(ours.median / peer.median, 2), "target": EPUB_RATIO}
    rows["epub_rendered_cached"] = {"ours": warm.to_json(), "ratio": round(warm.median / peer.median, 2)}

    ours, peer, today = Timing(), Timing(), Timing()
    styles = str(resources.styles())
    for i in range(runs):                               # PDF, normalisation and rendering cached
        book.remove("*.pdf")
        book.run("pdf", ours)
        if i == 0:
            filing = book.build / "print-at-filing.html"
            filing.write_text(filing_html((book.build / "print.html").read_text(encoding="utf-8")), encoding="utf-8")
        timed([sys.executable, "-c", _BARE_WEASYPRINT, str(filing), styles, str(book.book),
               str(book.root / "peer.pdf"), FILING_CSS], peer, book.env)
        timed([sys.executable, "-c", _BARE_WEASYPRINT, str(book.build / "print.html"), styles, str(book.book),
               str(book.root / "peer-today.pdf")], today, book.env)
    rows["pdf"] = {"ours": ours.to_json(), "peer": peer.to_json(),
                   "peer_is": "WeasyPrint alone on print.html with the notes' page references by target-counter()",
                   "ratio": round(ours.median / peer.median, 2), "target": PDF_RATIO,
                   "today": today.to_json(), "today_is": "WeasyPrint alone on today's print.html",
                   "ratio_today": round(ours.median / today.median, 2)}

    full_epub, full_pdf, one_epub, one_pdf = Timing(), Timing(), Timing(), Timing()
    chapter = sorted(book.seeds.glob("*.txt"))[len(list(book.seeds.glob("*.txt"))) // 2]
    original = chapter.read_text(encoding="utf-8")
    for i in range(runs):                               # one word changed vs from nothing
        book.clean()
        book.run("epub", full_epub)
        book.run("pdf", full_pdf)
        chapter.write_text(_one_word_changed(original, i), encoding="utf-8")
        book.run("epub", one_epub)
        book.run("pdf", one_pdf)
    chapter.write_text(original, encoding="utf-8")
    rows["one_word_changed"] = {
        "epub": one_epub.to_json(), "pdf": one_pdf.to_json(), "full_epub": full_epub.to_json(),
        "full_pdf": full_pdf.to_json(), "epub_share": round(one_epub.median / full_epub.median, 2),
        "epub_pdf_share": round((one_epub.median + one_pdf.median) / (full_epub.median + full_pdf.median), 2),
        "target_epub_share": ONE_WORD_SHARE}

    nothing = Timing()
    book.run("bundle")
    for _ in range(runs):                               # nothing changed
        book.run("bundle", nothing)
    rows["nothing_changed"] = {"bundle": nothing.to_json(), "target_s": NOTHING_SECONDS}
    _log_rows(book.name, rows, log)
    return rows


def _one_word_changed(text: str, i: int) -> str:
    """The text with one word changed (a different one each run, so that each run is a change)."""
    words = [w for w in text.split(" ") if w.isalpha() and len(w) > 4]
    word = words[len(words) // 2 + i]
    return text.replace(f" {word} ", f" {word[::-1]} ", 1)


def targets_met(rows: dict) -> list[str]:
    """The targets missed, as sentences (empty: all met)."""
    missed = []
    if rows["epub"]["ratio"] > EPUB_RATIO:
        missed.append(f"EPUB {rows['epub']['ratio']}× pandoc (target ≤ {EPUB_RATIO}×)")
    if rows["pdf"]["ratio"] > PDF_RATIO:
        missed.append(f"PDF {rows['pdf']['ratio']}× bare WeasyPrint (target ≤ {PDF_RATIO}×)")
    if rows["one_word_changed"]["epub_share"] > ONE_WORD_SHARE:
        missed.append(f"one word changed: epub {rows['one_word_changed']['epub_share']:.0%} of its full time "
                      f"(target ≤ {ONE_WORD_SHARE:.0%})")
    if rows["nothing_changed"]["bundle"]["median_s"] > NOTHING_SECONDS:
        missed.append(f"nothing changed: {rows['nothing_changed']['bundle']['median_s']} s (target ≤ {NOTHING_SECONDS} s)")
    return missed


def _log_rows(name: str, rows: dict, log) -> None:
    def t(timing: dict) -> str:
        return f"{timing['median_s']:.2f} s, {timing['peak_mb']} MB"
    log(f"builds ({name}), medians:")
    log(f"  normalise: {t(rows['normalise']['ours'])} | {rows['normalise']['peer_is']}: "
        f"{t(rows['normalise']['peer'])}")
    log(f"  EPUB: {t(rows['epub']['ours'])} ({rows['epub']['ratio']}× pandoc, target ≤ {EPUB_RATIO}×), "
        f"rendered chapters cached {t(rows['epub_rendered_cached']['ours'])} "
        f"({rows['epub_rendered_cached']['ratio']}×) | pandoc: {t(rows['epub']['peer'])}")
    log(f"  PDF: {t(rows['pdf']['ours'])} ({rows['pdf']['ratio']}× bare WeasyPrint with target-counter() page "
        f"references, target ≤ {PDF_RATIO}×; {rows['pdf']['ratio_today']}× on today's print.html) | bare "
        f"WeasyPrint: {t(rows['pdf']['peer'])}, on today's print.html {t(rows['pdf']['today'])}")
    one = rows["one_word_changed"]
    log(f"  one word changed: epub {t(one['epub'])} ({one['epub_share']:.0%} of {t(one['full_epub'])}, "
        f"target ≤ {ONE_WORD_SHARE:.0%}), pdf {t(one['pdf'])} (full {t(one['full_pdf'])})")
    log(f"  nothing changed: bundle {t(rows['nothing_changed']['bundle'])} (target ≤ {NOTHING_SECONDS:.0f} s)")


def extraction(book: Book, runs: int, log) -> dict:
    """The book's own print PDF read back into raw chapters (``pipeline extract``): time and peak memory,
    which must not grow with the number of pages (pages are streamed)."""
    pdfs = sorted(book.dist.glob("*.pdf"))
    if not pdfs:
        book.run("pdf")
        pdfs = sorted(book.dist.glob("*.pdf"))
    timing = Timing()
    for i in range(runs):
        timed([sys.executable, "-m", "pipeline", "extract", str(pdfs[0]), "-o", str(book.root / f"extracted-{i}")],
              timing, book.env)
    from pypdf import PdfReader
    pages = len(PdfReader(str(pdfs[0])).pages)
    log(f"extract ({book.name}): {pages} pages in {timing.median:.1f} s ({timing.median / pages * 1000:.0f} ms a page), "
        f"peak {timing.peak_mb:.0f} MB")
    return {"pages": pages, **timing.to_json()}
