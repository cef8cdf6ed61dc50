"""Claims: the figures news articles attribute to officials and monitors (see `extract`)."""

from civcas.claims.extract import ExtractedClaim, Measure, extract_claims

__all__ = ["ExtractedClaim", "Measure", "extract_claims"]
