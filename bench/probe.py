"""Run one ingest in this process and print its figures as JSON (used by bench.run
in a child process, so that peak memory is the ingest's own)."""

from __future__ import annotations

import json
import resource
import sys
import time

from multivector.ingest.run import IngestOptions, ingest
from multivector.store.db import Store


def main(db: str, paths: list[str]) -> None:
    start = time.perf_counter()
    with Store(db) as store:
        summary = ingest(paths, store, IngestOptions(progress=False))
    seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"read": summary.read, "stored": summary.stored, "failed": summary.failed,
                      "seconds": seconds, "peak_rss_mb": peak_kb / 1024}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
