"""A CSV file's bytes as UTF-8: BOMs, UTF-16 without a BOM, lines mixing UTF-8 and cp1252, Chinese GB18030,
Windows-1252 and Latin-1, with a warning whenever the file was not plain UTF-8; files that are clearly not text
(a ZIP, an image, a program, binary data) are refused."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from engine.errors import DataError
from engine.i18n import N_, _

_MAGIC = {
    b"PK\x03\x04": N_("a ZIP archive (or an Excel .xlsx workbook)"),
    b"\x89PNG": N_("a PNG image"),
    b"\xff\xd8\xff": N_("a JPEG image"),
    b"GIF8": N_("a GIF image"),
    b"%PDF": N_("a PDF document"),
    b"\x1f\x8b": N_("a gzip-compressed file"),
    b"\xd0\xcf\x11\xe0": N_("an old Excel .xls / Office document"),
    b"BZh": N_("a bzip2-compressed file"),
    b"7z\xbc\xaf": N_("a 7-Zip archive"),
    b"PAR1": N_("a Parquet file"),
    b"\x7fELF": N_("a program"),
    b"MZ": N_("a Windows program"),
}


def decode_to_utf8(raw: bytes, path: Path, warnings: list[str]) -> tuple[bytes, str]:
    """Return the content as UTF-8 bytes (no BOM) and the name of the source encoding."""
    name = path.name
    if raw.startswith(codecs.BOM_UTF8):
        body, enc = raw[len(codecs.BOM_UTF8):], "utf-8-sig"
        _check_text(body[:65536], path)
        try:
            body.decode("utf-8")
            return body, enc
        except UnicodeDecodeError:
            raw = body  # a BOM but not UTF-8 after all: fall through to legacy decoding
    utf16 = "utf-16" if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else _utf16_without_bom(raw)
    if utf16:
        try:
            text = raw.decode(utf16)
        except UnicodeDecodeError:
            raise DataError(_("'{name}' starts like UTF-16 text but cannot be decoded as such. "
                              "Save it again as UTF-8 CSV and open it again.").format(name=name), path=path) from None
        _check_text(text[:65536].encode("utf-8"), path)
        return text.encode("utf-8"), utf16
    _check_text(raw[:65536], path)
    try:
        raw.decode("utf-8")
        return raw, "utf-8"
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
    mixed = _mixed_utf8(raw, name, warnings)
    if mixed is not None:
        return mixed, "utf-8"  # now all UTF-8; the warning names the lines that were not
    chinese = _chinese_legacy_text(raw)
    if chinese is not None:
        warnings.append(_("'{name}' is not valid UTF-8 (first odd character on line {line}); read it as Chinese "
                          "GB18030 (GBK). If characters look wrong, save the file as UTF-8 and open it again.").format(
            name=name, line=line))
        return chinese.encode("utf-8"), "gb18030"
    for enc, label in (("cp1252", "Windows-1252 (cp1252)"), ("latin-1", "Latin-1 (ISO-8859-1)")):
        try:
            text = raw.decode(enc)
        except UnicodeDecodeError:
            continue
        warnings.append(_("'{name}' is not valid UTF-8 (first odd character on line {line}); "
                          "read it as {encoding}. If accented letters look wrong, save the file as "
                          "UTF-8 and open it again.").format(name=name, line=line, encoding=label))
        return text.encode("utf-8"), enc
    raise AssertionError("latin-1 decodes any bytes")  # pragma: no cover


def _chinese_legacy_text(raw: bytes) -> str | None:
    """The text of a file in GB18030/GBK (what Excel saves as CSV on Chinese Windows), else None.

    Western cp1252 bytes often decode as GB18030 too: each accented letter and the ASCII letter after it become
    one Chinese character inside a word ("Müller" -> "M" + 1 character + "ler"). So the text must decode strictly,
    its non-ASCII characters must be Chinese, and those must rarely touch an ASCII letter.
    """
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        return None
    wide = re.findall(r"[^\x00-\x7f]", text)
    chinese = re.findall(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]", text)
    touching = re.findall(r"(?<=[A-Za-z])[\u4e00-\u9fff]|[\u4e00-\u9fff](?=[A-Za-z])", text)
    if wide and len(chinese) >= 0.95 * len(wide) and len(touching) <= 0.1 * len(chinese):
        return text
    return None


def _mixed_utf8(raw: bytes, name: str, warnings: list[str]) -> bytes | None:
    """A file whose lines are partly UTF-8 and partly cp1252 (rows pasted from two sources): each line
    decoded the way that fits, with a warning naming the cp1252 lines. None when no line holds
    non-ASCII UTF-8 (then the whole file is one legacy encoding, the usual case)."""
    lines = raw.split(b"\n")
    utf8_lines, legacy_lines = [], []
    for number, line in enumerate(lines, start=1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            utf8_lines.append(number)
        except UnicodeDecodeError:
            legacy_lines.append(number)
    if not utf8_lines:
        return None
    for number in legacy_lines:
        lines[number - 1] = lines[number - 1].decode("cp1252", errors="replace").encode("utf-8")
    shown = ", ".join(map(str, legacy_lines[:5])) + (f" and {len(legacy_lines) - 5} more" if len(legacy_lines) > 5 else "")
    warnings.append(f"'{name}' mixes two text encodings: {len(utf8_lines)} lines are UTF-8 and "
                    f"{len(legacy_lines)} are not (lines {shown}); read each line in the encoding that fits it "
                    "(UTF-8, else Windows-1252). Check the accented letters on those lines, and save the file "
                    "as UTF-8 to avoid this.")
    return b"\n".join(lines)


def _utf16_without_bom(raw: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" when the bytes look like UTF-16 text without a BOM (ASCII-range
    text then has a zero byte in every odd/even position), else None."""
    head = raw[:4096]
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    even_zeros, odd_zeros = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_zeros > 0.4 and even_zeros < 0.05:
        return "utf-16-le"
    if even_zeros > 0.4 and odd_zeros < 0.05:
        return "utf-16-be"
    return None


def _check_text(head: bytes, path: Path) -> None:
    """Raise DataError when the first bytes are clearly not text."""
    for magic, what in _MAGIC.items():
        if head.startswith(magic):
            raise DataError(_("'{name}' does not look like a text CSV file: it is {what}. "
                              "Export or save the data as CSV (comma-separated values) first.").format(
                name=path.name, what=_(what)), path=path)
    if not head:
        return
    controls = sum(head.count(bytes([b])) for b in (*range(0, 9), 11, 12, *range(14, 32), 127))
    if b"\x00" in head or controls / len(head) > 0.01:
        raise DataError(_("'{name}' does not look like a text CSV file (it contains binary "
                          "data). Export or save the data as CSV (comma-separated values) first.").format(
            name=path.name), path=path)
