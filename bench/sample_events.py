"""Draw events for a reading: code the seeds and the kremlin pages, then write a
random sample of the event mentions the stage keeps, as JSONL, for a reader to
judge (type, dyad, date, flags). The judgements go to bench/gold/events_judged*.json,
without the sentences themselves.

    python -m bench.sample_events --n 50 --seed 5 > /tmp/sample.jsonl
    python -m bench.sample_events --all > /tmp/all.jsonl    # every kept mention
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.run import SHARED


def coded_mentions() -> list[dict[str, Any]]:
    from multivector.events.stage import code_events
    from multivector.ingest.run import IngestOptions, ingest
    from multivector.store.db import Store

    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "e.duckdb") as store:
        ingest([str(SHARED / "seeds"), str(SHARED / "data" / "kremlin" / "pages")], store,
               IngestOptions(progress=False))
        code_events(store)
        return store.query("""
            SELECT m.id, regexp_extract(d.source_path, '[^/]+$') AS file, d.title,
                   CAST(d.published AS VARCHAR) AS published, m.evidence, m.trigger, m.plover_type, m.cameo_code,
                   (SELECT list(a.name) FROM unnest(m.source_actor_ids) s(x) JOIN actors a ON a.id = s.x) AS source,
                   (SELECT list(a.name) FROM unnest(m.target_actor_ids) t(x) JOIN actors a ON a.id = t.x) AS target,
                   CAST(m.date AS VARCHAR) AS date, m.date_precision, m.negated, m.hypothetical, m.future,
                   m.reported, m.confidence, m.roles
            FROM event_mentions m JOIN documents d ON d.id = m.doc_id ORDER BY m.id""")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=50, help="events to draw")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the draw")
    parser.add_argument("--all", action="store_true", help="write every kept mention instead of a sample")
    args = parser.parse_args(argv)
    rows = coded_mentions()
    chosen = rows if args.all else random.Random(args.seed).sample(rows, min(args.n, len(rows)))
    for row in chosen:
        sys.stdout.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
    print(f"{len(chosen)} of {len(rows)} event mentions", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
