"""Where the work on documents runs: in this process, in local worker processes, or
on a Dask cluster. Every executor maps a function over tasks and yields the results
in task order, whatever order they finish in, so that the store is written exactly
as a one-process run writes it. At most a few tasks per worker are in flight at a
time, which keeps memory flat however long the corpus is."""

from __future__ import annotations

import importlib
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Protocol, TypeVar

from multivector.errors import ClusterError, UsageError

T = TypeVar("T")
R = TypeVar("R")
_AHEAD = 2  # tasks in flight per worker


class Executor(Protocol):
    workers: int

    def map(self, fn: Callable[[T], R], tasks: Iterable[T]) -> Iterator[R]: ...

    def close(self) -> None: ...


class Serial:
    """Run every task here, one after another."""

    workers = 1

    def map(self, fn: Callable[[T], R], tasks: Iterable[T]) -> Iterator[R]:
        for task in tasks:
            yield fn(task)

    def close(self) -> None:
        return None


def _ordered(submit: Callable[[Any], Any], result: Callable[[Any], R], tasks: Iterable[Any],
             ahead: int) -> Iterator[R]:
    """Submit tasks keeping ``ahead`` in flight; yield their results in order."""
    pending: deque[Any] = deque()
    for task in tasks:
        pending.append(submit(task))
        if len(pending) >= ahead:
            yield result(pending.popleft())
    while pending:
        yield result(pending.popleft())


class Processes:
    """Local worker processes (started with forkserver: no DuckDB connection or
    thread is inherited). Each loads the models once, when its first task comes."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        context = multiprocessing.get_context("forkserver" if os.name == "posix" else "spawn")
        self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)

    def map(self, fn: Callable[[T], R], tasks: Iterable[T]) -> Iterator[R]:
        def result(future: Future[R]) -> R:
            return future.result()

        return _ordered(lambda task: self.pool.submit(fn, task), result, tasks, self.workers * _AHEAD)

    def close(self) -> None:
        self.pool.shutdown(cancel_futures=True)


class Dask:
    """A Dask cluster (``tcp://HOST:PORT`` of its scheduler): tasks are partitions of
    documents sent to its workers, which need multivector installed; results come
    back here and are written to the store by this process."""

    def __init__(self, address: str) -> None:
        try:
            distributed: Any = importlib.import_module("distributed")  # untyped; imported on use only
        except ImportError as error:  # pragma: no cover - distributed is a dependency
            raise ClusterError("--dask needs the 'distributed' package (pip install distributed)") from error
        try:
            self.client: Any = distributed.Client(address, timeout=20)
        except (OSError, TimeoutError) as error:
            raise ClusterError(f"cannot reach the Dask scheduler at {address}: {error}") from error
        self.workers = max(1, sum(self.client.nthreads().values()))

    def map(self, fn: Callable[[T], R], tasks: Iterable[T]) -> Iterator[R]:
        def result(future: Any) -> R:
            value: R = future.result()
            future.release()
            return value

        return _ordered(lambda task: self.client.submit(fn, task, pure=False), result, tasks,
                        self.workers * _AHEAD)

    def close(self) -> None:
        self.client.close()


def executor_for(workers: int = 1, dask: str | None = None) -> Executor:
    """The executor a command line asks for: ``--dask ADDRESS`` or ``--workers N``."""
    if dask:
        return Dask(dask)
    if workers < 1:
        raise UsageError(f"--workers must be 1 or more, not {workers}")
    return Serial() if workers == 1 else Processes(workers)
