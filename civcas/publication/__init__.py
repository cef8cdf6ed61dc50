"""Publication: the monthly statement, the tallies behind it, and exports."""

from civcas.publication.export import export_all, export_kind
from civcas.publication.render import RENDERERS
from civcas.publication.statement import Statement, compute_statement
from civcas.publication.tally import DIMENSIONS, tally
from civcas.publication.timeline import load_timeline

__all__ = [
    "DIMENSIONS",
    "RENDERERS",
    "Statement",
    "compute_statement",
    "export_all",
    "export_kind",
    "load_timeline",
    "tally",
]
