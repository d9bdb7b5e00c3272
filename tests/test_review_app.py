"""`make review` end to end: the review application in headless Chromium (Selenium, Debian's chromium
and chromium-driver), on a copy of the seed project."""

from __future__ import annotations

import os
import shutil
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile

import pytest
import yaml

import forked
from conftest import ROOT, SEED

DECISION = "page-break-42966843"      # …purchasing grain abroad.⁷⁷ / The pace of industrial construction…


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def project(tmp_path):
    (tmp_path / "seeds").mkdir()
    shutil.copy(SEED, tmp_path / "seeds" / SEED.name)
    shutil.copy(ROOT / "book.yaml", tmp_path / "book.yaml")
    return tmp_path


@pytest.fixture
def server(project, tmp_path):
    """``python -m pipeline review`` in the project's folder (tests/forked.py: a new process)."""
    port = _free_port()
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    out, err = tmp_path / "server.out", tmp_path / "server.err"
    proc = forked.start(["review", "--port", str(port), "--no-browser"], env, project, out, err)
    url = f"http://127.0.0.1:{port}/"
    for _ in range(300):
        try:
            # the first page waits for the normaliser: slow on a loaded machine, not an error
            urllib.request.urlopen(url, timeout=60).read()
            break
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if not proc.is_alive():
                raise AssertionError("review server stopped: " + out.read_text() + err.read_text())
            time.sleep(0.2)
    yield url
    proc.terminate()
    proc.join(timeout=20)


@pytest.fixture
def browser(tmp_path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    assert chromium and driver, "Debian packages chromium and chromium-driver are needed (make installs them)"
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,1600",
                 f"--user-data-dir={tmp_path / 'profile'}"):
        options.add_argument(flag)
    b = webdriver.Chrome(service=Service(driver), options=options)
    yield b
    b.quit()


def _click(browser, button) -> None:
    """Press a form's button and wait for the page the server answers with."""
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait
    page = browser.find_element("tag name", "html")
    button.click()

    def replaced(_) -> bool:
        # selenium's staleness_of, but mid-navigation chromedriver may say "Node with given id does not
        # belong to the document" (an inspector error) instead of "stale element": the page is gone too.
        try:
            page.is_enabled()
            return False
        except StaleElementReferenceException:
            return True
        except WebDriverException as exc:
            if "does not belong to the document" in str(exc):
                return True
            raise

    WebDriverWait(browser, 60).until(replaced)
    WebDriverWait(browser, 60).until(lambda b: b.execute_script("return document.readyState") == "complete")


def _post(url: str, data: dict, headers: dict | None = None) -> int:
    req = urllib.request.Request(url, data=urllib.parse.urlencode(data).encode(), headers=headers or {})
    try:
        return urllib.request.urlopen(req, timeout=30).status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_editor_overturns_the_page_break_and_corrects_the_text(server, browser, project, tmp_path):
    from selenium.webdriver.common.by import By
    browser.get(server)
    assert browser.find_element(By.ID, "open").text == "1"
    _click(browser, browser.find_element(By.LINK_TEXT, f"seeds/{SEED.name}"))
    cards = browser.find_elements(By.CSS_SELECTOR, ".card")
    assert cards[0].get_attribute("id") == DECISION            # the ambiguous decision comes first
    assert "The pace of industrial construction" in cards[0].find_element(By.CSS_SELECTOR, ".clean mark").text
    raw_marks = [m.text for m in cards[0].find_elements(By.CSS_SELECTOR, ".raw.near mark")]
    assert raw_marks == ["purchasing grain abroad.", "The pace of industrial"]
    browser.save_screenshot(str(tmp_path / "before.png"))

    _click(browser, browser.find_element(By.CSS_SELECTOR, f"#{DECISION} button.overturn"))
    card = browser.find_element(By.ID, DECISION)
    assert "overturned by the editor" in card.text
    assert browser.find_element(By.ID, "open").text == "0"
    assert browser.find_element(By.ID, "overturned").text == "1"
    clean = card.find_element(By.CSS_SELECTOR, ".clean").text
    assert "purchasing grain abroad.[^77] The pace of industrial construction" in clean   # one paragraph now

    browser.find_element(By.ID, "find").send_keys("considering purchasing grain")
    browser.find_element(By.ID, "replace").send_keys("considering buying grain")
    browser.find_element(By.ID, "why").send_keys("house style")
    _click(browser, browser.find_element(By.ID, "add-edit"))
    assert "correction applied" in browser.find_element(By.ID, "message").text
    card = browser.find_element(By.ID, DECISION)
    assert "considering buying grain abroad.[^77] The pace" in card.find_element(By.CSS_SELECTOR, ".clean").text
    browser.save_screenshot(str(tmp_path / "after.png"))
    assert (tmp_path / "after.png").stat().st_size > 50_000

    data = yaml.safe_load((project / "corrections.yaml").read_text(encoding="utf-8"))
    assert data["decisions"] == [{"id": DECISION, "choice": "join", "excerpt": data["decisions"][0]["excerpt"]}]
    assert "grain abroad." in data["decisions"][0]["excerpt"]
    assert data["edits"] == [{"chapter": SEED.stem, "find": "considering purchasing grain",
                              "replace": "considering buying grain", "why": "house style"}]
    assert (project / "corrections.yaml").read_text(encoding="utf-8").startswith("# The editor's corrections")

    # The rebuilt Markdown (written by the review) and an EPUB built from it have the one paragraph.
    book_md = (project / "build" / "book.md").read_text(encoding="utf-8")
    assert "considering buying grain abroad.[^77] The pace of industrial construction" in book_md
    r = forked.run(["epub"], {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}, project)
    assert r.returncode == 0, r.stderr
    epub = next((project / "dist").glob("*.epub"))
    with zipfile.ZipFile(epub) as z:
        text = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xhtml"))
    assert "considering buying grain abroad." in text and "considering purchasing" not in text
    para = text[text.index("considering buying grain"):]
    assert para.index("The pace of industrial construction") < para.index("</p>")


def test_changes_without_the_token_or_from_another_origin_change_nothing(server, browser, project):
    from selenium.webdriver.common.by import By
    browser.get(server + "file/0")
    token = browser.find_element(By.NAME, "token").get_attribute("value")
    form = {"id": DECISION, "choice": "join"}
    assert _post(server + "decide", form) == 403                                   # no token
    assert _post(server + "decide", {**form, "token": "guess"}) == 403             # wrong token
    assert _post(server + "decide", {**form, "token": token}, {"Origin": "http://evil.example"}) == 403
    assert _post(server + "decide", {**form, "token": token}, {"Host": "evil.example"}) == 403
    assert _post(server + "edit", {"chapter": SEED.stem, "find": "grain", "replace": "corn"}) == 403
    assert not (project / "corrections.yaml").exists()
    # A page of another site cannot post to the review either (the browser sends its Origin).
    browser.get("data:text/html,<form method=post action='" + server + "decide'><input name=token value='"
                + token + "'><input name=id value='" + DECISION + "'><input name=choice value=join></form>"
                "<script>document.forms[0].submit()</script>")
    time.sleep(1.5)
    assert not (project / "corrections.yaml").exists()
    # With the token from its own page, the same change is made.
    assert _post(server + "decide", {**form, "token": token}, {"Origin": server.rstrip("/")}) in (200, 303)
    assert "choice: join" in (project / "corrections.yaml").read_text(encoding="utf-8")


def test_a_correction_that_does_not_match_is_refused_and_the_file_kept(server, browser, project):
    from selenium.webdriver.common.by import By
    browser.get(server + "file/0")
    browser.find_element(By.ID, "find").send_keys("words that are not in the chapter")
    browser.find_element(By.ID, "replace").send_keys("x")
    _click(browser, browser.find_element(By.ID, "add-edit"))
    assert "must match 1 time(s) in the clean text but matches 0" in browser.find_element(By.ID, "message").text
    assert not (project / "corrections.yaml").exists()


def test_a_change_made_from_the_index_page_returns_there_with_its_message(project, monkeypatch):
    from pipeline.build import Project
    from pipeline.review.app import create_app
    monkeypatch.chdir(project)
    (project / "corrections.yaml").write_text(f"edits:\n  - chapter: {SEED.stem}\n    find: Sochineniya\n"
                                              f"    replace: Sočinenija\n    count: 3\n", encoding="utf-8")
    client = create_app(Project.from_args(project), 8000, token="t").test_client()
    host = {"Host": "127.0.0.1:8000"}
    from pipeline.corrections.store import edit_key
    key = edit_key(SEED.stem, "Sochineniya", "Sočinenija", 3)
    assert key in client.get("/", headers=host).get_data(as_text=True)
    r = client.post("/edit/remove", data={"token": "t", "key": key, "back": "/"}, headers=host)
    assert r.status_code == 303 and r.headers["Location"] == "/?message=correction+removed"
    assert "correction removed" in client.get(r.headers["Location"], headers=host).get_data(as_text=True)
    # the same removal again (a double click, a stale tab): nothing else goes
    again = client.post("/edit/remove", data={"token": "t", "key": key, "back": "/"}, headers=host)
    assert "removed+already" in again.headers["Location"]
    r = client.post("/decide", data={"token": "t", "id": DECISION, "choice": "join", "back": "/file/0?kind=paragraph-split-kept"},
                    headers=host)
    assert r.headers["Location"] == f"/file/0?kind=paragraph-split-kept#{DECISION}"



def test_the_review_apps_edges_answer_without_a_500(project, monkeypatch):
    """Hardening round 2: a chunked body over the limit is refused (413), a non-ASCII token is a 403,
    CR LF in back= and a decision id with a trailing newline are refused before anything is written,
    a chapter deleted or added while the review runs shows as such."""
    from pipeline.build import Project
    from pipeline.review.app import create_app
    monkeypatch.chdir(project)
    app = create_app(Project.from_args(project), 8000, token="t")
    client = app.test_client()
    host = {"Host": "127.0.0.1:8000"}

    import io
    body = ("token=t&chapter=x&find=a&replace=" + "b" * 1024 * 1024).encode()   # (sent without a length)
    r = client.open("/edit", method="POST", input_stream=io.BytesIO(body),      # (as the server gives it)
                    headers={**host, "Transfer-Encoding": "chunked", "Content-Type": "application/x-www-form-urlencoded"},
                    environ_overrides={"CONTENT_LENGTH": "", "wsgi.input_terminated": True})
    assert r.status_code == 413 and not (project / "corrections.yaml").exists()
    small = f"token=t&id={DECISION}&choice=join&back=/".encode()                 # within the limit: applied
    r = client.open("/decide", method="POST", input_stream=io.BytesIO(small),
                    headers={**host, "Transfer-Encoding": "chunked", "Content-Type": "application/x-www-form-urlencoded"},
                    environ_overrides={"CONTENT_LENGTH": "", "wsgi.input_terminated": True})
    assert r.status_code == 303 and DECISION in (project / "corrections.yaml").read_text(encoding="utf-8")
    assert client.post("/decide", data={"token": "tö", "id": DECISION, "choice": "join"}, headers=host).status_code == 403
    r = client.post("/decide", data={"token": "t", "id": DECISION, "choice": "join", "back": "/\r\nX: y"},
                    headers=host)
    assert r.status_code == 303 and r.headers["Location"].startswith("/#") and "X" not in r.headers
    (project / "corrections.yaml").unlink()
    r = client.post("/decide", data={"token": "t", "id": DECISION + "\n", "choice": "join"}, headers=host)
    assert r.status_code == 400 and not (project / "corrections.yaml").exists()
    seed = next((project / "seeds").glob("*.txt"))
    (project / "seeds" / "02-added.txt").write_text("## 5. Added\n\nA chapter added while the review runs.\n",
                                                    encoding="utf-8")
    assert "02-added.txt" in client.get("/", headers=host).get_data(as_text=True)
    seed.unlink()
    r = client.get("/file/0", headers=host)
    assert r.status_code in (200, 303)


def test_the_review_is_a_work_queue_in_an_editors_words(project, monkeypatch):
    """The index leads straight to the next open decision; a chapter's page says what to do, puts the
    choices beside the question (the rule's reading first), shows the raw text around the place (the
    whole page on demand), names kinds and evidence in words, and has keyboard shortcuts."""
    from pipeline.build import Project
    from pipeline.review.app import create_app, plain_evidence
    monkeypatch.chdir(project)
    client = create_app(Project.from_args(project), 8000, token="t").test_client()
    host = {"Host": "127.0.0.1:8000"}
    index = client.get("/", headers=host).get_data(as_text=True)
    assert f'href="/file/0#{DECISION}" id="next-open"' in index and "book-pipeline build ." in index
    page = client.get("/file/0", headers=host).get_data(as_text=True)
    assert "1</strong> decision(s) to take in this chapter" in page and '<script src="/review.js">' in page
    decide = page.split('<div class="decide">')[1].split("</div>")[0]
    assert decide.index('class="confirm primary"') < decide.index('class="overturn"')
    assert "A page break between complete sentences kept as a paragraph break (1)" in page
    assert "paragraph-split-kept (1)" not in page and "<summary>The whole page</summary>" in page
    assert page.index('id="edit-form"') > page.index('class="card')            # the correction form comes last
    script = client.get("/review.js", headers=host)
    assert script.status_code == 200 and script.mimetype == "text/javascript" and "button.confirm" in script.get_data(as_text=True)
    assert plain_evidence("'swordbearer' is not a common word (zipf 0.00) and both 'sword' (4.37) and 'bearer' "
                          "(3.43) are words") == ("'swordbearer' is not a common word (not in the dictionary) and both "
                                                  "'sword' (common) and 'bearer' (in use) are words")
