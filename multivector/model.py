"""Typed records that flow between the stages.

Records are plain frozen-ish dataclasses: cheap to build, easy to serialise
(`dataclasses.asdict`), and the field names are the export contract.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class RawInput:
    """One unit read from disk: a file, a JSONL line or a WARC record.

    ``data`` is the undecoded payload; ``hints`` carries metadata the container
    already gives (url, title, published, outlet, author) and is trusted over
    anything inferred from the text.
    """

    source_path: str
    locator: str  # "" for a whole file, "line:3" for JSONL, "offset:1234" for WARC
    kind: str  # "html" or "text"
    data: bytes
    hints: dict[str, str] = field(default_factory=dict)

    @property
    def source(self) -> str:
        return f"{self.source_path}#{self.locator}" if self.locator else self.source_path


@dataclass(slots=True)
class Failure:
    """An input that did not become a document, with a coded reason."""

    source_path: str
    locator: str
    code: str
    reason: str


@dataclass(slots=True)
class Extracted:
    """Text and metadata taken from one input, before corpus-level cleaning."""

    lines: list[str]  # candidate body lines, paragraph breaks as "" entries
    title: str | None = None
    author: str | None = None
    published: str | None = None
    url: str | None = None
    outlet: str | None = None
    header: list[str] = field(default_factory=list)  # metadata lines above the body
    title_candidates: list[str] = field(default_factory=list)
    sitename: str | None = None
    encoding: str | None = None
    dropped: list[str] = field(default_factory=list)  # chrome lines removed, for audit
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Document:
    """A clean, dated, attributed article: the unit every later stage reads."""

    id: str
    source_path: str
    locator: str
    kind: str
    raw_sha256: str
    text: str  # clean body, paragraphs separated by blank lines
    text_sha256: str
    title: str | None = None
    author: str | None = None
    published: str | None = None  # ISO date, never invented
    published_estimate_min: str | None = None
    published_estimate_max: str | None = None
    url: str | None = None
    outlet: str | None = None
    language: str | None = None
    encoding: str | None = None
    status: str = "ok"  # ok | near_duplicate
    duplicate_of: str | None = None
    cleaner: str = ""
    warnings: list[str] = field(default_factory=list)
    genre: str | None = None  # opinion | news, from section labels and disclaimers; None when unknown


@dataclass(slots=True)
class IngestSummary:
    """What one ingest run did. read == stored + duplicate + failed, always."""

    read: int = 0
    stored: int = 0
    near_duplicate: int = 0  # stored, but linked to an earlier document
    duplicate: int = 0
    failed: int = 0
    failures: list[Failure] = field(default_factory=list)

    @property
    def balanced(self) -> bool:
        return self.read == self.stored + self.duplicate + self.failed
