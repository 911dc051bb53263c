"""The report page (``report.v1``): server-rendered sections and charts, with a small
inline script for the evidence panel and filters. Styles and script ship in
report/assets and are inlined, so the one file works offline."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from html import escape
from importlib import resources
from typing import Any

from multivector import __version__
from multivector.report.svg import QUAD_COLOURS, QUAD_NAMES, balance_chart, month_index, network_svg, timeline_strip

ALGORITHM = "report.v1"


def render(data: dict[str, Any], title: str = "multivector report") -> str:
    """The whole page as one string; ``write`` streams the same page to a file."""
    return "".join(pieces(data, title))


def write(data: dict[str, Any], path: str | os.PathLike[str], title: str = "multivector report") -> None:
    """Write the page to ``path`` a piece at a time: the timeline, the outlets table and
    the events' data grow with the corpus, so the page is never held whole."""
    with open(path, "w", encoding="utf-8") as out:
        for piece in pieces(data, title):
            out.write(piece)


def pieces(data: dict[str, Any], title: str = "multivector report") -> Iterator[str]:
    """The page in order, section by section; the long lists (``data["events"]`` and
    ``data["outlets"]``, which may be read from the store as they are walked) row by row."""
    yield "".join([
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{_asset('report.css')}</style></head><body>",
        f'<header><h1>{escape(title)}</h1><p class="generated">multivector {__version__} · {ALGORITHM}</p>',
        _nav(), "</header><main>"])
    yield from (_summary(data), _multivector(data), _relations(data))
    yield from _timeline(data)
    yield _network(data)
    yield from _outlets(data)
    yield from (_actors(data), _quality(data))
    yield ('</main><aside id="evidence" hidden><button type="button" class="close" aria-label="close">×</button>'
           '<div class="body"></div></aside><script type="application/json" id="mv-data">')
    yield from _payload(data["events"])
    yield f"</script><script>{_asset('report.js')}</script></body></html>\n"


def _payload(events: Iterable[dict[str, Any]]) -> Iterator[str]:
    """``{"events": [...]}`` as json.dumps writes it, one event at a time, with "</"
    escaped so no string can close the script element."""
    yield '{"events": ['
    for number, event in enumerate(events):
        text = json.dumps(event, ensure_ascii=False, default=str).replace("</", "<\\/")
        yield f", {text}" if number else text
    yield "]}"


def _asset(name: str) -> str:
    return resources.files("multivector.report").joinpath("assets", name).read_text(encoding="utf-8")


def _nav() -> str:
    links = [("summary", "Summary"), ("multivector", "Multi-vector"), ("relations", "Relations"),
             ("timeline", "Timeline"), ("network", "Network"), ("outlets", "Outlets"), ("actors", "Actors"),
             ("quality", "Data quality")]
    return "<nav>" + "".join(f'<a href="#{key}">{label}</a>' for key, label in links) + "</nav>"


def _events_link(count: int | float, ids: list[str], label: str, text: str | None = None) -> str:
    shown = escape(text if text is not None else str(count))
    if not ids:
        return f'<span class="num zero">{shown}</span>'
    return (f'<a href="#timeline" class="num" data-events="{escape(" ".join(ids), quote=True)}" '
            f'data-label="{escape(label, quote=True)}">{shown}</a>')


def _summary(data: dict[str, Any]) -> str:
    s = data["summary"]
    cards = [("documents", s["documents"], "#quality"), ("outlets", s["outlets"], "#outlets"),
             ("events", s["events"], "#timeline"), ("actors", s["actors"], "#actors"),
             ("claims", s["claims"], "#outlets"), ("failed inputs", s["failed"], "#quality")]
    span = (f"published {s['first_published'] or '?'} to {s['last_published'] or '?'}; "
            f"events dated {s['first_event'] or '?'} to {s['last_event'] or '?'}")
    focus = data["focus"]
    return ('<section id="summary"><h2>Summary</h2><div class="cards">'
            + "".join(f'<a class="card" href="{href}"><b>{value}</b><span>{name}</span></a>'
                      for name, value, href in cards)
            + f"</div><p>{escape(span)}. Focus country: <b>{escape(focus['label'] or 'none')}</b> "
            "(the most mentioned, unless chosen with --focus). Every number links to the events or "
            "sentences behind it; click an event to read its evidence.</p></section>")


def _multivector(data: dict[str, Any]) -> str:
    focus, view = data["focus"], data["multivector"]
    if not view:
        return '<section id="multivector"><h2>Multi-vector view</h2><p class="empty">No partner found.</p></section>'
    months = [month_index(m["month"]) for row in view for m in row["months"]]
    span = (min(months), max(months)) if months else (0, 0)
    rows = []
    for row in view:
        total, near = row["total"], row["co_mentions"]
        label = f"{focus['label']} – {row['label']}"
        chart = balance_chart(row["months"], span, label) if row["months"] else \
            '<p class="empty">No dated event between them.</p>'
        rows.append(
            f'<article class="vector" data-partner="{escape(row["partner"])}"><h3>{escape(row["label"])}'
            f'{" (bloc)" if row["bloc"] else ""}</h3><p class="figures">'
            f"{_events_link(total['events'], total['event_ids'], label)} events: "
            f"<span class=\"coop\">{total['cooperation']} cooperative</span>, "
            f"<span class=\"conflict\">{total['conflict']} conflictual</span>; mean Goldstein "
            f"{total['goldstein_mean']:+.2f}; {total['outlets']} outlet(s). "
            f"{near['count']} sentence(s) name both ({near['outlets']} outlet(s), tone {near['tone']:+.2f}).</p>"
            f"{chart}{_co_mentions(near['items'])}</article>")
    return (f'<section id="multivector"><h2>Multi-vector view: {escape(focus["label"] or "")} and its partners</h2>'
            '<p class="legend"><span class="coop">■ cooperation</span> above the line, <span class="conflict">■ '
            "conflict</span> below, per month; click a bar for its events.</p>" + "".join(rows) + "</section>")


def _co_mentions(items: list[dict[str, Any]]) -> str:
    if not items:
        return ""
    lines = "".join(f'<li><q>{escape(i["sentence"])}</q> <cite>{escape(i["outlet"] or "")}'
                    f'{", " + escape(i["published"]) if i["published"] else ""}</cite> '
                    f'<span class="tone">tone {i["tone"]:+.1f}</span></li>' for i in items)
    return f"<details><summary>Sentences that name both ({len(items)})</summary><ul class=\"sentences\">" \
           f"{lines}</ul></details>"


def _relations(data: dict[str, Any]) -> str:
    labels = data["labels"]
    rows = []
    all_months = [month_index(m["month"]) for d in data["relations"] for m in d["months"]]
    span = (min(all_months), max(all_months)) if all_months else (0, 0)
    for d in data["relations"]:
        label = f"{labels.get(d['source'], d['source'])} → {labels.get(d['target'], d['target'])}"
        quads = [(1, "verbal_cooperation"), (2, "material_cooperation"), (3, "verbal_conflict"),
                 (4, "material_conflict")]
        cells = "".join(f"<td>{d[key]}</td>" for _, key in quads)
        months = [{"month": m["month"], "cooperation": m["verbal_cooperation"] + m["material_cooperation"],
                   "conflict": m["verbal_conflict"] + m["material_conflict"], "goldstein_mean": m["goldstein_mean"],
                   "outlets": m["outlets"], "event_ids": m["event_ids"]} for m in d["months"]]
        chart = balance_chart(months, span, label, width=420, height=60) if months else ""
        rows.append(f"<tr><th>{escape(label)}</th><td>{_events_link(d['events'], d['event_ids'], label)}</td>"
                    f"{cells}<td>{d['goldstein_sum']:+.1f}</td><td>{d['goldstein_mean']:+.2f}</td>"
                    f"<td>{d['outlets']}</td><td class=\"spark\">{chart}</td></tr>")
    head = "".join(f'<th style="color:{QUAD_COLOURS[q]}">{escape(QUAD_NAMES[q])}</th>' for q in (1, 2, 3, 4))
    return ('<section id="relations"><h2>Relations over time</h2><p>Ordered pairs of countries and '
            "organisations with the most events; Goldstein-style scores run from −10 (most conflictual) to +10. "
            "The relations export holds every pair and month.</p><table class=\"relations\"><thead><tr>"
            f"<th>pair</th><th>events</th>{head}<th>Goldstein sum</th><th>mean</th><th>outlets</th>"
            f"<th>by month</th></tr></thead><tbody>{''.join(rows)}</tbody></table></section>")


def _timeline(data: dict[str, Any]) -> Iterator[str]:
    yield '<section id="timeline"><h2>Timeline</h2>'
    yield timeline_strip(data["events"])
    yield ('<p class="filter" hidden><span class="what"></span> <button type="button" class="clear">show all'
           '</button></p><ol class="events">')
    yield from (_event_item(e) for e in data["events"])
    yield "</ol></section>"


def _event_item(e: dict[str, Any]) -> str:
    sources = ", ".join(a["name"] for a in e["sources"]) or "?"
    targets = ", ".join(a["name"] for a in e["targets"])
    actors = " ".join(a["id"] for a in e["sources"] + e["targets"])
    first = e["mentions"][0] if e["mentions"] else {}
    flags = "".join(f'<span class="flag">{f}</span>' for f in ("negated", "hypothetical", "future") if e[f])
    colour = QUAD_COLOURS.get(e["quad_class"] or 0, "#6b7280")
    return (f'<li class="event" id="ev-{escape(e["id"])}" data-event="{escape(e["id"])}" '
            f'data-actors="{escape(actors, quote=True)}" tabindex="0">'
            f'<time>{escape(e["date"] or "undated")}</time>'
            f'<span class="type" style="border-color:{colour}">{escape(e["plover_type"] or "?")} '
            f'<small>{escape(e["cameo_code"] or "")}</small></span>'
            f'<span class="dyad">{escape(sources)}{" → " + escape(targets) if targets else ""}</span>{flags}'
            f'<span class="outlet">{escape(first.get("outlet") or "")} · {e["mention_count"]} report(s)</span>'
            f'<span class="sentence">{escape((first.get("evidence") or "")[:220])}</span></li>')


def _network(data: dict[str, Any]) -> str:
    return ('<section id="network"><h2>Actor network</h2><p>Actors in the most events; a line is the events '
            "between two actors, thicker for more. Click an actor or a line for its events. The GraphML export "
            "opens in Gephi.</p>" + network_svg(data["network"]) + "</section>")


def _outlets(data: dict[str, Any]) -> Iterator[str]:
    yield ('<section id="outlets"><h2>Outlets</h2><table><thead><tr><th>outlet</th><th>documents</th>'
           "<th>claims</th><th>tone toward countries (mentions)</th><th>loaded terms</th></tr></thead><tbody>")
    yield from (_outlet_row(o) for o in data["outlets"])
    pairs = []
    for p in data["contradictions"]:
        sides = "".join(f'<div class="side {escape(s["polarity"])}"><q>{escape(s["text"][:300])}</q>'
                        f'<cite>{escape(s["outlet"])}{", " + escape(s["published"]) if s["published"] else ""}'
                        f"</cite></div>" for s in (p["one"], p["other"]))
        pairs.append(f'<div class="pair"><h4>{escape(p["speaker_actor_id"])} on {escape(", ".join(p["about"]))}'
                     f"</h4>{sides}</div>")
    yield ("</tbody></table><h3>Contradiction candidates</h3>" + ("".join(pairs) or '<p class="empty">None found.</p>')
           + "</section>")


def _outlet_row(o: dict[str, Any]) -> str:
    tones = "".join(f'<span class="chip {"pos" if t["tone"] > 0.05 else "neg" if t["tone"] < -0.05 else ""}">'
                    f'{escape(t["country"])} {t["tone"]:+.2f} <small>({t["mentions"]})</small></span>'
                    for t in (o["tone_by_country"] or [])[:8])
    return (f"<tr><th>{escape(o['outlet'])}</th><td>{o['documents']}</td><td>{o['claims']} "
            f"<small>({o['quotes']} quotes, {o['reported']} reported, {o['author_claims']} author)</small>"
            f"</td><td>{tones}</td><td>{escape(', '.join((o['loaded_terms'] or [])[:8]))}</td></tr>")


def _actors(data: dict[str, Any]) -> str:
    rows = "".join(f'<tr data-actor="{escape(a["id"], quote=True)}" data-label="{escape(a["name"], quote=True)}">'
                   f"<th>{escape(a['name'])}</th><td>{escape(a['type'])}</td><td>{escape(a['country'] or '')}</td>"
                   f"<td>{a['mentions']}</td><td>{a['documents']}</td><td>{escape(' · '.join(a['spellings'][:12]))}"
                   "</td></tr>" for a in data["actors"])
    return ('<section id="actors"><h2>Top actors</h2><p>Click an actor for its events.</p><table><thead><tr>'
            "<th>actor</th><th>type</th><th>country</th><th>mentions</th><th>documents</th><th>spellings seen</th>"
            f"</tr></thead><tbody>{rows}</tbody></table></section>")


def _quality(data: dict[str, Any]) -> str:
    q, c = data["quality"], data["quality"]["counts"]
    failed = "".join(f"<li><code>{escape(f['code'] or '')}</code> {escape(f['source_path'])}"
                     f"{'#' + escape(f['locator']) if f['locator'] else ''}: {escape(f['reason'] or '')}</li>"
                     for f in q["failed"])
    discovered = ", ".join(f"{escape(d['name'])} ({d['mentions']})" for d in q["discovered"][:40])
    speakers = ", ".join(f"{escape(u['text'])} ({u['claims']})" for u in q["unresolved_speakers"][:40])
    near = "".join(f"<li>{escape(d['title'] or d['id'])}: near-duplicate of {escape(d['duplicate_of'] or '?')}</li>"
                   for d in q["near_duplicates"])
    undated = _events_link(c["undated_events"], q["undated_event_ids"], "undated events")
    return ('<section id="quality"><h2>Data quality</h2><ul class="quality">'
            f"<li><b>{c['failed']}</b> input(s) failed and were recorded, not lost<ul>{failed}</ul></li>"
            f"<li><b>{c['exact_duplicates']}</b> exact duplicate input(s) skipped; <b>{c['near_duplicates']}</b> "
            f"near-duplicate document(s) linked to their original<ul>{near}</ul></li>"
            f"<li><b>{undated}</b> undated event(s) (outside every chart); <b>{c['undated_documents']}</b> "
            "document(s) without a publication date</li>"
            f"<li><b>{c['discovered_mentions']}</b> mention(s) of people the knowledge base does not know: "
            f"{discovered or 'none'}</li>"
            f"<li><b>{c['unresolved_speakers']}</b> claim(s) whose speaker is not resolved to an actor: "
            f"{speakers or 'none'}</li></ul></section>")
