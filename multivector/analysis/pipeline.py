"""The main job: from folders of articles to a store, open exports and the report:
ingest, then the per-document stages (actors, events, claims) in one pass over the
documents, then the exports and the report, each step reporting what it did. The
two first steps run on the executor asked for (``--workers N`` or ``--dask``)."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from multivector.scale.executors import Executor, executor_for
from multivector.store.db import Store

REPORT = "report.html"


@dataclass(slots=True)
class AnalyzeOptions:
    db: str | None = None  # default: OUT/multivector.duckdb
    focus: str | None = None  # default: the most mentioned country
    partners: list[str] | None = None  # default: data/analysis/vectors.yaml
    min_confidence: float = 0.8
    progress: bool | None = None
    workers: int = 1  # local worker processes
    dask: str | None = None  # a Dask scheduler's address (tcp://HOST:PORT) instead
    say: Callable[[str], None] = field(default=lambda line: print(line, file=sys.stderr, flush=True))


@dataclass(slots=True)
class AnalyzeSummary:
    out: Path
    db: Path
    report: Path
    counts: dict[str, Any] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def analyze(paths: Sequence[str], out_dir: str | Path, options: AnalyzeOptions | None = None) -> AnalyzeSummary:
    """Ingest ``paths``, run every stage, write the exports and OUT/report.html."""
    options = options or AnalyzeOptions()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    db = Path(options.db) if options.db else out / "multivector.duckdb"
    summary = AnalyzeSummary(out, db, out / REPORT)
    executor = executor_for(options.workers, options.dask)
    try:
        with Store(db) as store:
            steps = _steps(paths, out, options, summary, executor)
            for number, (name, step) in enumerate(steps, start=1):
                start = time.perf_counter()
                line = step(store)
                summary.seconds[name] = round(time.perf_counter() - start, 2)
                options.say(f"[{number}/{len(steps)}] {name:<7} {line} ({summary.seconds[name]:.1f} s)")
    finally:
        executor.close()
    return summary


def _steps(paths: Sequence[str], out: Path, options: AnalyzeOptions, summary: AnalyzeSummary,
           executor: Executor) -> list[tuple[str, Callable[[Store], str]]]:
    def ingest_step(store: Store) -> str:
        from multivector.ingest.run import IngestOptions, ingest

        s = ingest(list(paths), store, IngestOptions(progress=options.progress), executor=executor)
        summary.counts.update(read=s.read, stored=s.stored, duplicate=s.duplicate, failed=s.failed,
                              near_duplicate=s.near_duplicate)
        return f"read {s.read}, stored {s.stored}, duplicates {s.duplicate}, failed {s.failed}"

    def stages_step(store: Store) -> str:
        from multivector.scale.runner import run_stages

        s = run_stages(store, ("actors", "events", "claims"), min_confidence=options.min_confidence,
                       executor=executor, progress=options.progress)
        summary.counts.update(mentions=s.mentions, discovered=s.discovered, sentences=s.sentences,
                              event_mentions=s.event_mentions, events=s.events, claims=s.claims)
        return (f"{s.documents} documents: {s.mentions} actor mentions ({s.discovered} new actors), "
                f"{s.event_mentions} event mentions in {s.events} events, {s.claims} claims "
                f"({s.quotes} quotes, {s.reported} reported, {s.author} author)")

    shared: dict[str, Any] = {}  # relations and network: computed once, exported and drawn

    def export_step(store: Store) -> str:
        from multivector.analysis.entities import Entities
        from multivector.analysis.exports import export_analysis
        from multivector.analysis.network import actor_network
        from multivector.analysis.relations import dyad_events

        shared.update(dyads=dyad_events(store, Entities(store)), network=actor_network(store))
        summary.files.update(export_analysis(store, out, shared["dyads"], shared["network"]))
        return f"{len(summary.files)} files in {out}"

    def report_step(store: Store) -> str:
        from multivector.analysis.overview import overview
        from multivector.report.html import write

        data = overview(store, options.focus, options.partners, shared.get("dyads"), shared.get("network"))
        write(data, summary.report)
        summary.counts["focus"] = data["focus"]["id"]
        summary.counts["partners"] = [v["partner"] for v in data["multivector"]]
        return f"{summary.report} (focus {data['focus']['label'] or 'none'})"

    return [("ingest", ingest_step), ("stages", stages_step), ("export", export_step), ("report", report_step)]
