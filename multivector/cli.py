"""The command line: thin commands that parse arguments and call the library."""

from __future__ import annotations

import argparse
import gc
import os
import sys
import textwrap
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from multivector import __version__
from multivector.errors import MultivectorError, UsageError
from multivector.store.db import DEFAULT_DB, Store


def _table(rows: list[dict[str, Any]], columns: list[str], widths: dict[str, int] | None = None) -> str:
    widths = widths or {}
    cells = [[_cell(row.get(c), widths.get(c, 40), tail=c.endswith("path")) for c in columns] for row in rows]
    sizes = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(sizes[i]) for i, c in enumerate(columns)),
             "  ".join("-" * s for s in sizes)]
    lines += ["  ".join(v.ljust(sizes[i]) for i, v in enumerate(r)) for r in cells]
    return "\n".join(line.rstrip() for line in lines)


def _cell(value: Any, width: int, tail: bool = False) -> str:
    """One table cell, cut to ``width``; paths keep their end, where the file name is."""
    text = "" if value is None else str(value)
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    return "…" + text[-(width - 1):] if tail else text[: width - 1] + "…"


def _scale_options(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--workers", type=int, default=1, metavar="N",
                     help="local worker processes (default 1); results are the same for any N")
    sub.add_argument("--dask", metavar="tcp://HOST:PORT",
                     help="send partitions of documents to this Dask scheduler instead (its workers need "
                          "multivector installed); results are the same as a local run")


@contextmanager
def _executor(args: argparse.Namespace) -> Iterator[Any]:
    """The executor ``--workers`` or ``--dask`` asks for, closed when the command ends."""
    from multivector.scale.executors import executor_for

    executor = executor_for(args.workers, args.dask)
    try:
        yield executor
    finally:
        executor.close()


def cmd_ingest(args: argparse.Namespace) -> int:
    from multivector.ingest.run import IngestOptions, ingest

    with _executor(args) as executor, Store(args.db) as store:
        summary = ingest(args.paths, store, IngestOptions(max_bytes=args.max_bytes, progress=args.progress),
                         executor=executor)
    print(f"read {summary.read}  stored {summary.stored} (near-duplicates linked: "
          f"{summary.near_duplicate})  duplicate {summary.duplicate}  failed {summary.failed}")
    for failure in summary.failures[: args.show_failures]:
        where = f"{failure.source_path}#{failure.locator}" if failure.locator else failure.source_path
        print(f"  failed [{failure.code}] {where}: {failure.reason}")
    if len(summary.failures) > args.show_failures:
        print(f"  ... {len(summary.failures) - args.show_failures} more: multivector failures --db {args.db}")
    print(f"store: {args.db}")
    return 0


def cmd_docs(args: argparse.Namespace) -> int:
    with Store(args.db, read_only=True) as store:
        clauses, params = [], []
        for column in ("outlet", "status", "language"):
            if getattr(args, column):
                clauses.append(f"{column} = ?")
                params.append(getattr(args, column))
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        rows = store.documents(where, params)
    print(_table(rows[: args.limit], ["id", "published", "outlet", "language", "status", "title"],
                 {"title": 60, "outlet": 22}))
    print(f"{len(rows)} documents")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    with Store(args.db, read_only=True) as store:
        doc = store.document(args.id)
    if doc is None:
        raise UsageError(f"no single document with id {args.id!r}; list them with 'multivector docs'")
    for key in ("id", "title", "author", "published", "published_estimate_min", "outlet", "url",
                "language", "encoding", "status", "duplicate_of", "source_path", "locator", "cleaner"):
        if doc.get(key) not in (None, ""):
            print(f"{key:>22}: {doc[key]}")
    print()
    for paragraph in doc["text"].split("\n\n"):
        print(textwrap.fill(paragraph, width=args.width) if args.width else paragraph)
        print()
    return 0


def cmd_failures(args: argparse.Namespace) -> int:
    with Store(args.db, read_only=True) as store:
        rows = store.failures()
    print(_table(rows, ["code", "source_path", "locator", "reason"], {"source_path": 60, "reason": 70}))
    print(f"{len(rows)} failed inputs")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from multivector.store.export import export

    with Store(args.db, read_only=True) as store:
        written = export(store, args.out)
    for name, path in written.items():
        print(f"{name:>10}: {path}")
    return 0


def cmd_actors(args: argparse.Namespace) -> int:
    if args.action == "explain":
        return _explain(args)
    if args.action == "run":
        from multivector.actors.stage import resolve_actors

        with _executor(args) as executor, Store(args.db) as store:
            summary = resolve_actors(store, reprocess=args.reprocess, executor=executor)
        print(f"documents {summary.documents}  mentions {summary.mentions}  discovered actors {summary.discovered}")
        return 0
    with Store(args.db, read_only=True) as store:
        where = "WHERE a.type = ?" if args.type else ""
        rows = store.query(
            "SELECT a.id, a.name, a.type, a.country, a.code, count(m.actor_id) AS mentions, "
            "string_agg(DISTINCT m.text, ' | ' ORDER BY m.text) AS variants FROM actors a "
            f"LEFT JOIN mentions m ON m.actor_id = a.id {where} GROUP BY ALL ORDER BY mentions DESC, a.id",
            [args.type] if args.type else [])
    print(_table(rows[: args.limit], ["id", "name", "type", "country", "code", "mentions", "variants"],
                 {"variants": 70, "name": 30, "id": 28}))
    print(f"{len(rows)} actors")
    return 0


def _explain(args: argparse.Namespace) -> int:
    from multivector.actors.kb import knowledge_base
    from multivector.actors.resolve import explain

    if not args.name:
        raise UsageError("say which name to explain: multivector actors explain \"Kasym-Zhomart Tokayev\"")
    for line in explain(knowledge_base(), args.name, args.date):
        print(line)
    return 0


def cmd_code(args: argparse.Namespace) -> int:
    """Code a JSONL file of sentences ({id, text, date?}) and print events as JSONL."""
    import json
    from dataclasses import asdict

    from multivector.events.code import code_text

    with open(args.file, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                text = str(record["text"])
            except (json.JSONDecodeError, KeyError, TypeError) as error:
                print(json.dumps({"line": number, "error": f"not a sentence record: {error}"}))
                continue
            events, _ = code_text(text, record.get("date"))
            for event in events:
                print(json.dumps({"id": record.get("id", number), **asdict(event)}, ensure_ascii=False))
    return 0


def cmd_events(args: argparse.Namespace) -> int:
    if args.action == "run":
        from multivector.events.stage import code_events

        with _executor(args) as executor, Store(args.db) as store:
            summary = code_events(store, reprocess=args.reprocess, min_confidence=args.min_confidence,
                                  executor=executor)
        print(f"documents {summary.documents}  sentences {summary.sentences}  "
              f"event mentions {summary.event_mentions}  events {summary.events}")
        return 0
    clauses, params = [], []
    if args.type:
        clauses.append("plover_type = ?")
        params.append(args.type.upper())
    if args.since:
        clauses.append("date >= CAST(? AS DATE)")
        params.append(args.since)
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    with Store(args.db, read_only=True) as store:
        rows = store.query(
            "SELECT CAST(date AS VARCHAR) AS date, plover_type AS type, cameo_code AS cameo, "
            "array_to_string(source_actor_ids, '+') AS source, array_to_string(target_actor_ids, '+') AS target, "
            "mention_count AS n, outlet_count AS outlets, evidence FROM events "
            f"{where} ORDER BY date NULLS LAST, id", params)
    print(_table(rows[: args.limit], ["date", "type", "cameo", "source", "target", "n", "outlets", "evidence"],
                 {"evidence": 70, "source": 28, "target": 28}))
    print(f"{len(rows)} events")
    return 0


def cmd_claims(args: argparse.Namespace) -> int:
    if args.action == "run":
        from multivector.claims.stage import code_claims

        with _executor(args) as executor, Store(args.db) as store:
            summary = code_claims(store, reprocess=args.reprocess, executor=executor)
        print(f"documents {summary.documents}  claims {summary.claims} (quotes {summary.quotes}, "
              f"reported {summary.reported}, author {summary.author})  actor mentions toned {summary.tone_mentions}")
        return 0
    clauses, params = [], []
    for column, value in (("c.kind", args.kind), ("c.outlet", args.outlet), ("c.polarity", args.polarity)):
        if value:
            clauses.append(f"{column} = ?")
            params.append(value)
    if args.speaker:
        clauses.append("(c.speaker_actor_id ILIKE ? OR c.speaker_text ILIKE ? OR a.name ILIKE ?)")
        params += [f"%{args.speaker}%"] * 3
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    with Store(args.db, read_only=True) as store:
        rows = store.query(
            "SELECT c.kind, coalesce(a.name, c.speaker_text) AS speaker, c.outlet, c.polarity, c.certainty, "
            "array_to_string(c.loaded_terms, ', ') AS loaded, c.text FROM claims c "
            f"LEFT JOIN actors a ON a.id = c.speaker_actor_id {where} ORDER BY c.doc_id, c.start", params)
    print(_table(rows[: args.limit], ["kind", "speaker", "outlet", "polarity", "certainty", "loaded", "text"],
                 {"text": 70, "speaker": 24, "outlet": 18, "loaded": 20}))
    print(f"{len(rows)} claims")
    return 0


def cmd_outlets(args: argparse.Namespace) -> int:
    from multivector.claims.outlets import outlet_profiles

    with Store(args.db, read_only=True) as store:
        profiles = outlet_profiles(store)
    for profile in profiles:
        print(f"{profile['outlet']}: {profile['documents']} documents, {profile['claims']} claims "
              f"({profile['quotes']} quotes, {profile['reported']} reported, {profile['author_claims']} author)")
        tones = [t for t in profile["tone_by_country"] or [] if t["mentions"] >= args.min_mentions]
        print("  tone by country: " + ", ".join(f"{t['country']} {t['tone']:+.2f} ({t['mentions']})"
                                                 for t in tones[: args.top]))
        if profile["loaded_terms"]:
            print("  loaded terms: " + ", ".join(profile["loaded_terms"][:12]))
    return 0


def cmd_contradictions(args: argparse.Namespace) -> int:
    from multivector.claims.outlets import contradictions

    with Store(args.db, read_only=True) as store:
        pairs = contradictions(store, limit=args.limit)
    for pair in pairs:
        print(f"{pair['speaker_actor_id']} about {', '.join(pair['about'])} (strength {pair['strength']})")
        for side in (pair["one"], pair["other"]):
            print(f"  {side['polarity']:>8}  {side['outlet']} {side['published'] or ''}: {side['text'][:160]}")
    print(f"{len(pairs)} contradiction candidates")
    return 0


@contextmanager
def _models_held(args: argparse.Namespace) -> Iterator[None]:
    """In a process of its own, load the models and the knowledge base before the work and
    exempt them (with every module) from the garbage collector's full passes while it runs:
    they live as long as the process, and each full pass would walk their big containers
    again (some 5% of the stages' time). A choice for the process as a whole, so the CLI
    makes it when it owns the process (``main()`` called without arguments), never the
    library; the objects are handed back to the collector before exit."""
    if not getattr(args, "own_process", False):
        yield
        return
    from multivector.actors.kb import knowledge_base
    from multivector.scale.work import models

    knowledge_base()
    models()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def cmd_analyze(args: argparse.Namespace) -> int:
    from multivector.analysis.pipeline import AnalyzeOptions, analyze

    partners = [p.strip().upper() for p in args.partners.split(",")] if args.partners else None
    options = AnalyzeOptions(db=args.db, focus=args.focus.upper() if args.focus else None, partners=partners,
                             min_confidence=args.min_confidence, progress=args.progress, workers=args.workers,
                             dask=args.dask)
    with _models_held(args):
        summary = analyze(args.paths, args.out, options)
    c = summary.counts
    print(f"documents {c['stored']} stored ({c['duplicate']} duplicates, {c['near_duplicate']} near-duplicates, "
          f"{c['failed']} failed)  mentions {c['mentions']}  events {c['events']}  claims {c['claims']}")
    print(f"focus {c['focus'] or 'none'} with {', '.join(c['partners']) or 'no partner'}")
    print(f"report:  {summary.report}")
    print(f"exports: {summary.out}/ ({', '.join(sorted(p.name for p in summary.files.values()))})")
    print(f"store:   {summary.db}  (query it: multivector relations {c['focus'] or 'KAZ'} RUS --db {summary.db})")
    if c["failed"]:
        print(f"failed inputs: multivector failures --db {summary.db}")
    return 0


def cmd_relations(args: argparse.Namespace) -> int:
    from multivector.analysis.entities import Entities
    from multivector.analysis.relations import between, dyad_events, relation_cells

    one, other = args.one.upper(), args.other.upper() if args.other else None
    with Store(args.db, read_only=True) as store:
        entities = Entities(store)
        dyads = dyad_events(store, entities)
    if other:
        dyads = between(dyads, one, other, entities)
    else:
        dyads = [d for d in dyads if entities.in_bloc(d.source, one) or entities.in_bloc(d.target, one)]
    cells = relation_cells(dyads, by_month=not args.total)
    rows = [{**c.row(), "period": c.month or "all", "coop": c.quad[0] + c.quad[1], "conflict": c.quad[2] + c.quad[3]}
            for c in cells]
    if not args.total:
        rows.sort(key=lambda r: (r["period"], r["source"], r["target"]))
    print(_table(rows[: args.limit], ["period", "source", "target", "events", "coop", "conflict", "goldstein_sum",
                                      "goldstein_mean", "outlets"]))
    print(f"{len(rows)} rows; {len({d.event_id for d in dyads})} events"
          + ("" if rows else f" (is {one} an ISO-3 country or organisation id? see 'multivector actors')"))
    return 0


def cmd_timeline(args: argparse.Namespace) -> int:
    clauses, params = [], []
    if args.actor:
        clauses.append("EXISTS (SELECT 1 FROM actors a WHERE list_contains(e.source_actor_ids || "
                       "e.target_actor_ids, a.id) AND (a.id ILIKE ? OR a.name ILIKE ? OR "
                       "array_to_string(a.aliases, '|') ILIKE ?))")
        params += [args.actor, f"%{args.actor}%", f"%{args.actor}%"]
    for column, op, value in (("date", ">=", args.since), ("date", "<=", args.until)):
        if value:
            clauses.append(f"e.{column} {op} CAST(? AS DATE)")
            params.append(value)
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    with Store(args.db, read_only=True) as store:
        rows = store.query(
            "SELECT CAST(e.date AS VARCHAR) AS date, e.plover_type AS type, "
            "(SELECT string_agg(coalesce(a.name, s), ', ') FROM unnest(e.source_actor_ids) AS u(s) "
            " LEFT JOIN actors a ON a.id = s) AS source, "
            "(SELECT string_agg(coalesce(a.name, t), ', ') FROM unnest(e.target_actor_ids) AS u(t) "
            " LEFT JOIN actors a ON a.id = t) AS target, "
            f"e.outlet_count AS outlets, e.evidence FROM events e {where} ORDER BY e.date NULLS LAST, e.id", params)
    print(_table(rows[: args.limit], ["date", "type", "source", "target", "outlets", "evidence"],
                 {"evidence": 80, "source": 26, "target": 26}))
    print(f"{len(rows)} events")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="multivector", description=__doc__)
    parser.add_argument("--version", action="version", version=f"multivector {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help_text: str, func: Any) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("--db", default=os.environ.get("MULTIVECTOR_DB", DEFAULT_DB),
                         help=f"the DuckDB store (default: $MULTIVECTOR_DB or ./{DEFAULT_DB})")
        sub.set_defaults(func=func)
        return sub

    sub = command("ingest", "read files and folders of articles into the store", cmd_ingest)
    sub.add_argument("paths", nargs="+", metavar="PATH",
                     help=".html/.htm/.txt (also .gz), .jsonl, .warc/.warc.gz files, or folders")
    sub.add_argument("--max-bytes", type=int, default=10 * 1024 * 1024,
                     help="largest single input accepted, in bytes (default 10 MiB)")
    sub.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                     help="show a progress bar (default: only on a terminal)")
    sub.add_argument("--show-failures", type=int, default=20, help="failures to list after the summary")
    _scale_options(sub)

    sub = command("docs", "list stored documents", cmd_docs)
    sub.add_argument("--outlet", help="only this outlet")
    sub.add_argument("--status", choices=["ok", "near_duplicate"], help="only this status")
    sub.add_argument("--language", help="only this language (ISO 639-1)")
    sub.add_argument("--limit", type=int, default=200, help="rows to print")

    sub = command("show", "print one clean document with its metadata", cmd_show)
    sub.add_argument("id", help="document id (a unique prefix is enough)")
    sub.add_argument("--width", type=int, default=0, help="wrap paragraphs at this width")

    command("failures", "list inputs that did not become documents, with the reason", cmd_failures)

    sub = command("actors", "list actors with mention counts and spellings; 'run' finds mentions; "
                            "'explain NAME' shows how a name resolves", cmd_actors)
    sub.add_argument("action", nargs="?", choices=["list", "run", "explain"], default="list",
                     help="list (default), run the actor stage, or explain a name")
    sub.add_argument("name", nargs="?", help="the name to explain")
    sub.add_argument("--date", help="resolve as of this ISO date (roles are dated)")
    sub.add_argument("--type", help="list only this actor type (person, country, government, igo, ...)")
    sub.add_argument("--limit", type=int, default=100, help="rows to print")
    sub.add_argument("--reprocess", action="store_true", help="with run: redo every document")
    _scale_options(sub)

    sub = commands.add_parser("code", help="code a JSONL file of sentences (id, text, optional date); "
                              "prints events as JSONL", description="code a JSONL file of sentences (id, text, "
                              "optional date) and print one JSON event per line")
    sub.add_argument("file", help="JSONL file, one {\"id\", \"text\", \"date\"} object per line")
    sub.set_defaults(func=cmd_code)

    sub = command("events", "list coded events; 'run' codes every new document", cmd_events)
    sub.add_argument("action", nargs="?", choices=["list", "run"], default="list",
                     help="list (default) or run the event stage")
    sub.add_argument("--type", help="only this PLOVER type (AGREE, CONSULT, THREATEN, ...)")
    sub.add_argument("--since", help="only events on or after this ISO date")
    sub.add_argument("--limit", type=int, default=100, help="rows to print")
    sub.add_argument("--reprocess", action="store_true", help="with run: redo every document")
    _scale_options(sub)
    sub.add_argument("--min-confidence", type=float, default=0.8, metavar="C",
                     help="with run: keep events coded with at least this confidence (default 0.8; 0 keeps all)")

    sub = command("claims", "list claims (quotes, reported speech, the author's voice); 'run' finds them",
                  cmd_claims)
    sub.add_argument("action", nargs="?", choices=["list", "run"], default="list",
                     help="list (default) or run the claims stage")
    sub.add_argument("--kind", choices=["quote", "reported", "author"], help="only this kind")
    sub.add_argument("--speaker", help="only speakers whose id, name or words contain this")
    sub.add_argument("--outlet", help="only this outlet")
    sub.add_argument("--polarity", choices=["positive", "negative", "neutral"], help="only this polarity")
    sub.add_argument("--limit", type=int, default=100, help="rows to print")
    sub.add_argument("--reprocess", action="store_true", help="with run: redo every document")
    _scale_options(sub)

    sub = command("outlets", "outlet profiles: documents, claims, tone toward each country, loaded terms",
                  cmd_outlets)
    sub.add_argument("--top", type=int, default=8, help="countries to show per outlet")
    sub.add_argument("--min-mentions", type=int, default=2, help="hide countries mentioned fewer times")

    sub = command("contradictions", "claims by one speaker about one country with opposite polarity, "
                                    "across documents, side by side", cmd_contradictions)
    sub.add_argument("--limit", type=int, default=20, help="pairs to print")

    sub = command("analyze", "the main job: ingest PATHs, run every stage, write exports and OUT/report.html",
                  cmd_analyze)
    sub.add_argument("paths", nargs="+", metavar="PATH", help="files and folders of articles (as for ingest)")
    sub.add_argument("--out", required=True, help="output folder for report.html and the exports")
    sub.set_defaults(db=None)
    sub.add_argument("--focus", help="focus country of the multi-vector view, ISO-3 (default: the most mentioned)")
    sub.add_argument("--partners", help="comma-separated partners of the focus (countries, organisations or blocs "
                                        "such as WEST; default from data/analysis/vectors.yaml)")
    sub.add_argument("--min-confidence", type=float, default=0.8, metavar="C",
                     help="keep events coded with at least this confidence (default 0.8)")
    sub.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                     help="show progress bars (default: only on a terminal)")
    _scale_options(sub)

    sub = command("relations", "events between two countries or organisations (or blocs such as WEST) per month: "
                               "cooperation, conflict, Goldstein score, outlets", cmd_relations)
    sub.add_argument("one", help="ISO-3 country, organisation id (EU, CSTO) or bloc (WEST)")
    sub.add_argument("other", nargs="?", help="the other side (default: every partner of ONE)")
    sub.add_argument("--total", action="store_true", help="one row per ordered pair instead of per month")
    sub.add_argument("--limit", type=int, default=100, help="rows to print")

    sub = command("timeline", "events in date order, with their evidence sentence", cmd_timeline)
    sub.add_argument("--actor", help="only events with this actor (id, name or alias; part of a name is enough)")
    sub.add_argument("--since", help="only events on or after this ISO date")
    sub.add_argument("--until", help="only events on or before this ISO date")
    sub.add_argument("--limit", type=int, default=100, help="rows to print")

    sub = command("export", "write open exports (JSONL) of the store", cmd_export)
    sub.add_argument("--out", required=True, help="output folder")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    args.own_process = argv is None  # run as the `multivector` command, not called from Python
    try:
        return int(args.func(args))
    except MultivectorError as error:
        print(f"multivector: {error}", file=sys.stderr)
        return 2
    except FileNotFoundError as error:
        print(f"multivector: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
