import json
from pathlib import Path

import pytest

from multivector.cli import build_parser, main
from tests.conftest import write

ARTICLE = ("Kazakhstan and Uzbekistan agreed in Tashkent on Friday to build a new rail link to China, "
           "the two foreign ministers told reporters after the talks.")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_ingest_docs_show_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path / "in" / "a.txt", "Rail link agreed\n\n12.05.2023\n\n" + ARTICLE + "\n\nShare:\n")
    write(tmp_path / "in" / "b.bin", "\x00\x01")
    db = str(tmp_path / "s.duckdb")
    code, out, _ = run(capsys, "ingest", str(tmp_path / "in"), "--db", db)
    assert code == 0
    assert "read 2  stored 1" in out and "failed 1" in out and "E107" in out

    code, out, _ = run(capsys, "docs", "--db", db)
    assert code == 0 and "Rail link agreed" in out and "2023-05-12" in out and "1 documents" in out
    doc_id = out.splitlines()[2].split()[0]

    code, out, _ = run(capsys, "show", doc_id[:6], "--db", db)
    assert code == 0 and ARTICLE in out and "Share:" not in out

    code, out, _ = run(capsys, "failures", "--db", db)
    assert "b.bin" in out and "1 failed inputs" in out

    code, out, _ = run(capsys, "export", "--db", db, "--out", str(tmp_path / "out"))
    rows = [json.loads(line) for line in (tmp_path / "out" / "documents.jsonl").read_text().splitlines()]
    assert code == 0 and rows[0]["id"] == doc_id and rows[0]["published"] == "2023-05-12"


def test_errors_are_messages_not_tracebacks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "docs", "--db", str(tmp_path / "none.duckdb"))
    assert code == 2 and "no store" in err and "Traceback" not in err
    code, _, err = run(capsys, "ingest", str(tmp_path / "missing"), "--db", str(tmp_path / "s.duckdb"))
    assert code == 2 and "no such file" in err
    Path(tmp_path / "s.duckdb").unlink(missing_ok=True)
    write(tmp_path / "in" / "a.txt", ARTICLE)
    run(capsys, "ingest", str(tmp_path / "in"), "--db", str(tmp_path / "s.duckdb"))
    code, _, err = run(capsys, "show", "zzzz", "--db", str(tmp_path / "s.duckdb"))
    assert code == 2 and "E901" in err


def test_every_command_and_option_is_documented() -> None:
    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command")
    for name, sub in subparsers.choices.items():  # type: ignore[attr-defined]
        assert sub.description, name
        for action in sub._actions:
            if action.dest != "help":
                assert action.help, f"{name} {action.dest}"


def test_actors_run_list_explain_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path / "in" / "a.txt", "Tokayev in Moscow\n\n10.02.2022\n\n"
          "Kazakh President Kassym-Zhomart Tokayev met Vladimir Putin in the Kremlin on Thursday. "
          "Tokayev thanked the Russian leader for the CSTO mission.\n")
    db = str(tmp_path / "s.duckdb")
    run(capsys, "ingest", str(tmp_path / "in"), "--db", db)
    code, out, _ = run(capsys, "actors", "run", "--db", db)
    assert code == 0 and "documents 1" in out
    code, out, _ = run(capsys, "actors", "--db", db)
    assert "kassym-jomart-tokayev" in out and "Kassym-Zhomart Tokayev | Tokayev" in out
    code, out, _ = run(capsys, "actors", "explain", "Kasym-Zhomart Tokayev", "--date", "2022-02-10")
    assert code == 0 and out.strip().splitlines()[-1].startswith("decision: kassym-jomart-tokayev")
    run(capsys, "export", "--db", db, "--out", str(tmp_path / "out"))
    actors = [json.loads(line) for line in (tmp_path / "out" / "actors.jsonl").read_text().splitlines()]
    mentions = [json.loads(line) for line in (tmp_path / "out" / "mentions.jsonl").read_text().splitlines()]
    tokayev = next(a for a in actors if a["id"] == "kassym-jomart-tokayev")
    assert tokayev["mention_count"] == 2 and tokayev["country"] == "KAZ"
    assert {"doc_id", "start", "end", "text", "actor_id", "method", "score"} <= set(mentions[0])
    leader = next(m for m in mentions if m["text"] == "the Russian leader")
    assert leader["actor_id"] == "vladimir-putin" and leader["method"] == "role"


def test_analyze_as_its_own_process_holds_models_and_exits_clean(tmp_path: Path) -> None:
    """Run as the `multivector` command, analyze exempts the loaded models from the
    collector's full passes (cli._models_held) and hands them back before exit: the same
    store as a call from Python, and nothing reported leaked at shutdown."""
    import subprocess
    import sys

    write(tmp_path / "in" / "a.txt", ARTICLE)
    done = subprocess.run([sys.executable, "-m", "multivector.cli", "analyze", str(tmp_path / "in"),
                           "--out", str(tmp_path / "out"), "--no-progress"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "leaked" not in done.stderr
    assert main(["analyze", str(tmp_path / "in"), "--out", str(tmp_path / "again"), "--no-progress"]) == 0
    assert (tmp_path / "out" / "events.csv").read_text() == (tmp_path / "again" / "events.csv").read_text()
