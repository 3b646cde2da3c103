"""The explorer's web server without a browser (checker/ui/explorer_web.py): what the page
holds, which traces it may open, and a bug answering a request ends the server instead
of being printed and forgotten."""

from __future__ import annotations

import io
import re
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from checker.explorer.session import Session
from checker.pipeline import load_model
from checker.ui import explorer_web
from checker.ui.explorer_web import Site, act, explorer_page, traces

SPEC = Path(__file__).parents[1] / "explorer" / "specs" / "Switches.tla"


@pytest.fixture
def site(tmp_path: Path) -> Site:
    model = load_model(SPEC, SPEC.with_suffix(".cfg"))
    return Site(Session(model), tmp_path / "line.itf.json", tmp_path, "tok")


def test_the_page_keeps_hostile_strings_in_escaped_json(site: Site) -> None:
    act(site, "/api/take", {"index": 0})  # the log gets "<script>alert(1)</script>"
    page = explorer_page(site)
    assert "<script>alert" not in page
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in page
    assert "connect-src 'self'" in page and "default-src 'none'" in page


def test_only_itf_files_under_the_trace_dir_are_listed(site: Site, tmp_path: Path) -> None:
    (tmp_path / "a.itf.json").write_text("{}")
    (tmp_path / "notes.txt").write_text("")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.itf.json").write_text("{}")
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    outside.mkdir()
    (outside / "c.itf.json").write_text("{}")
    (tmp_path / "link").symlink_to(outside)
    assert traces(tmp_path) == ["a.itf.json", "sub/b.itf.json"]
    assert traces(tmp_path / "missing") == []
    for name in ("../a.itf.json", "link/c.itf.json", str(tmp_path / "a.itf.json")):
        assert act(site, "/api/open", {"name": name})["ok"] is False
    answer = act(site, "/api/open", {"name": "a.itf.json"})
    assert answer["ok"] is False and "E503" in answer["message"]


def test_bad_requests_are_answered_not_raised(site: Site) -> None:
    assert act(site, "/api/nothing", {})["ok"] is False
    with pytest.raises(ValueError, match="index must be"):
        act(site, "/api/take", {"index": True})
    with pytest.raises(ValueError, match="position must be"):
        act(site, "/api/go", {"position": 5})


def test_a_bug_answering_a_request_ends_the_server(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> dict[str, object]:
        raise RuntimeError("a bug")

    monkeypatch.setattr(explorer_web, "act", broken)
    out = io.StringIO()
    ended: list[BaseException] = []

    def run() -> None:
        try:
            explorer_web.serve(site.session, site.save_to, site.trace_dir, 0, out)
        except RuntimeError as exc:
            ended.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    for _ in range(100):
        if "http://" in out.getvalue():
            break
        thread.join(0.05)
    found = re.search(r"http://127\.0\.0\.1:\d+/", out.getvalue())
    assert found
    page = urllib.request.urlopen(found.group(0), timeout=10).read().decode()
    token = re.search(r'"token":"([^"]+)"', page)
    assert token
    request = urllib.request.Request(
        found.group(0) + "api/take", b"{}", {"X-Explorer-Token": token.group(1)}, method="POST"
    )
    with pytest.raises((urllib.error.URLError, ConnectionError)):
        urllib.request.urlopen(request, timeout=10)
    thread.join(10)
    assert not thread.is_alive() and [str(e) for e in ended] == ["a bug"]
