"""The whole exception tree of multivector, in one place.

Every error carries a short stable code (``E1xx`` ingest, ``E2xx`` clean,
``E3xx`` store, ``E4xx`` scale-out, ``E9xx`` usage) and a message that says what to do.

    MultivectorError
    ├── InputError            an input cannot become a document (recorded, never raised past ingest)
    │   ├── EmptyInput        E101 the input holds no bytes or no text
    │   ├── BinaryInput       E102 the input is not text (NUL bytes, control characters)
    │   ├── TooLarge          E103 the input is over the size limit
    │   ├── BrokenContainer   E104 a gzip / WARC / JSONL container is truncated or corrupt
    │   ├── UndecodableText   E105 no encoding decodes the bytes to plausible text
    │   ├── NoMainText        E106 extraction found no body text (an empty page, a script-only page)
    │   ├── UnsupportedInput  E107 a file type or WARC record that is not an article
    │   └── UnreadableFile    E108 the operating system refused to read the file
    ├── StoreError            E301 the DuckDB file cannot be opened or is of an unknown schema
    ├── ClusterError          E401 the Dask scheduler cannot be reached, or a worker lacks multivector
    └── UsageError            E901 bad command-line arguments or settings
"""

from __future__ import annotations


class MultivectorError(Exception):
    """Base of every error multivector raises on purpose."""

    code = "E000"

    def __str__(self) -> str:
        return f"[{self.code}] {super().__str__()}"


class InputError(MultivectorError):
    """An input that cannot become a document; ingest records it as a failure."""

    code = "E100"


class EmptyInput(InputError):
    code = "E101"


class BinaryInput(InputError):
    code = "E102"


class TooLarge(InputError):
    code = "E103"


class BrokenContainer(InputError):
    code = "E104"


class UndecodableText(InputError):
    code = "E105"


class NoMainText(InputError):
    code = "E106"


class UnsupportedInput(InputError):
    code = "E107"


class UnreadableFile(InputError):
    code = "E108"


class StoreError(MultivectorError):
    code = "E301"


class ClusterError(MultivectorError):
    code = "E401"


class UsageError(MultivectorError):
    code = "E901"
