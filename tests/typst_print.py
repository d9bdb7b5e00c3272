"""A chapter typeset by Typst (the ``typst`` package: Typst's own compiler, with the fonts it carries,
New Computer Modern and Libertinus Serif; the machine's fonts are not looked at). Footnotes at the
page's foot under a short rule, labels set as the font's superscript figures, notes broken over pages
where they do not fit. Two layouts:

- ``indented``: a 6 × 9 in page in Libertinus Serif, justified, paragraphs marked by indenting their
  first line, the folio and a running head at the top (the dev-tools Typst books' habits);
- ``spaced``: an A5 page in New Computer Modern, ragged right, no indents, a third of a line's space
  between paragraphs, a running head in italics at the top and the folio centred at the foot;
- ``per-page`` and ``symbols``: ``indented`` with the notes numbered from 1 on each page (the count
  set back in the page's head), in figures or in Typst's symbols (*, †, ‡, §, ¶, ‖, then doubled:
  TeX's order, ¶ before ‖).
"""

from __future__ import annotations

import re
from pathlib import Path

import pypandoc

LAYOUTS = {
    "indented": r"""
#set page(width: 6in, height: 9in, margin: (inside: 0.8in, outside: 0.7in, top: 0.85in, bottom: 0.8in),
  header: context { let n = counter(page).get().first(); if n > 1 { if calc.even(n) [#n #h(1fr) #smallcaps[The Diary] #h(1fr)] else [#h(1fr) #smallcaps[A Chapter] #h(1fr) #n] } })
#set text(font: "Libertinus Serif", size: 10.5pt, lang: "en")
#set par(justify: true, first-line-indent: 1.2em, spacing: 0.65em)
#show heading: it => { set text(size: 15pt, weight: "regular"); block(below: 1.5em, it.body) }
""",
    "spaced": r"""
#set page(paper: "a5", margin: (x: 2cm, top: 2.2cm, bottom: 2.4cm),
  header: context { if counter(page).get().first() > 1 [#h(1fr) #emph[The Diary]] },
  footer: context [#h(1fr) #counter(page).display() #h(1fr)])
#set text(font: "New Computer Modern", size: 10pt, lang: "en")
#set par(justify: false, spacing: 1.1em)
#set footnote.entry(separator: line(length: 40%, stroke: 0.4pt), indent: 0em)
#show heading: it => { set text(size: 14pt); block(below: 1.2em, it.body) }
""",
}


LAYOUTS["per-page"] = LAYOUTS["indented"].replace("header: context {", "header: context { counter(footnote).update(0);")
LAYOUTS["symbols"] = LAYOUTS["per-page"] + '#set footnote(numbering: "*")\n'


def typeset(gold_markdown: str, pdf: Path, layout: str) -> tuple[Path, str]:
    """The PDF and the gold as typeset (a marker whose note the gold lacks is left out: Typst would
    print it as text)."""
    import typst

    defined = set(re.findall(r"^\[\^(\w+)\]:", gold_markdown, re.M))
    gold = re.sub(r"\[\^(\w+)\](?!:)", lambda m: m.group(0) if m.group(1) in defined else "", gold_markdown)
    gold = re.sub(r"\[[^\]]*\]\{\.marker-without-note\}", "", gold)
    # (quotes left straight for Typst to curl: pandoc's own reading of them drops a space before an
    # opening quote after an unbalanced one, 'and"pupils”')
    body = pypandoc.convert_text(gold, "typst", format="markdown-auto_identifiers-smart")
    source = pdf.with_suffix(".typ")
    source.write_text(LAYOUTS[layout] + "\n" + body, encoding="utf-8")
    typst.compile(str(source), output=str(pdf), ignore_system_fonts=True)
    return pdf, gold
