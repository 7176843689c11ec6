"""pledgewatch: a sourced ledger of international security commitments, read from the news."""

from pledgewatch.extract import extract, extract_many
from pledgewatch.model import Amount, Article, Check, Kind, Record, Status

__version__ = "0.1.0"
EXTRACTOR_VERSION = "0.2.0"  # the learned reader (issue 9)

__all__ = ["EXTRACTOR_VERSION", "Amount", "Article", "Check", "Kind", "Record", "Status", "extract", "extract_many"]
