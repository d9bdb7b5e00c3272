"""The editor's review page: every repair of the normalisation report, ambiguous decisions first."""

from __future__ import annotations


from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..resources import styles

STYLES = styles()

GROUPS = [
    ("ambiguous", "Ambiguous decisions to confirm", False),
    ("ruled", "Decisions the editor confirmed or overturned", False),
    ("error", "Errors", False),
    ("warning", "Warnings", False),
    ("repair", "Repairs made", True),
]


def review_html(report: dict, title: str) -> str:
    env = Environment(loader=FileSystemLoader(str(STYLES)), autoescape=select_autoescape(["html", "j2"]))
    groups = []
    for severity, heading, collapsed in GROUPS:
        entries = [e for e in report["entries"]
                   if (e.get("editor") if severity == "ruled" else e["severity"] == severity and not e.get("editor"))]
        entries.sort(key=lambda e: (e["kind"], e["file"], e["line"]))
        groups.append({"id": severity, "title": heading, "entries": entries,
                       "collapsed": collapsed and len(entries) > 50})
    return env.get_template("review.html.j2").render(title=title, stats=report["stats"], counts=report["counts"],
                                                     groups=groups, layouts=report.get("layouts", []),
                                                     review=report.get("review"),
                                                     labels=report.get("labels", []))
