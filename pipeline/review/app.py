"""``make review``: the editor's review as a local web application (Flask, Jinja2 templates).

Chapter file by chapter file, every decision and repair of the normalisation with the raw page beside
the clean result; ambiguous decisions first; filters by kind. Confirming or overturning a decision,
or adding a text correction, writes ``corrections.yaml`` (comments and order kept, atomically) and
normalises the book again at once (no EPUB or PDF is built), so the page shows the new result.

Safe on a shared machine: it listens on 127.0.0.1 only; a request whose Host is not the server's own
address (DNS rebinding) or whose Origin is another site's is refused; every change needs the token
the server put into its own pages; it reads the project's seeds and build folder and writes only
``corrections.yaml`` and ``build/``.
"""

from __future__ import annotations

import io
import os
import re
import secrets
import threading
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs, urlencode

from flask import Flask, abort, redirect, render_template, request

from ..build import Prepared, Project, prepare
from ..corrections import store
from ..corrections.config import ID, load_corrections
from ..corrections.decisions import CONFIRM, FAMILIES, FAMILY_OF_KIND, is_open
from ..errors import PipelineError
from ..kinds import Kind
from ..resources import styles
from .excerpts import blocks, fold_blocks, locate, page_window, raw_lines

TEMPLATES = styles() / "review-app"
PAGE_SIZE = 150
SEVERITY_ORDER = {"ambiguous": 0, "error": 1, "warning": 2, "repair": 3}


class Review:
    """The state behind the application: the project, its latest normalisation, the last problem."""

    def __init__(self, project: Project):
        self.project = project
        self.lock = threading.Lock()
        self.prepared: Prepared | None = None
        self._shown: tuple[Prepared, dict] | None = None
        self.problem = ""
        self.refresh()

    def refresh(self) -> None:
        try:
            self.prepared = prepare(self.project, log=lambda *_: None)
            self.problem = ""
        except PipelineError as exc:
            self.problem = str(exc)

    def change(self, action) -> str:
        """Apply one change to corrections.yaml and normalise again; a change the build refuses is
        undone (the file is put back) and its message returned."""
        path = self.project.corrections_file
        with self.lock:
            old = store.snapshot(path)
            try:
                action(path)                 # (store checks the file before it replaces the old one)
                prepared = prepare(self.project, log=lambda *_: None)
            except PipelineError as exc:
                store.restore(path, old)
                self.refresh()
                return str(exc)
            self.prepared, self.problem = prepared, ""
            return ""

    # -- what the pages show -------------------------------------------------------------------------
    @property
    def report(self) -> dict:
        """The normaliser's report as the pages show it (its JSON form, made once a normalisation)."""
        if not self.prepared:
            return {"entries": [], "stats": {}, "review": {}}
        if self._shown is None or self._shown[0] is not self.prepared:
            self._shown = (self.prepared, self.prepared.report.to_json())
        return self._shown[1]

    def files(self) -> list[str]:
        """The seeds as they are now (a chapter added or removed while the review runs shows)."""
        before = list(self.project.seed_files)
        try:
            self.project.scan()
        except PipelineError as exc:
            self.problem = str(exc)
        if not self.project.seed_files:
            self.project.seed_files = before      # (the folder emptied or unreadable: the last list stands)
        elif self.project.seed_files != before:
            self.refresh()
        return self.project.seed_names

    def entries(self, file: str) -> list[dict]:
        out = [e for e in self.report["entries"] if e["file"] == file]
        out.sort(key=lambda e: (not is_open(e["decision"], e["severity"]), not e["decision"],
                                SEVERITY_ORDER.get(e["severity"], 9), e["line"], e["kind"]))
        return out

    def clean_blocks(self, file: str) -> list[str]:
        if not self.prepared:
            return []
        out: list[str] = []
        for ch in self.prepared.chapters:
            if ch.source == file:
                out += blocks(ch.clean.read_text(encoding="utf-8"))
        return out


def create_app(project: Project, port: int, token: str | None = None) -> Flask:
    review = Review(project)
    token = token or secrets.token_urlsafe(24)
    hosts = {f"127.0.0.1:{port}", f"localhost:{port}"}
    origins = {f"http://{h}" for h in hosts}
    root = project.root.resolve()
    if not project.corrections_file.resolve().is_relative_to(root):
        raise PipelineError("corrections.yaml would be written outside the project folder; run the review "
                            "from the folder that holds book.yaml", str(project.corrections_file))
    app = Flask(__name__, template_folder=str(TEMPLATES), static_folder=None)
    app.config.update(MAX_CONTENT_LENGTH=MAX_BODY)
    app.jinja_env.autoescape = True     # templates are *.html.j2: Flask would not escape them by itself
    app.jinja_env.globals.update(token=token, families=FAMILIES, family_of=FAMILY_OF_KIND, confirm=CONFIRM,
                                 edit_key=store.edit_key)

    @app.before_request
    def guard():
        if request.host not in hosts:
            abort(403, "this review server answers only at its own address (127.0.0.1)")
        origin = request.headers.get("Origin")
        if request.method != "GET":
            if origin is not None and origin not in origins:
                abort(403, "a change from another site is refused")
            _bounded_body(request.environ, MAX_BODY)
            if not secrets.compare_digest(request.form.get("token", "").encode("utf-8", "replace"),
                                          token.encode()):
                abort(403, "a change needs the review page's token")
        elif request.headers.get("Sec-Fetch-Site") == "cross-site" and request.path != "/":
            abort(403, "another site may not read the review")

    @app.after_request
    def headers(resp):
        resp.headers["X-Frame-Options"] = "DENY"
        resp.headers["Content-Security-Policy"] = "default-src 'self'; style-src 'self' 'unsafe-inline'; " \
                                                  "frame-ancestors 'none'; form-action 'self'"
        resp.headers["Referrer-Policy"] = "same-origin"   # (no-referrer would make forms send Origin: null)
        resp.headers["Cache-Control"] = "no-store"
        return resp

    def file_index(i: int) -> str:
        files = review.files()
        if not 0 <= i < len(files):
            abort(404)
        return files[i]

    @app.get("/")
    def index():
        report = review.report
        per_file = []
        for i, f in enumerate(review.files()):
            entries = [e for e in report["entries"] if e["file"] == f]
            first_open = next((e["decision"] for e in sorted(entries, key=lambda e: e["line"])
                               if is_open(e["decision"], e["severity"])), "")
            per_file.append({"index": i, "name": f, "first_open": first_open,
                             "open": sum(1 for e in entries if is_open(e["decision"], e["severity"])),
                             "decisions": sum(1 for e in entries if e["decision"]),
                             "entries": len(entries)})
        stale = [e for e in report["entries"] if e["kind"] == Kind.DECISION_STALE]
        corrections = _safe_corrections(project)
        return render_template("index.html.j2", title=_title(project), review=report.get("review", {}),
                               stats=report.get("stats", {}), files=per_file, stale=stale, folder=_folder(project),
                               edits=corrections.edits if corrections else [], problem=review.problem,
                               message=request.args.get("message", ""))

    @app.get("/review.js")
    def script():
        return app.response_class((TEMPLATES / "review.js").read_text(encoding="utf-8"),
                                  mimetype="text/javascript")

    @app.get("/file/<int:i>")
    def file_page(i: int):
        name = file_index(i)
        entries = review.entries(name)
        kinds = Counter(e["kind"] for e in entries)
        kind = request.args.get("kind", "")
        if kind:
            entries = [e for e in entries if e["kind"] == kind]
        show_all = request.args.get("all") == "1"
        shown = entries if show_all else entries[:PAGE_SIZE]
        try:
            raw = project.seed_file(name).read_text(encoding="utf-8-sig").split("\n")
        except (OSError, UnicodeDecodeError) as exc:
            return _back("/", f"{name} cannot be read now ({getattr(exc, 'strerror', None) or exc}): "
                              f"it was moved or changed while the review ran")
        clean = review.clean_blocks(name)
        folded = fold_blocks(clean)
        starts = next((lay.get("pages", []) for lay in review.report.get("layouts", []) if lay.get("file") == name), [])
        cards = []
        for e in shown:
            page = raw_lines(raw, e, page_window(e, starts, len(raw))) if e["line"] else []
            cards.append({"e": e, "raw": page, "near": _near(page), "clean": locate(clean, e, folded),
                          "kind": kind_words(e["kind"]), "evidence": plain_evidence(e["evidence"])})
        open_here = [c["e"]["decision"] for c in cards if is_open(c["e"]["decision"], c["e"]["severity"])]
        return render_template("file.html.j2", title=_title(project), index=i, name=name,
                               stem=Path(name).stem, cards=cards,
                               kinds=[(k, n, kind_words(k)) for k, n in sorted(kinds.items())], kind=kind,
                               hidden=len(entries) - len(shown), review=review.report.get("review", {}),
                               open_here=open_here, folder=_folder(project),
                               problem=review.problem, message=request.args.get("message", ""))

    @app.post("/decide")
    def decide():
        did, choice = request.form.get("id", ""), request.form.get("choice", "")
        m = ID.match(did)
        family = FAMILIES.get(m.group("family")) if m else None
        if family is None or choice not in (*family.choices, CONFIRM, store.OPEN):
            abort(400, "unknown decision or choice")
        excerpt = request.form.get("excerpt", "")[:300]
        message = review.change(lambda p: store.set_decision(p, did, choice, excerpt))
        return _back(request.form.get("back", "/"), message, did)

    @app.post("/edit")
    def add_edit():
        f = request.form
        try:
            count = int(f.get("count") or 1)
        except ValueError:
            count = 0
        chapter, find, replace = f.get("chapter", "").strip(), f.get("find", ""), f.get("replace", "")
        if chapter not in {Path(x).stem for x in review.files()} or not find or count < 1:
            return _back(f.get("back", "/"), "a correction needs its chapter, the text to find and a count from 1")
        message = review.change(lambda p: store.add_edit(p, chapter, find, replace, count, f.get("why", "").strip()))
        return _back(f.get("back", "/"), message or f"correction applied: '{find}' → '{replace}'")

    @app.post("/edit/remove")
    def remove_edit():
        key = request.form.get("key", "")
        if not re.fullmatch(r"[0-9a-f]{16}", key):
            abort(400, "which correction to remove is not said")
        message = review.change(lambda p: store.remove_edit(p, key))
        return _back(request.form.get("back", "/"), message or "correction removed")

    def _back(back: str, message: str = "", anchor: str = ""):
        # Only the application's own pages: never an address given by the request.
        if not (back == "/" or back.startswith("/file/")) or "//" in back or "\\" in back or \
                any(ord(c) < 32 or ord(c) == 127 for c in back):
            back = "/"
        path, _, rest = back.split("#")[0].partition("?")
        query = {k: v for k, v in (("kind", parse_qs(rest).get("kind", [""])[0]), ("message", message)) if v}
        return redirect(path + ("?" + urlencode(query) if query else "") + (f"#{anchor}" if anchor else ""),
                        code=303)

    app.review = review
    app.token = token
    return app


NEAR = 3                     # raw lines shown around the place (the whole page on demand)


def _near(page: list) -> list:
    """The raw lines around the place a card is about: the lines it marks, and NEAR lines either side."""
    marked = [k for k, (_, pieces, here) in enumerate(page) if here or any(p.mark for p in pieces)]
    if not marked:
        return page[:2 * NEAR + 1]
    return page[max(0, marked[0] - NEAR):marked[-1] + NEAR + 1]


def kind_words(kind: str) -> str:
    """A report kind in an editor's words (its description in the catalogue of kinds)."""
    try:
        words = Kind(kind).meaning
    except ValueError:                  # (a report written by another version of the pipeline)
        words = ""
    return (words[:1].upper() + words[1:]) if words else kind.replace("-", " ").capitalize()


def _frequency(zipf: str) -> str:
    z = float(zipf)
    return ("very common" if z >= 5 else "common" if z >= 4 else "in use" if z >= 3 else "rare" if z >= 1.5
            else "not in the dictionary")


def plain_evidence(text: str) -> str:
    """Evidence without the dictionary's numbers: 'zipf 1.31' as 'rare', '(4.37)' after a word as
    '(common)'."""
    text = re.sub(r"\(zipf (\d+\.\d+)\)", lambda m: f"({_frequency(m.group(1))})", text)
    text = re.sub(r"zipf (\d+\.\d+)", lambda m: _frequency(m.group(1)), text)
    return re.sub(r"(?<=['’]) \((\d\.\d\d)\)", lambda m: f" ({_frequency(m.group(1))})", text)


def _folder(project: Project) -> str:
    """The book's folder as the rebuild command names it."""
    try:
        rel = os.path.relpath(project.root)
    except ValueError:
        return str(project.root)
    return "." if rel == "." else (str(project.root) if rel.startswith("..") else rel)


MAX_BODY = 256 * 1024
CONNECTION_TIMEOUT = 30      # seconds a connection may stay silent: a half-sent request is dropped


def _bounded_body(environ: dict, limit: int) -> None:
    """A request body sent in chunks (no Content-Length) read up to ``limit`` bytes: beyond it the
    request is refused (413), never cut short and applied."""
    if "chunked" not in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
        return                       # (a length given: Flask's MAX_CONTENT_LENGTH refuses a long body)
    body = environ["wsgi.input"].read(limit + 1)
    if len(body) > limit:
        abort(413, f"a change is at most {limit // 1024} KB")
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))
    environ.pop("HTTP_TRANSFER_ENCODING", None)
    environ.pop("wsgi.input_terminated", None)


def _Handler():
    from werkzeug.serving import WSGIRequestHandler

    class Handler(WSGIRequestHandler):
        timeout = CONNECTION_TIMEOUT
    return Handler


def _title(project: Project) -> str:
    try:
        return project.book().title
    except PipelineError:
        return project.root.name      # book.yaml has a problem: the page says so (review.problem)


def _safe_corrections(project: Project):
    try:
        return load_corrections(project.corrections_file)
    except PipelineError:
        return None


def serve(project: Project, port: int = 8000, browser: bool = True, log=print) -> None:
    """Run the review server on 127.0.0.1:``port`` until interrupted."""
    from werkzeug.serving import make_server

    app = create_app(project, port)
    try:
        server = make_server("127.0.0.1", port, app, threaded=True, request_handler=_Handler())
    except OSError as exc:
        raise PipelineError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror}; choose another with --port") from None
    url = f"http://127.0.0.1:{port}/"
    log(f"review: {url} (Ctrl-C to stop); decisions and corrections are written to {project.corrections_file}")
    if app.review.problem:
        log(f"note: {app.review.problem}")
    if browser:
        import webbrowser
        threading.Timer(0.5, webbrowser.open, (url,)).start()
    try:
        server.serve_forever()
    finally:
        server.server_close()
