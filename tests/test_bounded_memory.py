"""What keeps analyze's memory flat on large corpora gives the same results as holding
everything: the paged documents export, the compact near-duplicate index, the capped
co-mention sentences and the report written a piece at a time."""

from __future__ import annotations

import random
from collections import defaultdict
from pathlib import Path

from multivector.analysis.comentions import Sentences
from multivector.analysis.pipeline import AnalyzeOptions, analyze
from multivector.ingest import dedup
from multivector.ingest.run import IngestOptions, ingest
from multivector.report.html import render, write
from multivector.store.db import Store
from multivector.store.export import EXPORTS, PAGED, copy_paged, copy_to
from tests.conftest import write as write_file

ARTICLE = """{title}

{date}

Kazakh President Kassym-Jomart Tokayev met Chinese President Xi Jinping in Astana to discuss {topic}.

Officials said the two sides signed an agreement on {topic} and would meet again next year.
"""
TOPICS = ["rail transit", "grain exports", "gas pipelines", "water sharing", "border crossings", "oil prices",
          "wheat trade"]


def _corpus(folder: Path) -> Path:
    """Seven short articles, two of them undated (they sort last in the documents export)."""
    for number, topic in enumerate(TOPICS):
        date = f"0{number + 1}.03.2023" if number % 3 else ""
        write_file(folder / f"a{number}.txt", ARTICLE.format(title=f"Talks on {topic}", date=date, topic=topic))
    return folder


def test_paged_documents_export_is_the_one_sorted_copy(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        ingest([str(_corpus(tmp_path / "in"))], store, IngestOptions(progress=False))
        copy_to(store, EXPORTS["documents"], tmp_path / "whole.json", "JSON")
        copy_paged(store, PAGED["documents"], tmp_path / "paged.json", rows=2)  # pages end inside the dates
        assert store.query("SELECT count(*) AS n FROM documents WHERE published IS NULL")[0]["n"] >= 2
    whole = (tmp_path / "whole.json").read_bytes()
    assert whole.count(b"\n") == len(TOPICS)
    assert (tmp_path / "paged.json").read_bytes() == whole


class _ListIndex:
    """The index as it was: a list per hash value and per sketch."""

    def __init__(self) -> None:
        self.by_hash: dict[int, list[str]] = defaultdict(list)
        self.sketches: dict[str, list[int]] = defaultdict(list)

    def add(self, doc_id: str, values: list[int]) -> None:
        for value in values:
            self.by_hash[value].append(doc_id)
        self.sketches[doc_id].extend(values)

    def find(self, values: list[int]) -> tuple[str, float] | None:
        shared: dict[str, int] = defaultdict(int)
        for value in values:
            posting = self.by_hash.get(value, [])
            if len(posting) <= dedup.MAX_POSTING:
                for doc_id in posting:
                    shared[doc_id] += 1
        best: tuple[str, float] | None = None
        for _, doc_id in sorted((c, d) for d, c in shared.items() if c >= 3)[-dedup.MAX_CANDIDATES:]:
            score = dedup.jaccard_estimate(values, self.sketches[doc_id])
            if score >= dedup.NEAR_DUPLICATE_JACCARD and (best is None or score > best[1]):
                best = (doc_id, score)
        return best


def test_compact_near_duplicate_index_finds_what_lists_found() -> None:
    rng = random.Random(7)
    compact, lists = dedup.NearDuplicateIndex(), _ListIndex()
    seen: list[list[int]] = []
    found = 0
    for number in range(300):
        values = rng.sample(range(2**32), dedup.SKETCH_SIZE)  # values of one document alone
        if seen and rng.random() < 0.6:  # or a copy of an earlier document with a few values changed
            values = rng.choice(seen)[:] + values[:rng.randrange(12)]
            rng.shuffle(values)
            values = values[:dedup.SKETCH_SIZE]
        values = sorted(set(values))
        seen.append(values)
        match = compact.find(values)
        assert match == lists.find(values)
        found += match is not None
        compact.add(f"d{number}", values)
        lists.add(f"d{number}", values)
    assert found
    for value, docs in lists.by_hash.items():
        assert list(compact.posting(value)) == docs


def test_co_mention_sentences_count_all_and_keep_the_first() -> None:
    kept = Sentences(keep=2)
    for number, (outlet, tone) in enumerate([("a", 1.0), ("b", -0.5), ("a", 0.25), ("c", 0.0)]):
        kept.add({"doc_id": str(number), "outlet": outlet, "tone": tone})
    row = kept.row()
    assert (row["count"], row["outlets"], row["tone"]) == (4, 3, 0.19)
    assert [i["doc_id"] for i in row["items"]] == ["0", "1"]
    assert Sentences().row() == {"count": 0, "outlets": 0, "tone": 0.0, "items": []}


def test_report_written_in_pieces_is_the_rendered_page(tmp_path: Path) -> None:
    from multivector.analysis.overview import overview

    lines: list[str] = []
    summary = analyze([str(_corpus(tmp_path / "in"))], tmp_path / "out", AnalyzeOptions(say=lines.append))
    with Store(summary.db, read_only=True) as store:
        data = overview(store)
        write(data, tmp_path / "again.html")
        page = render(data)
    assert '<li class="event"' in page
    assert (tmp_path / "again.html").read_text(encoding="utf-8") == page == summary.report.read_text(encoding="utf-8")
