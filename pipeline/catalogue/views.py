"""What a catalogue run publishes about the whole catalogue, as views of its state: ``catalogue.json``,
the catalogue page (``catalogue.html``) and one ONIX 3.0 message with a product per book and format."""

from __future__ import annotations

import json
from datetime import datetime, timezone

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from lxml import etree

from .. import __version__
from ..onix import NS, check_onix
from ..resources import styles

SHOWN = ("key", "title", "status", "message", "pages", "words", "notes", "warnings", "open_decisions",
         "seconds", "worker", "peak_mb", "built_from", "bundle", "outputs")


def catalogue_json(books: list[dict], run: dict, onix_problems: list[str]) -> bytes:
    data = {"pipeline": __version__, "run": run, "onix_problems": onix_problems,
            "counts": {s: sum(1 for b in books if b["status"] == s) for s in ("built", "failed")},
            "books": [{k: b.get(k) for k in SHOWN} for b in books]}
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode() + b"\n"


# A published file's label on the catalogue page, by how its name ends (the first that fits), in the
# page's order
LABELS = (("-handoff.zip", "bundle"), ("-interior.pdf", "interior"), ("-cover.pdf", "cover"), (".epub", "EPUB"),
          (".pdf", "PDF"), ("onix.xml", "ONIX"))
ORDER = ("EPUB", "PDF", "bundle", "interior", "cover", "ONIX")


def _links(outputs: dict) -> list[tuple[str, str]]:
    labelled = [(next((label for end, label in LABELS if name.endswith(end)), name), name) for name in outputs]
    return sorted(labelled, key=lambda ln: (ORDER.index(ln[0]) if ln[0] in ORDER else len(ORDER), ln[1]))


def catalogue_html(books: list[dict], run: dict, title: str) -> bytes:
    env = Environment(loader=FileSystemLoader(str(styles())), autoescape=True, undefined=StrictUndefined)
    views = [{**b, "links": _links(b["outputs"] or {})} for b in books]
    return env.get_template("catalogue.html.j2").render(books=views, run=run, title=title,
                                                        version=__version__).encode()


def onix_message(books: list[dict], epoch: int) -> tuple[bytes, list[str]]:
    """One ONIX 3.0 message: a header, then every built book's products (EPUB and print), in the
    catalogue's order; checked against the schema as a single book's record is."""
    root = etree.Element(f"{{{NS}}}ONIXMessage", nsmap={None: NS}, release="3.0")
    header = etree.SubElement(root, f"{{{NS}}}Header")
    senders = {_sender(b["onix"]) for b in books if b.get("onix")} - {None}
    if len(senders) == 1:
        sender = etree.SubElement(header, f"{{{NS}}}Sender")
        etree.SubElement(sender, f"{{{NS}}}SenderName").text = senders.pop()
    etree.SubElement(header, f"{{{NS}}}SentDateTime").text = \
        datetime.fromtimestamp(epoch, tz=timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    for b in books:
        if b["status"] == "built" and b.get("onix"):
            for product in etree.fromstring(b["onix"]).findall(f"{{{NS}}}Product"):
                root.append(product)
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data, check_onix(data)


def _sender(onix: bytes) -> str | None:
    found = etree.fromstring(onix).find(f"{{{NS}}}Header/{{{NS}}}Sender/{{{NS}}}SenderName")
    return found.text if found is not None else None
