"""Reading CSV files and inferring a column schema.

``read_csv`` turns a file into a :class:`Table` (frame + what was guessed);
``infer_schema`` turns a frame into a :class:`Schema` (kind, role and reason per column).
"""

from engine.data.reading import DELIMITERS, MIN_ROWS, MISSING_TOKENS, Table, read_csv
from engine.data.schema import KINDS, ROLES, TASKS, ColumnInfo, Schema, guess_target, infer_schema

__all__ = [
    "DELIMITERS", "MIN_ROWS", "MISSING_TOKENS", "Table", "read_csv",
    "KINDS", "ROLES", "TASKS", "ColumnInfo", "Schema", "guess_target", "infer_schema",
]
