"""Read a CSV file robustly: encoding, delimiter, header, number formats, missing values.

Everything is vectorised (pyarrow's C++ reader, then pandas column operations on the
distinct values of text columns); Python loops only run over columns, or over lines
when an error has already been found and its line number is wanted.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from engine.data.text_encoding import decode_to_utf8
from engine.i18n import _
from engine.errors import DataError
from engine.io.user_files import regular_file

MISSING_TOKENS: tuple[str, ...] = (
    "", "NA", "N/A", "n/a", "na", "NaN", "nan", "NAN", "null", "NULL", "Null",
    "None", "none", "NONE", "?", "-", "--", "#N/A", "#NA", "#N/A N/A", "#VALUE!",
    "#DIV/0!", "<NA>", "NaT", "missing", "MISSING",
)
"""Cell values read as "no value". Anything else that is not a number stays text."""

DELIMITERS = (",", ";", "\t", "|")
MIN_ROWS = 2

_SNIFF_CHARS = 256 * 1024
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}

_NUMBER = r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"
_THOUSANDS_RE = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_PLAIN_RE = re.compile(r"[+-]?\d+(?:\.\d+)?")
_DECIMAL_COMMA_RE = re.compile(r"[+-]?\d+,\d+")
_PERCENT_RE = re.compile(rf"({_NUMBER})\s*%")
_DIGITLESS_NUMBER_RE = re.compile(r"[+-]?(?:inf|infinity|nan)", re.IGNORECASE)  # what to_numeric takes without a digit
_LONE_CR = re.compile(rb"\r(?!\n)")


@dataclass
class Table:
    """A CSV file as read: the frame plus what was found out on the way.

    Attributes:
        frame: the data; numeric columns are float64/int64, everything else text.
        path: the file it came from (None when read from elsewhere).
        delimiter: the field separator that was used.
        encoding: the text encoding that was used (e.g. "utf-8", "utf-16", "cp1252").
        has_header: False when the first line was data and names were generated.
        warnings: sentences for the user about what was guessed or changed.
        missing: number of missing values per column.
    """

    frame: pd.DataFrame
    path: Path | None = None
    delimiter: str = ","
    encoding: str = "utf-8"
    has_header: bool = True
    warnings: list[str] = field(default_factory=list)
    missing: dict[str, int] = field(default_factory=dict)


def read_csv(path, *, missing_tokens=MISSING_TOKENS,
             progress: Callable[[float], None] | None = None,
             min_rows: int = MIN_ROWS) -> Table:
    """Read a CSV file into a Table, guessing its encoding, delimiter and header.

    Args:
        path: the file to read.
        missing_tokens: cell values read as missing (after trimming spaces).
        progress: optional callback receiving a fraction 0..1 as reading advances.
        min_rows: fewest data rows accepted (use 1 for files to predict on).

    Returns:
        A Table; ``Table.warnings`` lists everything that was guessed or converted.

    Raises:
        DataError: the file is missing, empty, not a text CSV, ragged, or too short.
    """
    report = progress or (lambda _f: None)
    path = Path(path)
    name = path.name
    if not path.exists() and not path.is_symlink():
        raise DataError(_("File not found: {path}. Check the path, or choose the file again.").format(path=path),
                        path=path)
    regular_file(path, "CSV file")  # a folder, a named pipe, /dev/zero, a symlink loop: refused, never opened
    raw = path.read_bytes()
    report(0.1)
    if not raw.strip():
        raise DataError(_("'{name}' is empty. Choose a CSV file with a header line and data rows.").format(name=name),
                        path=path)
    warnings: list[str] = []
    text_bytes, encoding = decode_to_utf8(raw, path, warnings)
    del raw
    if _LONE_CR.search(text_bytes):  # classic Mac line ends ("\r" alone): make them "\n"
        text_bytes = text_bytes.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    sample = _sniff_sample(text_bytes)
    delimiter = _sniff_delimiter(sample)
    header = _first_row(sample, delimiter)
    report(0.2)
    tokens = list(dict.fromkeys(missing_tokens))
    blank = _leading_blank_lines(text_bytes, delimiter)  # _first_row skips them too
    frame = _parse(text_bytes, path, delimiter, len(header), skip=blank + 1, tokens=tokens)
    has_header = True
    if _looks_like_data(header, frame):
        has_header = False
        frame = _parse(text_bytes, path, delimiter, len(header), skip=blank, tokens=tokens)
        header = [""] * len(header)
        warnings.append(_("The first line of '{name}' looks like data, not column names; "
                          "named the columns column_1 to column_{count}.").format(name=name, count=len(header)))
    del text_bytes
    report(0.6)
    if len(frame) == 0:
        raise DataError(_("'{name}' has a header line but no data rows. Add rows of data below "
                          "the column names.").format(name=name), path=path)
    if len(frame) < min_rows:
        raise DataError(_("'{name}' has only {count} data row; need at least {minimum} rows. "
                          "Add more rows of data.").format(name=name, count=len(frame), minimum=min_rows), path=path)
    frame.columns = _clean_names(header, warnings)
    frame = _convert_columns(frame, tokens, delimiter, warnings, report)
    missing = {str(c): int(n) for c, n in frame.isna().sum().items()}
    frame.attrs["csv_folder"] = str(path.resolve().parent)  # image paths in cells are relative to it
    report(1.0)
    return Table(frame=frame, path=path, delimiter=delimiter, encoding=encoding,
                 has_header=has_header, warnings=warnings, missing=missing)


def _sniff_sample(data: bytes) -> str:
    """The first _SNIFF_CHARS bytes extended to the end of a line, so that no line (the header
    above all, which may hold 50,000 column names) is cut in half."""
    end = data.find(b"\n", _SNIFF_CHARS)
    return data[: len(data) if end < 0 else end + 1].decode("utf-8", errors="ignore")


def _sniff_delimiter(sample: str) -> str:
    """Pick the delimiter giving the same number (>1) of fields on the most lines."""
    lines = [ln for ln in sample.splitlines()[:200] if ln.strip()]
    if len(lines) > 1 and not sample.endswith("\n"):
        lines = lines[:-1]  # the last line of a sample may be cut in half
    best, best_score = ",", (0.0, 0)
    for delim in DELIMITERS:
        try:
            counts = [len(row) for row in csv.reader(lines, delimiter=delim)]
        except csv.Error:
            continue
        if not counts or counts[0] < 2:
            continue
        consistent = sum(c == counts[0] for c in counts) / len(counts)
        score = (round(consistent, 2), counts[0])
        if score > best_score:
            best, best_score = delim, score
    return best


def _leading_blank_lines(data: bytes, delimiter: str) -> int:
    """Number of lines before the header holding nothing but spaces and delimiters."""
    blank = re.match(rb"(?:[ \t" + re.escape(delimiter.encode()) + rb"]*\r?\n)*", data)
    return blank.group(0).count(b"\n")


def _first_row(sample: str, delimiter: str) -> list[str]:
    """The fields of the first non-blank line."""
    reader = csv.reader(io.StringIO(sample.lstrip("\r\n")), delimiter=delimiter)
    try:
        for row in reader:
            if any(f.strip() for f in row):
                return row
    except csv.Error:  # e.g. a field over the csv module's size limit: no header line we can use
        pass
    return [""]


def _parse(data: bytes, path: Path, delimiter: str, n_fields: int, *, skip: int,
           tokens: list[str]) -> pd.DataFrame:
    """Parse the body with pyarrow, falling back to pandas' C then Python engines."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    names = [f"f{i}" for i in range(n_fields)]
    try:
        table = pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=skip),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                null_values=tokens, strings_can_be_null=True, quoted_strings_can_be_null=True,
                true_values=[], false_values=[]))
        for i, fld in enumerate(table.schema):
            if pa.types.is_date(fld.type):  # date32 would become Python date objects
                table = table.set_column(i, fld.name, table.column(i).cast(pa.timestamp("s")))
        return table.to_pandas()
    except pa.ArrowInvalid as exc:
        if "Expected" in str(exc) and "columns" in str(exc):
            _raise_ragged(data, path, delimiter, n_fields)
    last_error: Exception | None = None
    for engine in ("c", "python"):
        try:
            frame = pd.read_csv(io.BytesIO(data), sep=delimiter, header=None, names=names,
                                skiprows=skip, dtype=str, keep_default_na=False,
                                na_values=tokens, engine=engine, skip_blank_lines=True)
            return frame
        except (pd.errors.ParserError, ValueError, csv.Error) as exc:
            last_error = exc
    _raise_ragged(data, path, delimiter, n_fields)
    raise DataError(_("'{name}' could not be read as CSV ({error}). Check that it is a "
                      "plain comma, semicolon or tab separated file.").format(name=path.name, error=last_error),
                    path=path)


def _raise_ragged(data: bytes, path: Path, delimiter: str, n_fields: int) -> None:
    """Find the first line whose field count differs from the header's and raise for it."""
    reader = csv.reader(io.StringIO(data.decode("utf-8", errors="replace")), delimiter=delimiter)
    rows = iter(reader)
    while True:
        try:
            row = next(rows)
        except (StopIteration, csv.Error):  # csv.Error: the caller reports the file as unreadable
            return
        if not row or not any(f.strip() for f in row):
            continue
        if len(row) != n_fields:
            line = reader.line_num
            raise DataError(
                _("'{name}': line {line} has {count} fields, the header has {expected}. "
                  "Fix that line (look for a stray '{delimiter}' "
                  "delimiter or a missing quote) and open the file again.").format(
                    name=path.name, line=line, count=len(row), expected=n_fields,
                    delimiter=_DELIMITER_NAMES[delimiter]),
                path=path, row=line)


def _looks_like_data(header: list[str], frame: pd.DataFrame) -> bool:
    """True when every header field is a number and every column is numeric."""
    if not header or len(frame) == 0:
        return False
    try:
        [float(h) for h in header]
    except ValueError:
        return False
    return all(pd.api.types.is_numeric_dtype(frame[c]) or _mostly_numeric(frame[c])
               for c in frame.columns)


def _mostly_numeric(col: pd.Series) -> bool:
    values = col.dropna()
    return len(values) > 0 and pd.to_numeric(values.str.strip(), errors="coerce").notna().all()


def _clean_names(header: list[str], warnings: list[str]) -> list[str]:
    """Trim names, name blanks column_N and suffix duplicates, with warnings."""
    names = [h.strip() for h in header]
    blanks = [i for i, n in enumerate(names) if not n]
    for i in blanks:
        names[i] = f"column_{i + 1}"
    if blanks and any(header):
        warnings.append(_("Some columns have no name; called them {names}.").format(
            names=", ".join(names[i] for i in blanks)))
    seen: dict[str, int] = {}
    taken = set(names)
    renamed = []
    for i, n in enumerate(names):
        if n in seen:
            k = seen[n] + 1
            while f"{n}_{k}" in taken:
                k += 1
            seen[n] = k
            names[i] = f"{n}_{k}"
            taken.add(names[i])
            renamed.append(f"'{n}' -> '{names[i]}'")
        else:
            seen[n] = 1
    if renamed:
        warnings.append(_("Duplicate column names were renamed: {names}.").format(names=", ".join(renamed)))
    return names


def _convert_columns(frame: pd.DataFrame, tokens: list[str], delimiter: str,
                     warnings: list[str], report) -> pd.DataFrame:
    """Trim text, apply missing tokens, recognise number formats, drop infinities."""
    token_set = set(tokens)
    out = {}
    n_cols = max(len(frame.columns), 1)
    for i, name in enumerate(frame.columns):
        col = frame.iloc[:, i]
        if pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col):
            out[name] = _drop_infinite(col, name, warnings)
        elif pd.api.types.is_datetime64_any_dtype(col):
            out[name] = col  # pyarrow recognised ISO dates already
        else:
            out[name] = _convert_text(col, name, token_set, delimiter, warnings)
        report(0.6 + 0.4 * (i + 1) / n_cols)
    return pd.DataFrame(out, index=pd.RangeIndex(len(frame)))


def _drop_infinite(col: pd.Series, name: str, warnings: list[str]) -> pd.Series:
    if col.dtype.kind != "f":
        return col
    inf = np.isinf(col.to_numpy())
    if inf.any():
        warnings.append(_("Column '{name}': {count} infinite values (inf/-inf) are "
                          "treated as missing.").format(name=name, count=int(inf.sum())))
        col = col.mask(inf)
    return col


def _convert_text(col: pd.Series, name: str, token_set: set[str], delimiter: str,
                  warnings: list[str]) -> pd.Series:
    """Work on the distinct values of a text column, then map back by code (vectorised)."""
    codes, uniques = pd.factorize(col, use_na_sentinel=True)
    values = pd.Series(uniques, dtype="str").str.strip()
    values = values.where(~values.isin(token_set))
    present = values.notna().to_numpy()
    if not present.any():
        return pd.Series(np.full(len(col), np.nan), name=name)
    converted = _as_numbers(values, present, name, delimiter, warnings)
    if converted is not None:
        result = np.append(converted, np.nan)[codes]  # code -1 (missing) picks the NaN
        return _drop_infinite(_maybe_int(pd.Series(result, name=name)), name, warnings)
    if values.isna().sum() == 0 and values.equals(pd.Series(uniques, dtype="str")):
        # nothing to trim or blank out: keep the column as read
        return col if isinstance(col.dtype, pd.StringDtype) else col.astype("str")
    result = pd.array(values, dtype="str").take(codes, allow_fill=True)
    return pd.Series(result, name=name)


def _as_numbers(values: pd.Series, present: np.ndarray, name: str, delimiter: str,
                warnings: list[str]) -> np.ndarray | None:
    """Float array when every present value is a number in one recognised format, else None."""
    vals = values[present]
    # Every number format needs a digit, bar inf/nan spellings: a word like "Male" ends the search in one pass.
    digitless = ~vals.str.contains(r"\d", regex=True)
    if digitless.any() and not vals[digitless].str.fullmatch(_DIGITLESS_NUMBER_RE.pattern, case=False).all():
        return None
    plain = pd.to_numeric(vals, errors="coerce")
    if plain.notna().all():
        return _fill(values, present, plain)
    is_plain = vals.str.fullmatch(_PLAIN_RE.pattern)
    thousands = vals.str.fullmatch(_THOUSANDS_RE.pattern)
    if (thousands | is_plain).all() and thousands.any():
        # Every comma groups exactly three digits, so it is a thousands separator.
        parsed = pd.to_numeric(vals.str.replace(",", "", regex=False), errors="coerce")
        if parsed.notna().all():
            warnings.append(_("Column '{name}': numbers with thousands separators like "
                              "'{example}' were read as {number}.").format(
                name=name, example=vals[thousands].iloc[0], number=f"{parsed[thousands].iloc[0]:g}"))
            return _fill(values, present, parsed)
    if delimiter != "," and (vals.str.fullmatch(_DECIMAL_COMMA_RE.pattern) | is_plain).all():
        parsed = pd.to_numeric(vals.str.replace(",", ".", regex=False), errors="coerce")
        if parsed.notna().all():
            example = vals[~is_plain].iloc[0]
            warnings.append(_("Column '{name}': numbers with a decimal comma like '{example}' "
                              "were read as {number}.").format(name=name, example=example,
                                                               number=f"{parsed[~is_plain].iloc[0]:g}"))
            return _fill(values, present, parsed)
    percent = vals.str.extract(f"^{_PERCENT_RE.pattern}$", expand=False)
    if percent.notna().all():
        parsed = pd.to_numeric(percent, errors="coerce")
        if parsed.notna().all():
            warnings.append(_("Column '{name}': percentages like '{example}' were read as "
                              "the number {number} (the % sign was removed; "
                              "the value was not divided by 100).").format(name=name, example=vals.iloc[0],
                                                                           number=f"{parsed.iloc[0]:g}"))
            return _fill(values, present, parsed)
    return None


def _fill(values: pd.Series, present: np.ndarray, parsed: pd.Series) -> np.ndarray:
    out = np.full(len(values), np.nan)
    out[present] = parsed.to_numpy(dtype=float)
    return out


def _maybe_int(col: pd.Series) -> pd.Series:
    """int64 when there are no missing values and every value is whole."""
    arr = col.to_numpy()
    finite = np.isfinite(arr)
    if finite.all() and np.all(arr == np.round(arr)) and np.abs(arr).max(initial=0) < 2**53:
        return col.astype(np.int64)
    return col
