"""The print PDF measured as a printer's quality desk would (``pipeline.pdf.check``): in the notes, no
justified line with a mean word space over 0.75 em, no stranded words, no label touching its text
(targets); in the body, the share of justified lines over 0.5 em and over 0.75 em (reported)."""

from __future__ import annotations

from .builds import Book, Timing


def measure(book: Book, log) -> dict:
    from ..pdf.check import measure_pdf

    pdfs = list(book.dist.glob("*.pdf"))
    made = Timing()
    if not pdfs:
        book.run("pdf", made)
        pdfs = list(book.dist.glob("*.pdf"))
    m = measure_pdf(pdfs[0])
    notes, body = m["notes"], m["body"]
    log(f"typesetting ({book.name}): {m['pages']} pages")
    log(f"  notes ({m['notes_pages']} pages, {notes['justified']} justified lines of {notes['lines']}): "
        f"{notes['loose']} over 0.75 em, {notes['stranded']} stranded, {notes['crowded_labels']} labels "
        f"touching their text (target 0 each)")
    for example in m["examples"]:
        log(f"    {example}")
    log(f"  body ({body['lines']} justified lines): {body['over_0.5em']:.1%} over 0.5 em, "
        f"{body['over_0.75em']:.2%} over 0.75 em")
    m["targets_met"] = notes["loose"] == notes["stranded"] == notes["crowded_labels"] == 0
    return m
