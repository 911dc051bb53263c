"""Scale-out gives the same store as one process: two local workers, and a Dask
LocalCluster on loopback, against a one-process run of the whole main job."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from multivector.analysis.pipeline import AnalyzeOptions, AnalyzeSummary, analyze
from multivector.errors import ClusterError, UsageError
from multivector.scale.executors import Processes, Serial, executor_for
from multivector.store.db import Store

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "corpus"
# Every table a run writes, less the columns that say when it ran.
TABLES = {
    "documents": "* EXCLUDE (run_id, ingested_at)", "inputs": "* EXCLUDE (run_id, seen_at)",
    "line_stats": "*", "group_docs": "*", "sketches": "*", "actors": "*", "mentions": "*", "processed": "*",
    "event_mentions": "*", "events": "*", "claims": "*", "actor_tone": "*",
}


def _quiet(line: str) -> None:
    return None


def _run(tmp: Path, name: str, **options: Any) -> AnalyzeSummary:
    return analyze([str(DEMO)], tmp / name, AnalyzeOptions(say=_quiet, progress=False, **options))


def _tables(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    with Store(db, read_only=True) as store:
        return {t: store.con.execute(f"SELECT {cols} FROM {t} ORDER BY ALL").fetchall() for t, cols in TABLES.items()}


@pytest.fixture(scope="module")
def single(tmp_path_factory: pytest.TempPathFactory) -> tuple[AnalyzeSummary, dict[str, list[tuple[Any, ...]]]]:
    summary = _run(tmp_path_factory.mktemp("single"), "out")
    return summary, _tables(summary.db)


def _same(single: tuple[AnalyzeSummary, dict[str, list[tuple[Any, ...]]]], other: AnalyzeSummary) -> None:
    one, tables = single
    assert one.counts["events"] > 10 and one.counts["claims"] > 100  # a run worth comparing
    other_tables = _tables(other.db)
    for table, rows in tables.items():
        assert other_tables[table] == rows, f"{table} differs"
    assert other.counts == one.counts
    assert (other.out / "report.html").read_text(encoding="utf-8") == (one.out / "report.html").read_text(
        encoding="utf-8")
    for name in ("events.csv", "relations.csv", "claims.jsonl", "mentions.jsonl"):
        assert (other.out / name).read_bytes() == (one.out / name).read_bytes(), name


def test_two_workers_equal_one(single: Any, tmp_path: Path) -> None:
    _same(single, _run(tmp_path, "two", workers=2))


def test_dask_local_cluster_equals_one(single: Any, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        _same(single, _run(tmp_path, "dask", dask=cluster.scheduler_address))


def test_executor_choice() -> None:
    assert isinstance(executor_for(1), Serial)
    pool = executor_for(2)
    assert isinstance(pool, Processes) and pool.workers == 2
    assert list(pool.map(abs, [-3, 2, -1, 5, -8])) == [3, 2, 1, 5, 8]  # in task order
    pool.close()
    with pytest.raises(UsageError):
        executor_for(0)


def test_unreachable_scheduler_is_a_clear_error() -> None:
    with pytest.raises(ClusterError, match="cannot reach the Dask scheduler"):
        executor_for(dask="tcp://127.0.0.1:9")
