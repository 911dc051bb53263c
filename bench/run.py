"""`make bench`: accuracy and speed figures, written to bench/results.json.

Each figure is {name, value, unit, corpus, commit}. Figures that need
../shared data are skipped (and say so) when it is absent.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MULTIVECTOR_SHARED", ROOT.parent / "shared"))
RESULTS = ROOT / "bench" / "results.json"

Figure = dict[str, Any]


def commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def figure(name: str, value: float, unit: str, corpus: str, **extra: Any) -> Figure:
    return {"name": name, "value": round(value, 4), "unit": unit, "corpus": corpus, "commit": commit(),
            **extra}


def extraction_f1() -> list[Figure]:
    """Body F1 on the Scrapinghub benchmark: multivector's HTML cleaner and plain
    trafilatura (default settings) in the same run."""
    import trafilatura

    from multivector.clean import xpaths
    from multivector.clean.lines import paragraphs
    from multivector.errors import InputError
    from multivector.evaluation import body_f1
    from multivector.ingest.run import extract_unit
    from multivector.model import RawInput

    root = SHARED / "data" / "extraction"
    gold = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    pages = {key: gzip.decompress((root / "html" / f"{key}.html.gz").read_bytes()) for key in gold}
    ours, plain = [], []
    start = time.perf_counter()
    for key, data in pages.items():
        try:
            text = "\n\n".join(paragraphs(extract_unit(RawInput(key, "", "html", data)).lines))
        except InputError:
            text = ""
        ours.append((gold[key]["articleBody"], text))
    ours_seconds = time.perf_counter() - start
    start = time.perf_counter()
    with xpaths.plain():  # trafilatura as installed, without multivector's faster XPaths
        for key, data in pages.items():
            plain.append((gold[key]["articleBody"], trafilatura.extract(data) or ""))
    plain_seconds = time.perf_counter() - start
    corpus = f"shared/data/extraction ({len(pages)} pages)"
    a, b = body_f1(ours), body_f1(plain)
    return [
        figure("extraction.body_f1.multivector", a.f1, "F1", corpus, precision=round(a.precision, 4),
               recall=round(a.recall, 4)),
        figure("extraction.body_f1.trafilatura", b.f1, "F1", corpus, precision=round(b.precision, 4),
               recall=round(b.recall, 4)),
        figure("extraction.docs_per_s.multivector", len(pages) / ours_seconds, "docs/s", corpus),
        figure("extraction.docs_per_s.trafilatura", len(pages) / plain_seconds, "docs/s", corpus),
    ]


def seed_lines() -> list[Figure]:
    """Line-level chrome removal on the seeds, against bench/gold/seeds.json."""
    from multivector.evaluation import LineCounts, score_lines
    from multivector.ingest.run import IngestOptions, ingest
    from multivector.store.db import Store

    gold = json.loads((ROOT / "bench" / "gold" / "seeds.json").read_text(encoding="utf-8"))
    counts = LineCounts()
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "b.duckdb") as store:
        files = [str(SHARED / "seeds" / name) for name in gold if not name.startswith("_")]
        ingest(files, store, IngestOptions(progress=False))
        for name, entry in gold.items():
            if name.startswith("_"):
                continue
            doc = store.query("SELECT text FROM documents WHERE source_path LIKE ?", ["%" + name])[0]
            lines = (SHARED / "seeds" / name).read_text(encoding="utf-8").split("\n")
            score_lines(lines, set(entry["body_lines"]), doc["text"], counts)
    s = counts.scores
    corpus = "shared/seeds (5 scrapes)"
    return [figure("boilerplate.line_precision.seeds", s.precision, "ratio", corpus),
            figure("boilerplate.line_recall.seeds", s.recall, "ratio", corpus),
            figure("boilerplate.body_line_retention.seeds", counts.body_retention, "ratio", corpus)]


def demo_lines() -> list[Figure]:
    """Line-level chrome removal on the demo corpus text files, against its own gold."""
    from multivector.evaluation import LineCounts, score_lines
    from multivector.ingest.run import IngestOptions, ingest
    from multivector.store.db import Store

    gold_path = ROOT / "examples" / "gold" / "demo_gold.json"
    corpus_dir = ROOT / "examples" / "corpus"
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    counts = LineCounts()
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "b.duckdb") as store:
        ingest([str(corpus_dir)], store, IngestOptions(progress=False))
        for key, entry in gold.items():
            if "#" in key or not key.endswith(".txt"):
                continue
            rows = store.query("SELECT text FROM documents WHERE source_path = ?", [str(corpus_dir / key)])
            text = rows[0]["text"] if rows else ""
            from multivector.ingest.encoding import decode
            lines = decode((corpus_dir / key).read_bytes())[0].split("\n")
            body = {" ".join(p.split()) for p in entry["body"]}
            numbers = {i for i, line in enumerate(lines, start=1) if " ".join(line.split()) in body}
            score_lines(lines, numbers, text, counts)
    s = counts.scores
    corpus = "examples/corpus (text files)"
    return [figure("boilerplate.line_precision.demo", s.precision, "ratio", corpus),
            figure("boilerplate.line_recall.demo", s.recall, "ratio", corpus),
            figure("boilerplate.body_line_retention.demo", counts.body_retention, "ratio", corpus)]


def _probe(paths: list[str], tmp: Path) -> dict[str, Any]:
    """Ingest in a child process pinned to one core; return its figures."""
    command = [sys.executable, "-m", "bench.probe", str(tmp / "probe.duckdb"), *paths]
    if shutil.which("taskset"):
        command = ["taskset", "-c", "0", *command]
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    out = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True, env=env).stdout
    (tmp / "probe.duckdb").unlink(missing_ok=True)
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result


def _text_corpus(target: Path, count: int) -> None:
    """Text scrapes built from the seeds and the demo corpus, varied so that no
    two are alike (paragraphs shuffled, a numbered dateline)."""
    sources = [p for p in (SHARED / "seeds").glob("0*.txt")]
    sources += [p for p in (ROOT / "examples" / "corpus").rglob("*.txt")]
    texts = [p.read_bytes().decode("utf-8", "replace") for p in sources]
    rng = random.Random(7)
    target.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        blocks = texts[i % len(texts)].split("\n\n")
        head, body = blocks[:1], blocks[1:]
        rng.shuffle(body)
        (target / f"doc{i:05d}.txt").write_text("\n\n".join(head + [f"Report {i}."] + body), encoding="utf-8")


def ingest_speed() -> list[Figure]:
    figures = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        html_dir = tmp / "html"
        html_dir.mkdir()
        for page in (SHARED / "data" / "kremlin" / "pages").glob("*.html"):
            shutil.copy(page, html_dir / page.name)
        for page in (SHARED / "data" / "extraction" / "html").glob("*.html.gz"):
            shutil.copy(page, html_dir / page.name)
        html = _probe([str(html_dir)], tmp)
        corpus = f"kremlin + extraction pages ({html['read']} HTML)"
        figures += [figure("ingest.html.docs_per_s_per_core", html["read"] / html["seconds"], "docs/s", corpus),
                    figure("ingest.html.peak_rss", html["peak_rss_mb"], "MiB", corpus)]
        _text_corpus(tmp / "text", 2000)
        text = _probe([str(tmp / "text")], tmp)
        corpus = f"seeds + demo text scrapes, varied ({text['read']} files)"
        figures += [figure("ingest.text.docs_per_s_per_core", text["read"] / text["seconds"], "docs/s", corpus),
                    figure("ingest.text.peak_rss", text["peak_rss_mb"], "MiB", corpus)]
    return figures


def names_translit() -> list[Figure]:
    """Cyrillic-Latin name matching on the Wikidata name pairs (test split)."""
    from multivector.actors.names_eval import MATCH, false_match_rate, read_pairs, recall

    pairs = read_pairs(SHARED / "data" / "names" / "wd_russian_20.tsv")
    corpus = f"shared/data/names wd_russian_20 ({len(pairs)} pairs)"
    return [figure("names.translit_recall", recall(pairs), "ratio", corpus, threshold=MATCH),
            figure("names.false_match_rate", false_match_rate(pairs), "ratio", corpus + ", shuffled pairs")]


def actor_accuracy() -> list[Figure]:
    """Resolution accuracy on the seed and kremlin gold, and mention throughput."""
    from multivector.actors.evaluate import evaluate_store
    from multivector.actors.kb import knowledge_base
    from multivector.actors.stage import resolve_actors
    from multivector.ingest.run import IngestOptions, ingest
    from multivector.store.db import Store

    kb = knowledge_base()
    figures = []
    for which, paths in [("seeds", None), ("kremlin", [str(SHARED / "data" / "kremlin" / "pages")])]:
        gold = json.loads((ROOT / "bench" / "gold" / f"actors_{which}.json").read_text(encoding="utf-8"))
        files = paths or [str(SHARED / "seeds" / name) for name in gold]
        with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "a.duckdb") as store:
            ingest(files, store, IngestOptions(progress=False))
            start = time.perf_counter()
            summary = resolve_actors(store, kb)
            seconds = time.perf_counter() - start
            scored = evaluate_store(store, kb, gold)
        corpus = f"bench/gold/actors_{which}.json ({scored.total} gold mentions)"
        figures += [figure(f"actors.resolution_accuracy.{which}", scored.accuracy, "ratio", corpus,
                           right=scored.right, wrong=scored.wrong, missed=scored.missed),
                    figure(f"actors.mentions_per_s.{which}", summary.mentions / seconds, "mentions/s",
                           f"{summary.documents} documents, {summary.mentions} mentions, one process")]
    return figures


def event_coding() -> list[Figure]:
    """Event coding: PLOVER GSR, PETRARCH-2 validation, the 50 judged events, speed."""
    from multivector.events.evaluate import evaluate_gsr, evaluate_petr
    from multivector.events.stage import code_events
    from multivector.ingest.run import IngestOptions, ingest
    from multivector.store.db import Store

    gsr = evaluate_gsr(SHARED / "data" / "events" / "plover_gsr_dev.json")
    petr = evaluate_petr(SHARED / "data" / "events" / "PETR2_GSR_validation.xml")
    corpus = f"shared/data/events/plover_gsr_dev.json ({gsr.total} sentences)"
    figures = [figure("events.gsr.type_accuracy", gsr.rate("type"), "ratio", corpus),
               figure("events.gsr.source_country_accuracy", gsr.rate("source", "has_source"), "ratio", corpus),
               figure("events.gsr.target_country_accuracy", gsr.rate("target", "has_target"), "ratio", corpus),
               figure("events.petr2.cameo_root_agreement", petr.rate("root"), "ratio",
                      f"PETR2_GSR_validation.xml ({petr.total} sentences with codings)"),
               figure("events.petr2.dyad_agreement", petr.rate("dyad"), "ratio", "PETR2_GSR_validation.xml")]
    readings = {"events_judged.json": "", "events_judged_2.json": ".second", "events_judged_3.json": ".third",
                "events_judged_4.json": ".fourth", "events_judged_5.json": ".fifth", "events_judged_6.json": ".sixth"}
    for reading, suffix in readings.items():
        if not (ROOT / "bench" / "gold" / reading).exists():
            continue
        judged = json.loads((ROOT / "bench" / "gold" / reading).read_text(encoding="utf-8"))["events"]
        both = sum(1 for e in judged if e["type_ok"] and e["dyad_ok"])
        name = "events.read_precision.type_and_dyad" + suffix
        figures.append(figure(name, both / len(judged), "ratio",
                              f"bench/gold/{reading} ({len(judged)} events read; coder at the time of reading)"))
    if figures[-1]["name"].startswith("events.read_precision"):  # the newest reading is the one that counts
        figures.append({**figures[-1], "name": "events.read_precision.latest"})
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "e.duckdb") as store:
        ingest([str(SHARED / "seeds"), str(SHARED / "data" / "kremlin" / "pages")], store,
               IngestOptions(progress=False))
        from multivector.actors.stage import resolve_actors

        resolve_actors(store)
        start = time.perf_counter()
        summary = code_events(store)
        seconds = time.perf_counter() - start
    figures.append(figure("events.sentences_per_s", summary.sentences / seconds, "sentences/s",
                          f"seeds + kremlin ({summary.sentences} sentences, one process, tagging and coding)"))
    return figures


def heldout_attribution() -> list[Figure]:
    """Attribution on news articles the claims stage was not developed on
    (bench/gold/quotes_heldout.json, pages of ../shared/data/extraction)."""
    from multivector.claims.evaluate import evaluate_attribution
    from multivector.claims.stage import code_claims
    from multivector.events.stage import code_events
    from multivector.ingest.run import IngestOptions, ingest
    from multivector.store.db import Store

    gold = ROOT / "bench" / "gold" / "quotes_heldout.json"
    if not gold.exists():
        return []
    files = sorted({item["file"] for item in json.loads(gold.read_text(encoding="utf-8"))["items"]})
    pages = [str(SHARED / "data" / "extraction" / "html" / f"{name}.gz") for name in files]
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "h.duckdb") as store:
        ingest(pages, store, IngestOptions(progress=False))
        code_events(store)
        code_claims(store)
        tally = evaluate_attribution(store, gold)
    corpus = f"bench/gold/quotes_heldout.json ({tally.total} items in {len(files)} English news pages)"
    return [figure("claims.heldout.attribution.accuracy", tally.accuracy, "ratio", corpus),
            figure("claims.heldout.attribution.located_precision", tally.precision, "ratio",
                   f"{corpus}; {tally.located} found")]


def claims() -> list[Figure]:
    """Speaker attribution on the read gold (bench/gold/quotes.json), claims per
    document, and claim-stage speed, on the seeds and the kremlin pages."""
    from multivector.claims.evaluate import evaluate_attribution
    from multivector.claims.stage import code_claims
    from multivector.events.stage import code_events
    from multivector.ingest.run import IngestOptions, ingest
    from multivector.store.db import Store

    corpus = "seeds + kremlin pages, gold bench/gold/quotes.json"
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "c.duckdb") as store:
        ingest([str(SHARED / "seeds"), str(SHARED / "data" / "kremlin" / "pages")], store,
               IngestOptions(progress=False))
        code_events(store)
        start = time.perf_counter()
        summary = code_claims(store)
        seconds = time.perf_counter() - start
        tally = evaluate_attribution(store, ROOT / "bench" / "gold" / "quotes.json")
    figures = [figure("claims.attribution.accuracy", tally.accuracy, "ratio", f"{corpus} ({tally.total} items; "
                      "a gold claim not found counts as wrong)"),
               figure("claims.attribution.located_precision", tally.precision, "ratio",
                      f"{corpus} ({tally.located} items found)"),
               figure("claims.attribution.recall", tally.located / tally.total, "ratio", corpus)]
    for kind, (total, located, right) in sorted(tally.by_kind.items()):
        figures.append(figure(f"claims.attribution.accuracy.{kind}", right / total, "ratio",
                              f"{corpus} ({total} {kind} items, {located} found)"))
    figures += heldout_attribution()
    figures += [figure("claims.per_document", summary.claims / summary.documents, "claims/document",
                       f"seeds + kremlin ({summary.documents} documents, {summary.quotes} quotes, "
                       f"{summary.reported} reported, {summary.author} author)"),
                figure("claims.documents_per_s", summary.documents / seconds, "documents/s",
                       "seeds + kremlin, claims stage alone, one process")]
    return figures


def _timed(command: list[str], one_core: bool = True, log: Path | None = None) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MiB) of one child process (pinned to one
    core unless told otherwise; its stderr goes to ``log``)."""
    if one_core and shutil.which("taskset"):
        command = ["taskset", "-c", "0", *command]
    start = time.perf_counter()
    with open(log or os.devnull, "w", encoding="utf-8") as err:
        child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err,
                                 env={**os.environ, "OMP_NUM_THREADS": "1"})
        _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        raise RuntimeError(f"{' '.join(command)} exited with {status}")
    return seconds, usage.ru_maxrss / 1024


def analyze_speed() -> list[Figure]:
    """The main job end to end (every stage, exports and the report) on the demo corpus
    and on 1,000 mixed text articles, one core."""
    cli = [sys.executable, "-m", "multivector.cli", "analyze"]
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        demo_s, demo_mb = _timed([*cli, "examples/corpus", "--out", str(tmp / "demo")])
        from bench.corpora import text_corpus

        text_corpus(tmp / "mixed", 1000)
        big_s, big_mb = _timed([*cli, str(tmp / "mixed"), "--out", str(tmp / "big")])
    demo = "multivector analyze examples/corpus (what make demo runs; 29 inputs)"
    big = "multivector analyze on 1,000 text articles mixed from extraction bodies, seeds and demo"
    return [figure("analyze.demo.wall_s", demo_s, "s", demo), figure("analyze.demo.peak_rss", demo_mb, "MiB", demo),
            figure("analyze.1000.wall_s", big_s, "s", big), figure("analyze.1000.peak_rss", big_mb, "MiB", big),
            figure("analyze.1000.docs_per_s_per_core", 1000 / big_s, "docs/s", big)]


def _steps(log: Path) -> dict[str, float]:
    """Seconds per step from analyze's "[2/4] stages ... (12.3 s)" lines."""
    steps = {}
    for line in log.read_text(encoding="utf-8").splitlines():
        if line.startswith("[") and line.endswith(" s)"):
            steps[line.split()[1]] = float(line.rsplit("(", 1)[1].split()[0])
    return steps


def _analyze(corpus: Path, out: Path, *options: str, one_core: bool = True) -> tuple[float, float, dict[str, float]]:
    log = out.with_suffix(".log")
    seconds, peak = _timed([sys.executable, "-m", "multivector.cli", "analyze", str(corpus), "--out", str(out),
                            "--no-progress", *options], one_core=one_core, log=log)
    return seconds, peak, _steps(log)


def _trafilatura_rate(corpus: Path) -> float:
    """Pages per second of plain trafilatura on one core, in a child process."""
    cmd = [sys.executable, "-m", "bench.corpora", "reference", str(corpus)]
    if shutil.which("taskset"):
        cmd = ["taskset", "-c", "0", *cmd]
    ref = json.loads(subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=True).stdout)
    return float(ref["pages"] / ref["seconds"])


def scale() -> list[Figure]:
    """Issue 7: end-to-end articles/s per core on 2,000 varied HTML pages and 2,000 text
    articles (bench/corpora.py), against plain trafilatura on the same pages; the
    speed-up of two workers."""
    from bench.corpora import html_corpus, text_corpus

    figures = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        html_corpus(tmp / "html", 2000)
        text_corpus(tmp / "text", 2000)
        before = _trafilatura_rate(tmp / "html")
        html_corpus_name = "2,000 HTML pages varied from ../shared extraction + kremlin pages, demo and seed text"
        for kind in ("html", "text"):
            seconds, peak, steps = _analyze(tmp / kind, tmp / f"{kind}-1")
            name = html_corpus_name if kind == "html" else "2,000 text articles mixed from ../shared and demo text"
            rate = 2000 / seconds
            figures += [figure(f"scale.analyze.{kind}.docs_per_s_per_core", rate, "docs/s", name,
                               note="multivector analyze, whole job (ingest, actors, events, claims, exports, "
                                    "report), one core", steps=steps),
                        figure(f"scale.analyze.{kind}.peak_rss", peak, "MiB", name)]
            if "ingest" in steps and "stages" in steps:  # the scope: ingest to events and claims, stored
                figures.append(figure(f"scale.analyze.{kind}.ingest_to_claims_docs_per_s_per_core",
                                      2000 / (steps["ingest"] + steps["stages"]), "docs/s", name,
                                      note="analyze's ingest and stages steps by its own timings (no interpreter "
                                           "start-up, exports or report), one core"))
            if kind == "html":
                # the reference again, right after: the machine's speed drifts by a quarter between runs,
                # so the ratio is taken against the faster of the two (the harder test)
                after = _trafilatura_rate(tmp / "html")
                trafilatura_rate = max(before, after)
                figures.append(figure("scale.trafilatura.html.docs_per_s_per_core", trafilatura_rate, "docs/s",
                                      html_corpus_name, note=f"plain trafilatura.extract, default settings, one "
                                      f"core; the faster of {before:.1f} (before analyze) and {after:.1f} (after)"))
                figures.append(figure("scale.analyze.html.ratio_to_trafilatura", rate / trafilatura_rate, "ratio",
                                      name, note="against the faster trafilatura run"))
        two, _, two_steps = _analyze(tmp / "html", tmp / "html-2", "--workers", "2", one_core=False)
        one = 2000 / next(f["value"] for f in figures if f["name"] == "scale.analyze.html.docs_per_s_per_core")
        figures.append(figure("scale.analyze.html.speedup_2_workers", one / two, "x", html_corpus_name,
                              note=f"--workers 2 on 2 cores: {two:.1f} s against {one:.1f} s", steps=two_steps))
    return figures


def scale_memory() -> list[Figure]:
    """Issue 7: peak memory of analyze (one process) at 2,000 and 20,000 text articles."""
    from bench.corpora import text_corpus

    figures = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        peaks = {}
        for count in (2000, 20000):
            text_corpus(tmp / f"text{count}", count)
            seconds, peaks[count], steps = _analyze(tmp / f"text{count}", tmp / f"out{count}")
            name = f"{count:,} text articles mixed from ../shared and demo text"
            figures += [figure(f"scale.analyze.text.peak_rss_{count}", peaks[count], "MiB", name, steps=steps),
                        figure(f"scale.analyze.text.docs_per_s_per_core_{count}", count / seconds, "docs/s", name)]
            shutil.rmtree(tmp / f"text{count}")
        figures.append(figure("scale.analyze.text.memory_ratio_20000_to_2000", peaks[20000] / peaks[2000], "ratio",
                              "peak at 20,000 over peak at 2,000 text articles"))
    return figures


BENCHES: list[tuple[str, Callable[[], list[Figure]], bool]] = [
    ("extraction_f1", extraction_f1, True),
    ("seed_lines", seed_lines, True),
    ("demo_lines", demo_lines, False),
    ("ingest_speed", ingest_speed, True),
    ("names_translit", names_translit, True),
    ("actor_accuracy", actor_accuracy, True),
    ("event_coding", event_coding, True),
    ("claims", claims, True),
    ("analyze_speed", analyze_speed, True),
    ("scale", scale, True),
    ("scale_memory", scale_memory, True),
]


def main(only: list[str]) -> int:
    """Run every bench (or those named) and write their figures; figures of benches
    not run are kept from the last results."""
    results: list[Figure] = []
    for name, bench, needs_shared in BENCHES:
        if only and name not in only:
            continue
        if needs_shared and not SHARED.is_dir():
            print(f"skip {name}: ../shared is absent")
            continue
        start = time.perf_counter()
        figures = bench()
        results += figures
        print(f"{name} ({time.perf_counter() - start:.1f} s)")
        for f in figures:
            print(f"  {f['name']:<45} {f['value']:>10} {f['unit']}")
    if only and RESULTS.exists():
        fresh = {f["name"] for f in results}
        results = [f for f in json.loads(RESULTS.read_text(encoding="utf-8")) if f["name"] not in fresh] + results
    RESULTS.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
