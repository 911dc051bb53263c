"""The main job: analyze, relations, the network, exports, and the HTML report
as a user sees it in headless Chromium with the network off."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import duckdb
import pytest

from multivector.analysis.pipeline import AnalyzeOptions, AnalyzeSummary, analyze
from multivector.cli import main
from tests.conftest import shared_path, write

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

TALKS = """Astana and Beijing sign deals

17.05.2023

Kazakh President Kassym-Jomart Tokayev met Chinese President Xi Jinping in Astana on 16 May 2023.

Tokayev and Xi signed an agreement on a second railway crossing.

Kazakhstan condemned the seizure of its grain ships by Russia on 12 May 2023.
"""

SUMMIT = """Summit in Samarkand

15.09.2022

Russian President Vladimir Putin met Kazakh President Kassym-Jomart Tokayev on 14 September 2022.

Turkey and Kazakhstan were praised together in a long speech on trade.
"""


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> AnalyzeSummary:
    folder = tmp_path_factory.mktemp("analyze")
    write(folder / "in" / "steppe-wire" / "talks.txt", TALKS)
    write(folder / "in" / "caspian-post" / "summit.txt", SUMMIT)
    write(folder / "in" / "broken.html", "")
    lines: list[str] = []
    return analyze([str(folder / "in")], folder / "out", AnalyzeOptions(say=lines.append))


def test_analyze_writes_every_export(small: AnalyzeSummary) -> None:
    names = {p.name for p in small.out.iterdir()}
    assert {"report.html", "documents.jsonl", "actors.jsonl", "mentions.jsonl", "events.jsonl", "claims.jsonl",
            "outlets.jsonl", "events.csv", "events.parquet", "relations.jsonl", "relations.csv",
            "network.graphml", "failures.jsonl"} <= names
    events = duckdb.sql(f"SELECT * FROM read_parquet('{small.out / 'events.parquet'}')").fetchall()
    assert len(events) == small.counts["events"] > 0
    header = (small.out / "events.csv").read_text(encoding="utf-8").splitlines()[0]
    assert "plover_type" in header and "goldstein" in header
    graph = ET.parse(small.out / "network.graphml").getroot()
    assert graph.tag.endswith("graphml") and len(list(graph.iter("{http://graphml.graphdrawing.org/xmlns}node")))
    assert small.counts["failed"] == 1  # the empty page is recorded, not lost
    assert list(small.seconds) == ["ingest", "stages", "export", "report"]


def test_relations_per_month(small: AnalyzeSummary) -> None:
    cells = [json.loads(line) for line in (small.out / "relations.jsonl").read_text().splitlines()]
    def cell(source: str, target: str, month: str) -> dict[str, Any]:
        found = [c for c in cells if (c["source"], c["target"], c["month"]) == (source, target, month)]
        assert found, f"no {source}->{target} in {month}: {[(c['source'], c['target'], c['month']) for c in cells]}"
        return found[0]
    met = cell("KAZ", "CHN", "2023-05")  # the meeting and the joint agreement
    assert met["verbal_cooperation"] + met["material_cooperation"] >= 1 and met["goldstein_sum"] > 0
    assert met["outlets"] == 1
    condemned = cell("KAZ", "RUS", "2023-05")
    assert condemned["verbal_conflict"] == 1 and condemned["goldstein_sum"] < 0
    assert cell("RUS", "KAZ", "2022-09")["events"] >= 1


def test_report_content(small: AnalyzeSummary) -> None:
    html = small.report.read_text(encoding="utf-8")
    assert "<script src" not in html and "<link" not in html and "http://" not in html.split("mv-data")[0]
    for section in ("summary", "multivector", "relations", "timeline", "network", "outlets", "actors", "quality"):
        assert f'id="{section}"' in html
    assert "Multi-vector view: Kazakhstan and its partners" in html
    assert 'data-partner="CHN"' in html and 'data-partner="RUS"' in html
    assert 'data-partner="TUR"' in html  # named beside Kazakhstan, without an event: co-mentions only
    assert "broken.html" in html  # the failed input in the data-quality panel


def test_cli_views(small: AnalyzeSummary, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(small.db)
    assert main(["relations", "KAZ", "CHN", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "2023-05" in out and "KAZ" in out
    assert main(["timeline", "--actor", "Tokayev", "--db", db]) == 0
    assert "Xi Jinping" in capsys.readouterr().out
    assert main(["events", "--type", "ACCUSE", "--since", "2023-01-01", "--db", db]) == 0
    assert "condemned" in capsys.readouterr().out
    assert main(["relations", "KAZ", "WEST", "--db", db]) == 0  # a bloc is a valid side


def _browser() -> Any:
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; .ci/run installs Debian's chromium")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    return sync_playwright()


def test_demo_report_in_chromium(tmp_path: Path) -> None:
    """`make demo`'s report in headless Chromium, offline: the timeline, the relations
    chart and the network are there; clicking an event shows its evidence; no
    console errors."""
    done = subprocess.run(["make", "demo", f"DEMO_OUT={tmp_path}"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    report, db = tmp_path / "report.html", tmp_path / "multivector.duckdb"
    with duckdb.connect(str(db), read_only=True) as con:
        count = con.execute("SELECT count(*) FROM events").fetchone()
    summary = AnalyzeSummary(tmp_path, db, report, counts={"events": count[0] if count else 0})
    with _browser() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        context = browser.new_context(offline=True, viewport={"width": 1280, "height": 900})
        requests: list[str] = []
        context.on("request", lambda r: requests.append(r.url))
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(summary.report.as_uri())
        assert page.locator("#timeline li.event").count() == summary.counts["events"]
        assert page.locator("#relations svg.balance").count() >= 1
        assert page.locator("#multivector svg.balance").count() >= 1
        assert page.locator("#network svg.network .node").count() >= 5
        first = page.locator("#timeline li.event").first
        first.click()
        panel = page.locator("aside#evidence")
        assert panel.is_visible()
        shown_quotes = {q.strip() for q in panel.locator("blockquote").all_inner_texts()}
        event_id = first.get_attribute("data-event")
        with duckdb.connect(str(summary.db), read_only=True) as con:
            stored = {r[0].strip() for r in con.execute(
                "SELECT evidence FROM event_mentions WHERE event_id = ?", [event_id]).fetchall()}
        assert stored and shown_quotes == stored  # the sentences that report the event, as stored
        page.locator("#multivector svg.balance rect.bar").first.click()
        assert page.locator("#timeline .filter").is_visible()
        shown = page.locator("#timeline li.event:visible").count()
        assert 0 < shown < summary.counts["events"]
        page.locator("#network .node").first.click()
        assert page.locator("#timeline li.event:visible").count() >= 1
        page.screenshot(path=str(tmp_path / "report.png"), full_page=False)
        browser.close()
    assert errors == []
    assert all(url.startswith("file://") for url in requests), requests


@pytest.mark.shared
def test_seeds_report(tmp_path: Path) -> None:
    """On the five seed articles: Kazakhstan's relations with Russia, the West, China
    and Turkey, and every event in the report opens its sentence."""
    seeds = shared_path("seeds")
    summary = analyze([str(seeds)], tmp_path, AnalyzeOptions(say=lambda line: None))
    assert summary.counts["focus"] == "KAZ"
    assert {"RUS", "WEST", "CHN", "TUR"} <= set(summary.counts["partners"])
    html = summary.report.read_text(encoding="utf-8")
    payload = html.split('<script type="application/json" id="mv-data">')[1].split("</script>")[0]
    events = json.loads(payload.replace("<\\/", "</"))["events"]
    assert len(events) == summary.counts["events"] > 5
    texts = {r[0]: r[1] for r in duckdb.connect(str(summary.db), read_only=True).execute(
        "SELECT id, text FROM documents").fetchall()}
    for event in events:
        assert event["mentions"], event["id"]
        for mention in event["mentions"]:
            assert mention["evidence"] and mention["evidence"] in texts[mention["doc_id"]]
    for partner in ("RUS", "WEST", "CHN", "TUR"):
        assert f'data-partner="{partner}"' in html
