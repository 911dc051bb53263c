"""The ingest job: files -> units -> decoded, extracted, cleaned Documents in the store.

Three passes keep memory flat however large the corpus:
1. read and extract every unit (in partitions of files, on the executor given:
   this process, local workers or a Dask cluster; the results are taken in file
   order, so every executor stores the same), staging the candidate lines in a
   temporary file (pickled records: our own, read back by this run only) and the
   line shapes of each document in a JSONL file DuckDB folds;
2. fold the shapes into the store's per-outlet line statistics (learned chrome);
3. stream the staged documents back, drop learned chrome, deduplicate, store.
Every unit ends as a stored document, a duplicate or a recorded failure.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from tqdm import tqdm

from multivector.clean import boilerplate, html, text
from multivector.clean.genre import detect_genre
from multivector.clean.lines import paragraphs
from multivector.clean.metadata import pick, published_date, published_estimate
from multivector.clean.outlets import detect_outlet
from multivector.errors import InputError, NoMainText
from multivector.ingest import dedup
from multivector.ingest.encoding import control_bytes, declared_charset, decode
from multivector.ingest.sources import DEFAULT_MAX_BYTES, read_path, walk
from multivector.model import Document, Extracted, Failure, IngestSummary, RawInput
from multivector.scale.executors import Executor, Serial
from multivector.store.db import Store, failure_row
from multivector.text.language import detect_language

BATCH = 500
FILES_PER_TASK = 8


@dataclass(slots=True)
class IngestOptions:
    max_bytes: int = DEFAULT_MAX_BYTES
    progress: bool | None = None  # None: only when stderr is a terminal


@dataclass(slots=True)
class _Batch:
    documents: list[Document] = field(default_factory=list)
    inputs: list[dict[str, Any]] = field(default_factory=list)
    sketches: dict[str, list[int]] = field(default_factory=dict)
    retried: list[tuple[str, str]] = field(default_factory=list)
    relinks: list[tuple[str, str]] = field(default_factory=list)

    def flush(self, store: Store, run_id: int) -> None:
        store.forget_failures(self.retried)
        store.add_documents(self.documents, run_id)
        store.add_inputs(self.inputs, run_id)
        for copy, original in self.relinks:
            store.relink(copy, original)
        store.add_sketches(self.sketches)
        self.documents, self.inputs, self.sketches, self.retried, self.relinks = [], [], {}, [], []


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def has_prose(lines: list[str]) -> bool:
    """At least one sentence-sized line, or enough words overall: link labels
    and menus ("Home", "Economy", "Politics") are not an article."""
    counts = [len(line.split()) for line in lines if line]
    longest = max((len(line) for line in lines), default=0)  # scripts written without spaces
    return bool(counts) and (max(counts) >= 5 or sum(counts) >= 30 or longest >= 60)


def extract_unit(unit: RawInput) -> Extracted:
    """Decode and extract one unit; raise an InputError when it has no text."""
    declared = declared_charset(unit.data) if unit.kind == "html" else None
    controls = control_bytes(unit.data)  # counted once, for the decoder's check and the HTML repair
    decoded, encoding, warnings = decode(unit.data, declared, controls)
    if unit.kind == "html":  # strict UTF-8 without control bytes: nothing for lxml's sake to delete
        xml_safe = encoding == "utf-8" and not warnings and controls == 0
        extracted = html.extract_html(decoded, unit.hints.get("url"), xml_safe)
    else:
        extracted = text.extract_text(decoded)
    if not has_prose(extracted.lines):
        raise NoMainText("no main text found (an empty, script-only or navigation-only page)")
    extracted.encoding = encoding
    extracted.warnings.extend(warnings)
    extracted.outlet = detect_outlet(pick(unit.hints.get("url"), extracted.url),
                                     unit.hints.get("outlet"), lambda: page_text(unit.kind, decoded),
                                     extracted.sitename)
    return extracted


def page_text(kind: str, decoded: str) -> str:
    return html.visible_text(decoded) if kind == "html" else decoded


def drop_author_bio(lines: list[str], author: str | None) -> list[str]:
    """Drop the "<Author> is a senior editor at ..." note that closes many articles."""
    if not author:
        return lines
    bio = re.compile(rf"^{re.escape(author)},? (is|was|has been) (a|an|the)\b", re.IGNORECASE)
    return [line for line in lines if not (bio.match(line) and len(line) < 300)]


@dataclass(slots=True)
class Prepared:
    """One unit read and extracted by a worker: its bytes' hash, and its extraction
    with its MinHash sketch and line shapes (work that needs nothing from the store,
    so it runs in the worker), or why it failed. Units whose bytes were ingested
    before are not extracted again."""
    unit: RawInput | Failure
    raw_hash: str = ""
    extracted: Extracted | None = None
    failure: Failure | None = None
    sketch: list[int] = field(default_factory=list)
    shapes: list[int] = field(default_factory=list)


@dataclass(slots=True)
class FileTask:
    paths: list[str]
    max_bytes: int
    seen: dict[str, set[tuple[str, str]]]  # per file: (locator, raw hash) of units ingested before


def prepare_files(task: FileTask) -> list[Prepared]:
    """Read and extract the units of some files (the worker side of pass 1)."""
    out = []
    for path in task.paths:
        for unit in read_path(Path(path), task.max_bytes):
            out.append(prepare(unit, task.seen.get(path, set())))
    return out


def prepare(unit: RawInput | Failure, seen: set[tuple[str, str]]) -> Prepared:
    if isinstance(unit, Failure):
        return Prepared(unit)
    raw_hash = sha256(unit.data)
    lean = RawInput(unit.source_path, unit.locator, unit.kind, b"", unit.hints)  # bytes stay here
    if (unit.locator, raw_hash) in seen:  # the very same input again: ingest counts it, needs no text
        return Prepared(lean, raw_hash)
    try:
        extracted = extract_unit(unit)
    except InputError as error:
        return Prepared(lean, raw_hash, failure=Failure(unit.source_path, unit.locator, error.code, str(error)))
    return Prepared(lean, raw_hash, extracted, sketch=dedup.sketch("\n".join(extracted.lines)),
                    shapes=sorted(boilerplate.doc_shapes(extracted.lines + extracted.header)))


def group_key(outlet: str | None, source_path: str) -> str:
    return f"outlet:{outlet}" if outlet else f"dir:{Path(source_path).parent}"


class Ingester:
    """One ingest run against one store."""

    def __init__(self, store: Store, options: IngestOptions | None = None,
                 executor: Executor | None = None) -> None:
        self.store = store
        self.executor = executor or Serial()
        self.options = options or IngestOptions()
        self.summary = IngestSummary()
        self.known = store.known_inputs()
        self.raw_index = store.hash_index("raw_sha256")
        self.text_index = store.hash_index("text_sha256")
        self.near = dedup.NearDuplicateIndex()  # clean texts: links near duplicates
        self.published: dict[str, str | None] = store.published_index()
        self.staged_near = dedup.NearDuplicateIndex()  # raw candidates: keeps them out of learning
        for doc_id, value in store.sketch_rows():
            self.near.add(doc_id, [value])
        self.batch = _Batch()
        self.run_id = 0

    def run(self, paths: list[str], command: str = "ingest") -> IngestSummary:
        files = list(walk(paths))
        self.run_id = self.store.start_run(command)
        with tempfile.TemporaryDirectory(prefix="multivector-ingest-") as tmp:
            staged_path = os.path.join(tmp, "staged.pickle")
            shapes_path = os.path.join(tmp, "shapes.jsonl")
            with open(staged_path, "wb") as staged, \
                    open(shapes_path, "w", encoding="utf-8") as shapes:
                for prepared in self._prepared(files):
                    self._stage(prepared, staged, shapes)
            self.staged_near = dedup.NearDuplicateIndex()  # pass 1's alone: not held through pass 3
            learned = boilerplate.LearnedChrome(self.store.learn_lines(shapes_path))
            for record in _read_staged(staged_path):
                self._finish(record, learned)
                if len(self.batch.documents) + len(self.batch.inputs) >= BATCH:
                    self.batch.flush(self.store, self.run_id)
        self.batch.flush(self.store, self.run_id)
        self.store.finish_run(self.run_id, self.counts())
        return self.summary

    def counts(self) -> dict[str, int]:
        s = self.summary
        return {"read": s.read, "stored": s.stored, "near_duplicate": s.near_duplicate,
                "duplicate": s.duplicate, "failed": s.failed}

    # -- pass 1 -----------------------------------------------------------------
    def _prepared(self, files: list[Path]) -> Iterator[Prepared]:
        show = self.options.progress
        bar = tqdm(total=len(files), unit="file", desc="ingest", disable=None if show is None else not show)
        seen: dict[str, set[tuple[str, str]]] = {}
        for (source, locator, raw_hash), outcome in self.known.items():
            if raw_hash and outcome != "failed":
                seen.setdefault(source, set()).add((locator, raw_hash))
        tasks = (FileTask([str(p) for p in files[at:at + FILES_PER_TASK]], self.options.max_bytes,
                          {str(p): seen[str(p)] for p in files[at:at + FILES_PER_TASK] if str(p) in seen})
                 for at in range(0, len(files), FILES_PER_TASK))
        for prepared in self.executor.map(prepare_files, tasks):
            yield from prepared
            bar.update(len({p.unit.source_path for p in prepared}))
        bar.close()

    def _stage(self, prepared: Prepared, staged: Any, shapes: Any) -> None:
        self.summary.read += 1
        unit, raw_hash = prepared.unit, prepared.raw_hash
        if isinstance(unit, Failure):
            if (unit.source_path, unit.locator, "") in self.known:
                self.batch.retried.append((unit.source_path, unit.locator))  # replace, not repeat
            self.known[(unit.source_path, unit.locator, "")] = "failed"
            self._fail(unit, None)
            return
        previous = self.known.get((unit.source_path, unit.locator, raw_hash))
        if previous and previous != "failed":
            self.summary.duplicate += 1  # the very same input, ingested before: add nothing
            return
        if previous == "failed":
            self.batch.retried.append((unit.source_path, unit.locator))
        self.known[(unit.source_path, unit.locator, raw_hash)] = "staged"
        if raw_hash in self.raw_index:
            self._duplicate(unit.source_path, unit.locator, raw_hash, self.raw_index[raw_hash],
                            "identical bytes already stored")
            return
        if prepared.failure is not None:
            self._fail(prepared.failure, raw_hash)
            return
        extracted = prepared.extracted
        assert extracted is not None  # only inputs ingested before (returned above) go unextracted
        doc_id = raw_hash[:16]
        self.raw_index[raw_hash] = doc_id
        group = group_key(extracted.outlet, unit.source_path)
        # A near duplicate of a document already seen is linked to it, and its lines
        # are not counted again: shared body text is not chrome.
        values = prepared.sketch
        near = self.staged_near.find(values)
        self.staged_near.add(doc_id, values)
        record = {"unit": {"source_path": unit.source_path, "locator": unit.locator, "kind": unit.kind,
                           "hints": unit.hints, "raw_sha256": raw_hash},
                  "group": group, "near": list(near) if near else None, "sketch": values,
                  "extracted": asdict(extracted)}
        pickle.dump(record, staged, protocol=pickle.HIGHEST_PROTOCOL)
        if near is None:
            shapes.write(json.dumps({"group_key": group, "shapes": prepared.shapes}) + "\n")

    # -- pass 3 -----------------------------------------------------------------
    def _finish(self, record: dict[str, Any], learned: boilerplate.LearnedChrome) -> None:
        unit, extracted = record["unit"], Extracted(**record["extracted"])
        kept, learned_chrome = learned.split(record["group"], extracted.lines)
        kept = drop_author_bio(kept, extracted.author)
        if extracted.title_candidates:
            titles, _ = learned.split(record["group"], extracted.title_candidates)
            extracted.title = next((t for t in titles if t), None)
        body = "\n\n".join(paragraphs(kept))
        if not body.strip():
            self._fail(Failure(unit["source_path"], unit["locator"], NoMainText.code,
                               "only site chrome, no body text"), unit["raw_sha256"])
            return
        text_hash = sha256(body.encode("utf-8"))
        if text_hash in self.text_index:
            self._duplicate(unit["source_path"], unit["locator"], unit["raw_sha256"],
                            self.text_index[text_hash], "same clean text already stored")
            return
        document = self._document(unit, extracted, body, text_hash)
        document.genre = detect_genre(extracted.header + extracted.dropped + learned_chrome, document.url)
        self.text_index[text_hash] = document.id
        # nothing dropped: the body has the words of the lines, so the same sketch (it reads words only)
        self._store(document, record["sketch"] if kept == extracted.lines else None)

    def _document(self, unit: dict[str, Any], extracted: Extracted, body: str, text_hash: str) -> Document:
        hints: dict[str, str] = unit["hints"]
        published = published_date(hints.get("published"), extracted.published)
        estimate = published_estimate(body) if published is None else (None, None)
        cleaner = "+".join([html.CLEANER if unit["kind"] == "html" else text.CLEANER, boilerplate.CLEANER])
        return Document(
            id=unit["raw_sha256"][:16], source_path=unit["source_path"], locator=unit["locator"],
            kind=unit["kind"], raw_sha256=unit["raw_sha256"], text=body, text_sha256=text_hash,
            title=pick(hints.get("title"), extracted.title), author=pick(hints.get("author"), extracted.author),
            published=published, published_estimate_min=estimate[0], published_estimate_max=estimate[1],
            url=pick(hints.get("url"), extracted.url), outlet=extracted.outlet,
            language=detect_language(body), encoding=extracted.encoding, cleaner=cleaner,
            warnings=extracted.warnings,
        )

    def _store(self, document: Document, values: list[int] | None = None) -> None:
        values = dedup.sketch(document.text) if values is None else values
        match = self.near.find(values)
        if match:
            self._link(document, *match)
        self.near.add(document.id, values)
        self.published[document.id] = document.published
        self.batch.sketches[document.id] = values
        self.batch.documents.append(document)
        self.batch.inputs.append({"source_path": document.source_path, "locator": document.locator,
                                  "raw_sha256": document.raw_sha256, "outcome": document.status
                                  if document.status != "ok" else "stored", "doc_id": document.id})
        self.summary.stored += 1

    def _link(self, document: Document, other: str, score: float) -> None:
        """Mark the later of two near-duplicate documents as the copy; the one
        published first (or, when dates are unknown, stored first) is the original."""
        self.summary.near_duplicate += 1
        earlier = self.published.get(other)
        if document.published and earlier and document.published < earlier:
            self.batch.relinks.append((other, document.id))
            for pending in self.batch.documents:
                if pending.id == other or pending.duplicate_of == other:
                    pending.status, pending.duplicate_of = "near_duplicate", document.id
            return
        document.status, document.duplicate_of = "near_duplicate", other
        document.warnings.append(f"near duplicate of {other} (Jaccard ~{score:.2f})")

    def _duplicate(self, source: str, locator: str, raw_hash: str, of: str, reason: str) -> None:
        self.summary.duplicate += 1
        self.batch.inputs.append({"source_path": source, "locator": locator, "raw_sha256": raw_hash,
                                  "outcome": "duplicate", "doc_id": of, "reason": reason})

    def _fail(self, failure: Failure, raw_hash: str | None) -> None:
        self.summary.failed += 1
        self.summary.failures.append(failure)
        self.batch.inputs.append(failure_row(failure, raw_hash))


def _read_staged(path: str) -> Iterator[dict[str, Any]]:
    with open(path, "rb") as handle:
        while True:
            try:
                yield pickle.load(handle)
            except EOFError:
                return


def ingest(paths: list[str], store: Store, options: IngestOptions | None = None,
           command: str = "ingest", executor: Executor | None = None) -> IngestSummary:
    """Ingest files and folders into ``store``; see the module docstring."""
    return Ingester(store, options, executor).run(paths, command)


