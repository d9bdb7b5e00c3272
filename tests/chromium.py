"""A chapter typeset by a web browser: pandoc's HTML printed to PDF by headless Chromium (Skia), in DejaVu Serif
(fonts-dejavu-core, which make test installs). Block
paragraphs (space between them, no indent), justified or ragged right, superscript markers at 5/6 of the text, notes
gathered at the end under a heading as a numbered list (labels hanging in the margin, a ``↩`` back link
after each), the folio at the foot of a 6 × 9 in page."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pypandoc

CSS = """@page { size: 6in 9in; margin: 0.75in; @bottom-center { content: counter(page); } }
body { font-family: "DejaVu Serif"; font-size: 11pt; max-width: none; margin: 0; padding: 0; }   /* (named: the test measures the extraction, not which serif the machine has) */
ol { padding-left: 3em; }
"""


def typeset(gold_markdown: str, pdf: Path, justify: bool = True) -> tuple[Path, str]:
    """The PDF and the gold as typeset (a marker whose note the gold lacks is left out: pandoc would
    print it as text); the text justified or ragged right."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    assert browser, "Debian package chromium is needed (make installs it)"
    defined = set(re.findall(r"^\[\^(\w+)\]:", gold_markdown, re.M))
    gold = re.sub(r"\[\^(\w+)\](?!:)", lambda m: m.group(0) if m.group(1) in defined else "", gold_markdown)
    html = pypandoc.convert_text(gold, "html5", format="markdown-auto_identifiers",
                                 extra_args=["--standalone", "--metadata", "pagetitle=Chapter"])
    css = CSS + ("p, li { text-align: justify; }\n" if justify else "")
    html = html.replace("</head>", f"<style>{css}</style></head>")
    html = re.sub(r'(<section id="footnotes")', r"<h2>Notes</h2>\1", html)
    source = pdf.with_suffix(".html")
    source.write_text(html, encoding="utf-8")
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--user-data-dir={pdf.parent / 'chromium-profile'}", f"--print-to-pdf={pdf}", source.as_uri()],
                   check=True, capture_output=True, timeout=180)
    return pdf, gold
