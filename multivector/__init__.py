"""multivector: evidence-linked event data from news about international politics."""

from multivector.errors import MultivectorError
from multivector.model import Document, Failure, IngestSummary, RawInput

__version__ = "0.1.0"

__all__ = ["Document", "Failure", "IngestSummary", "MultivectorError", "RawInput", "__version__"]
