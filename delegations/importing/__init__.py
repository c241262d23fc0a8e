"""Importing contacts from a spreadsheet (CSV or XLSX): read, map, check, then commit all or nothing.

The file is hostile until checked: its type is sniffed from the bytes (the name and the
browser's content type are ignored), its size and row count are capped, an XLSX is opened
read-only with cached values (formulas are never evaluated) after checking its unpacked size,
and control characters are stripped from every cell.

Checking (``validate``) writes nothing. Committing (``commit``) re-checks and then writes every
row through the contact services in ONE transaction: a single bad row imports nothing.
Duplicates — same e-mail (case-insensitive), or same name at the same organisation, in the
database or earlier in the file — are updated or skipped instead of created again.
"""

from delegations.importing.commit import commit
from delegations.importing.jobs import ProgressWriter, run_check, run_commit
from delegations.importing.plan import Outcome, ProgressCallback, RowPlan, plan
from delegations.importing.sheets import (
    BACKGROUND_ROWS,
    MAX_ROWS,
    MAX_STORED_ERRORS,
    MAX_UNPACKED_XLSX_BYTES,
    MAX_UPLOAD_BYTES,
    PROGRESS_EVERY,
    SYNONYMS,
    TARGETS,
    ImportFileError,
    Sheet,
    clean_cell,
    create_job,
    guess_mapping,
    job_rows,
    read_sheet,
)

__all__ = [
    "BACKGROUND_ROWS",
    "MAX_ROWS",
    "MAX_STORED_ERRORS",
    "MAX_UNPACKED_XLSX_BYTES",
    "MAX_UPLOAD_BYTES",
    "PROGRESS_EVERY",
    "SYNONYMS",
    "TARGETS",
    "ImportFileError",
    "Outcome",
    "ProgressCallback",
    "ProgressWriter",
    "RowPlan",
    "Sheet",
    "clean_cell",
    "commit",
    "create_job",
    "guess_mapping",
    "job_rows",
    "plan",
    "read_sheet",
    "run_check",
    "run_commit",
]
