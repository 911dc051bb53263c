"""The store side of the per-document stages: find the documents a stage has not
processed, send them in partitions to an executor (this process, local workers or a
Dask cluster), and store what comes back in document order, so that every executor
writes the same store. Documents are read a partition at a time: memory does not
grow with the corpus."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from tqdm import tqdm

from multivector.actors.kb import KnowledgeBase, knowledge_base
from multivector.actors.mentions import FINDER as ACTOR_FINDER
from multivector.actors.stage import ACTOR_COLUMNS, MENTION_COLUMNS, register_actors
from multivector.claims.stage import CLAIM_COLUMNS, TONE_COLUMNS
from multivector.claims.stage import FINDER as CLAIM_FINDER
from multivector.errors import UsageError
from multivector.events.coder import CODER
from multivector.events.merge import merge_events
from multivector.events.stage import MENTION_COLUMNS as EVENT_COLUMNS
from multivector.events.stage import MIN_CONFIDENCE
from multivector.scale.executors import Executor, Serial
from multivector.scale.work import STAGES, DocumentWork, Task, work
from multivector.store.db import Store

PARTITION = 25  # documents per task: big enough to pay for the trip, small enough to balance
FLUSH = 200  # documents between writes to the store
ALGORITHMS = {"actors": ACTOR_FINDER, "events": CODER, "claims": CLAIM_FINDER}
_CLEARS = {"actors": ("mentions",), "events": ("event_mentions",), "claims": ("claims", "actor_tone")}
_PROCESSED = {"doc_id": "VARCHAR", "stage": "VARCHAR", "algorithm": "VARCHAR"}


@dataclass(slots=True)
class StageSummary:
    documents: int = 0
    mentions: int = 0
    discovered: int = 0
    sentences: int = 0
    event_mentions: int = 0
    events: int = 0
    claims: int = 0
    quotes: int = 0
    reported: int = 0
    author: int = 0
    tone_mentions: int = 0


def run_stages(store: Store, stages: Sequence[str], kb: KnowledgeBase | None = None,
               min_confidence: float = MIN_CONFIDENCE, reprocess: bool = False,
               executor: Executor | None = None, progress: bool | None = False) -> StageSummary:
    """Run ``stages`` (in pipeline order) over the documents that lack them; with
    ``reprocess`` the last of them is run again over every document."""
    unknown = set(stages) - set(STAGES)
    if unknown:
        raise UsageError(f"unknown stage {sorted(unknown)[0]!r}; the stages are {', '.join(STAGES)}")
    stages = [s for s in STAGES if s in stages]
    if reprocess:
        _clear(store, stages[-1])
    writer = _Writer(store, kb or knowledge_base())
    todo = _todo(store, stages)
    bar = tqdm(total=len(todo), unit="doc", desc="+".join(stages), disable=None if progress is None else not progress)
    executor = executor or Serial()
    for result in executor.map(partial(work, kb=kb), _tasks(store, todo, min_confidence)):
        for done in result:
            writer.add(done)
        bar.update(len(result))
    bar.close()
    writer.flush()
    if "events" in stages:
        writer.summary.events = merge_events(store)
    return writer.summary


def _clear(store: Store, stage: str) -> None:
    for table in _CLEARS[stage]:
        store.con.execute(f"DELETE FROM {table}")
    store.con.execute("DELETE FROM processed WHERE stage = ?", [stage])


def _todo(store: Store, stages: list[str]) -> dict[str, list[str]]:
    """Document id -> the stages it still needs, in id order."""
    done: dict[str, set[str]] = {}
    for row in store.con.execute("SELECT doc_id, stage FROM processed").fetchall():
        done.setdefault(row[0], set()).add(row[1])
    ids = [row[0] for row in store.con.execute("SELECT id FROM documents ORDER BY id").fetchall()]
    todo = {i: [s for s in stages if s not in done.get(i, ())] for i in ids}
    return {i: need for i, need in todo.items() if need}


def _tasks(store: Store, todo: dict[str, list[str]], min_confidence: float) -> Iterator[Task]:
    ids = list(todo)
    for at in range(0, len(ids), PARTITION):
        chunk = ids[at:at + PARTITION]
        docs = store.query(
            "SELECT id, text, outlet, author, genre, CAST(published AS VARCHAR) AS published FROM documents "
            "WHERE list_contains(?, id) ORDER BY id", [chunk])
        stored_mentions = [d["id"] for d in docs if "actors" not in todo[d["id"]]]
        stored_events = [d["id"] for d in docs if "claims" in todo[d["id"]] and "events" not in todo[d["id"]]]
        mentions = _by_doc(store, stored_mentions, (
            'SELECT m.doc_id, m.start, m."end", m.actor_id, m.method, m.text, a.type, a.code FROM mentions m '
            "LEFT JOIN actors a ON a.id = m.actor_id WHERE list_contains(?, m.doc_id) "
            'ORDER BY m.doc_id, m.start, m."end", m.actor_id'))
        events = _by_doc(store, stored_events, (
            "SELECT doc_id, trigger_start, quad_class, plover_type, negated FROM event_mentions "
            "WHERE list_contains(?, doc_id) ORDER BY doc_id, trigger_start"))
        for doc in docs:
            doc.update(todo=todo[doc["id"]], mentions=mentions.get(doc["id"], []), events=events.get(doc["id"], []))
        yield Task(docs, min_confidence)


def _by_doc(store: Store, ids: list[str], sql: str) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    if ids:
        for row in store.query(sql, [ids]):
            out.setdefault(row["doc_id"], []).append(row)
    return out


class _Writer:
    """Collects the rows of processed documents and writes them every FLUSH documents."""

    def __init__(self, store: Store, kb: KnowledgeBase) -> None:
        self.store = store
        self.kb = kb
        self.summary = StageSummary()
        self.known = {row[0] for row in store.con.execute("SELECT id FROM actors").fetchall()}
        self.rows: dict[str, list[dict[str, Any]]] = {t: [] for t in
                                                      ("actors", "mentions", "events", "claims", "tones", "done")}
        self.pending = 0

    def add(self, done: DocumentWork) -> None:
        s, rows = self.summary, self.rows
        for actor in done.actors:
            if actor["id"] not in self.known:
                self.known.add(actor["id"])
                rows["actors"].append(actor)
                s.discovered += actor["source"] == "discovered"
        rows["mentions"] += done.mentions
        rows["events"] += done.events
        rows["claims"] += done.claims
        rows["tones"] += done.tones
        rows["done"] += [{"doc_id": done.doc_id, "stage": stage, "algorithm": ALGORITHMS[stage]}
                         for stage in done.todo]
        s.documents += 1
        s.mentions += len(done.mentions)
        s.sentences += done.sentences
        s.event_mentions += len(done.events)
        s.claims += len(done.claims)
        for claim in done.claims:
            s.quotes += claim["kind"] == "quote"
            s.reported += claim["kind"] == "reported"
            s.author += claim["kind"] == "author"
        s.tone_mentions += len(done.tones)
        self.pending += 1
        if self.pending >= FLUSH:
            self.flush()

    def flush(self) -> None:
        rows, store = self.rows, self.store
        store.bulk_insert("actors", ACTOR_COLUMNS, rows["actors"])
        sides = {a for row in rows["events"] for a in row["source_actor_ids"] + row["target_actor_ids"]}
        missing = sides - self.known  # sides the coder inferred ("protests in X": X's civilians)
        if missing:
            register_actors(store, self.kb, missing)
            self.known |= {a for a in missing if a in self.kb.actors}
        store.bulk_insert("mentions", MENTION_COLUMNS, rows["mentions"])
        store.bulk_insert("event_mentions", EVENT_COLUMNS, rows["events"])
        store.bulk_insert("claims", CLAIM_COLUMNS, rows["claims"])
        store.bulk_insert("actor_tone", TONE_COLUMNS, rows["tones"])
        store.bulk_insert("processed", _PROCESSED, rows["done"])
        self.rows = {key: [] for key in rows}
        self.pending = 0
