#!/usr/bin/env python3
"""Consistency check for examples/gold/demo_gold.json against examples/corpus/.

Standard library only. Run from anywhere:

    python examples/gold/check_gold.py

Checks:
  * every corpus file (every line of a .jsonl feed) has a gold entry, and no gold entry lacks a file;
  * each file decodes strictly with the encoding the gold states (BOM present for utf-8-sig,
    cp1251/koi8-r files are really not UTF-8);
  * every gold body paragraph occurs in its decoded input: for HTML as the visible text of a <p>
    element (entities decoded, whitespace normalised), for plain text as a whole line;
  * every gold chrome line occurs as a line of the text input;
  * completeness: every non-blank line of a text input is either a body paragraph or a chrome line;
  * `published` is a valid ISO date (YYYY-MM-DD) or null; null-dated HTML carries no date metadata;
  * title/author, when given, occur in the input; `near_duplicate_of` points at an existing entry
    whose body overlaps but is not identical.

Whitespace normalisation is `" ".join(s.split())` (so tabs, runs of spaces and no-break spaces
collapse to one space).
"""
from __future__ import annotations

import datetime as dt
import gzip
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent / "corpus"
GOLD = HERE / "demo_gold.json"

OUTLETS = {"Eurasia Herald", "Steppe Observer", "Kyiv Ledger", "Atlantic Desk", "Turan Courier",
           "Silk Road Daily", "Вестник Евразии"}
ENCODINGS = {"utf-8", "utf-8-sig", "cp1251", "koi8-r"}
LANGS = {"en", "ru"}
FIELDS = {"title", "author", "published", "outlet", "language", "encoding", "body"}
OPTIONAL = {"chrome", "near_duplicate_of"}
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATE_HINTS = re.compile(r"\b\d{1,2}[./]\d{1,2}[./]\d{4}\b|\b\d{4}-\d{2}-\d{2}\b|Published|Опубликовано")


def norm(s: str) -> str:
    return " ".join(s.split())


class _Html(HTMLParser):
    """Collects the text of every <p> element and the visible text of the page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paras: list[str] = []
        self._open: list[list[str]] = []
        self._skip = 0
        self.visible: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "p":
            self._open.append([])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag == "p" and self._open:
            self.paras.append(norm("".join(self._open.pop())))

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.visible.append(data)
        for buf in self._open:
            buf.append(data)


def parse_html(doc: str) -> tuple[set[str], str]:
    p = _Html()
    p.feed(doc)
    p.close()
    return set(p.paras), norm(" ".join(p.visible))


def decode(path: Path, encoding: str, errors: list[str], key: str) -> str | None:
    data = path.read_bytes()
    if path.name.endswith(".gz"):
        data = gzip.decompress(data)
    if encoding == "utf-8-sig" and not data.startswith(b"\xef\xbb\xbf"):
        errors.append(f"{key}: gold says utf-8-sig but the file has no BOM")
    if encoding == "utf-8" and data.startswith(b"\xef\xbb\xbf"):
        errors.append(f"{key}: gold says utf-8 but the file starts with a BOM")
    if encoding in ("cp1251", "koi8-r"):
        try:
            data.decode("utf-8")
            errors.append(f"{key}: gold says {encoding} but the bytes are valid UTF-8")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        errors.append(f"{key}: does not decode as {encoding}: {exc}")
        return None


def corpus_keys() -> dict[str, Path]:
    keys: dict[str, Path] = {}
    for path in sorted(CORPUS.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(CORPUS).as_posix()
        if rel.endswith(".jsonl"):
            n = sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
            for i in range(1, n + 1):
                keys[f"{rel}#{i}"] = path
        else:
            keys[rel] = path
    return keys


def check_meta(key: str, g: dict, errors: list[str]) -> None:
    missing = FIELDS - g.keys()
    extra = g.keys() - FIELDS - OPTIONAL
    if missing:
        errors.append(f"{key}: missing fields {sorted(missing)}")
    if extra:
        errors.append(f"{key}: unknown fields {sorted(extra)}")
    pub = g.get("published")
    if pub is not None:
        try:
            if not ISO.match(pub):
                raise ValueError(pub)
            dt.date.fromisoformat(pub)
        except (TypeError, ValueError):
            errors.append(f"{key}: published {pub!r} is not an ISO date")
    if g.get("outlet") is not None and g["outlet"] not in OUTLETS:
        errors.append(f"{key}: unknown outlet {g['outlet']!r}")
    if g.get("language") not in LANGS:
        errors.append(f"{key}: bad language {g.get('language')!r}")
    if g.get("encoding") not in ENCODINGS:
        errors.append(f"{key}: bad encoding {g.get('encoding')!r}")
    body = g.get("body") or []
    if not body:
        errors.append(f"{key}: empty body")
    for p in body + g.get("chrome", []):
        if p != norm(p) or not p:
            errors.append(f"{key}: gold string not whitespace-normalised: {p[:60]!r}")
    if g.get("title") and norm(g["title"]) in {norm(p) for p in body}:
        errors.append(f"{key}: title repeated as a body paragraph")
    if g.get("language") == "ru" and not any(re.search("[А-Яа-яЁё]", p) for p in body):
        errors.append(f"{key}: language ru but body has no Cyrillic")


def check_html(key: str, g: dict, doc: str, errors: list[str], whole_page: bool) -> None:
    paras, visible = parse_html(doc)
    for p in g["body"]:
        if p not in paras:
            errors.append(f"{key}: body paragraph not found as a <p>: {p[:70]!r}")
    if "chrome" in g:
        errors.append(f"{key}: chrome is for text inputs only")
    if whole_page:
        flat = norm(doc)
        for field in ("title", "author"):
            if g[field] is not None and norm(g[field]) not in visible:
                errors.append(f"{key}: {field} {g[field]!r} not in the visible text")
        if g["published"] is None and re.search(r"datePublished|published_time|publishdate|<time", flat):
            errors.append(f"{key}: published is null but the page carries date metadata")


def check_text(key: str, g: dict, text: str, errors: list[str]) -> None:
    lines = [norm(line) for line in text.splitlines()]
    present = {line for line in lines if line}
    body, chrome = g["body"], g.get("chrome")
    if chrome is None:
        errors.append(f"{key}: text input without a chrome list")
        chrome = []
    for p in body:
        if p not in present:
            errors.append(f"{key}: body paragraph not found as a line: {p[:70]!r}")
    for c in chrome:
        if c not in present:
            errors.append(f"{key}: chrome line not found: {c[:70]!r}")
    known = set(body) | set(chrome)
    for n, line in enumerate(lines, 1):
        if line and line not in known:
            errors.append(f"{key}: line {n} is neither body nor chrome: {line[:70]!r}")
    overlap = set(body) & set(chrome)
    if overlap:
        errors.append(f"{key}: lines listed as both body and chrome: {sorted(overlap)[:2]}")
    if g["title"] is not None and key.endswith(".txt") and norm(g["title"]) not in chrome:
        errors.append(f"{key}: title is not among the chrome lines")
    if g["author"] is not None and key.endswith(".txt") and not any(g["author"] in c for c in chrome):
        errors.append(f"{key}: author does not occur in a chrome line")
    if g["published"] is None and key.endswith(".txt") and any(DATE_HINTS.search(c) for c in chrome):
        errors.append(f"{key}: published is null but a chrome line looks like a date")


def main() -> int:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    files = corpus_keys()
    errors: list[str] = []
    for key in sorted(files.keys() - gold.keys()):
        errors.append(f"{key}: corpus input without a gold entry")
    for key in sorted(gold.keys() - files.keys()):
        errors.append(f"{key}: gold entry without a corpus input")

    for key in sorted(gold.keys() & files.keys()):
        g = gold[key]
        check_meta(key, g, errors)
        path = files[key]
        doc = decode(path, g.get("encoding", "utf-8"), errors, key)
        if doc is None:
            continue
        if "#" in key:
            line_no = int(key.rsplit("#", 1)[1])
            lines = [line for line in doc.splitlines() if line.strip()]
            obj = json.loads(lines[line_no - 1])
            for field in ("title", "author", "outlet"):
                if obj.get(field) != g[field]:
                    errors.append(f"{key}: {field} differs from the feed object ({obj.get(field)!r})")
            if obj.get("published", None) is None and g["published"] is not None:
                errors.append(f"{key}: feed object has no date but gold has one")
            if obj.get("published") is not None and not str(obj["published"]).startswith(g["published"] or "-"):
                errors.append(f"{key}: published differs from the feed object")
            if "html" in obj:
                check_html(key, g, obj["html"], errors, whole_page=False)
            else:
                check_text(key, g, obj.get("text", ""), errors)
        elif re.search(r"\.html?(\.gz)?$", key):
            check_html(key, g, doc, errors, whole_page=True)
        else:
            check_text(key, g, doc, errors)

        dup = g.get("near_duplicate_of")
        if dup is not None:
            if dup not in gold:
                errors.append(f"{key}: near_duplicate_of {dup!r} has no gold entry")
            else:
                a, b = g["body"], gold[dup]["body"]
                shared = len(set(a) & set(b))
                if a == b or shared < max(len(a), len(b)) // 2:
                    errors.append(f"{key}: not a near duplicate of {dup} ({shared} shared paragraphs)")

    n_files = len({p for p in files.values()})
    n_par = sum(len(g.get("body", [])) for g in gold.values())
    n_chrome = sum(len(g.get("chrome", [])) for g in gold.values())
    if errors:
        for e in errors:
            print("FAIL", e)
        print(f"{len(errors)} problem(s) in {len(gold)} gold entries")
        return 1
    print(f"OK: {n_files} corpus files, {len(gold)} gold entries, "
          f"{n_par} body paragraphs, {n_chrome} chrome lines checked")
    return 0


if __name__ == "__main__":
    sys.exit(main())
