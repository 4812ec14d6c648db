"""The text reader: decode a notice's bytes, refusing what is not text.

Government notices arrive as UTF-8 (with or without BOM), UTF-16 with BOM, or
GB18030/GBK from older Windows tools; occasionally Big5. Anything else (images,
archives, Word files renamed .txt) is refused with a message naming the problem.
Whatever the text wraps (HTML, a SQL row, markdown) is unwrapped later, in normalize,
so that spans keep pointing into the decoded file.
"""
from __future__ import annotations

import codecs
import re

from taizhang.pipeline.readers import NoticeError, Reading

MAGIC = [
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    # PDF, .docx and old Office/OFD/.xlsx files are claimed by their own readers (pdf, docx,
    # refuse) before this one; a ZIP that gets here is none of them.
    (b"PK\x03\x04", "a ZIP archive that is not a Word (.docx) or OFD file: unpack it and give "
                     "the notice inside"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7z archive"),
    (b"\x7fELF", "an executable"),
    (b"{\\rtf", "an RTF document (save it as plain text first)"),
]

BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]


def read(data: bytes, name: str) -> Reading:
    """The decoded text of a text notice."""
    text, encoding, warnings = decode(data)
    return Reading(text=text, encoding=encoding, warnings=warnings)


def decode(data: bytes) -> tuple[str, str, list[dict]]:
    """Return (text, encoding, warnings) for the bytes of a notice."""
    if not data:
        raise NoticeError("empty file")
    for magic, what in MAGIC:
        if data.startswith(magic):
            raise NoticeError(f"not a text notice: the bytes are {what}")
    bom_error = None
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(encoding.replace("-sig", ""))
            except UnicodeDecodeError as exc:
                # FF FE 00 00 is also the UTF-16-LE BOM before a NUL: let a shorter BOM try
                bom_error = bom_error or NoticeError(
                    f"starts with a {encoding} byte-order mark but is not valid {encoding} "
                    f"(bad byte at offset {exc.start + len(bom)})")
                continue
            return _checked(text, encoding), encoding, []
    if bom_error:
        raise bom_error
    utf16 = _bomless_utf16(data)
    if utf16:
        return _checked(data.decode(utf16), utf16), utf16, []
    try:
        return _checked(data.decode("utf-8"), "utf-8"), "utf-8", []
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    gb_text = None
    for encoding in ("gb18030", "big5"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "big5" or _looks_like_gb_text(text):
            return _checked(text, encoding), encoding, []
        gb_text = text
    # Mostly UTF-8 with a few damaged bytes: keep it, mark the damage, invent nothing.
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    if bad <= max(3, len(data) // 200):
        _checked(text, "utf-8")
        return text, "utf-8", [{
            "code": "invalid_bytes",
            "message": f"{bad} byte sequence(s) are not valid UTF-8 (first at byte {first_bad}); "
                       "they are kept as U+FFFD",
            "span": None,
        }]
    # Valid GB18030 that is not Big5 either: a GBK notice in traditional characters.
    if gb_text is not None:
        return _checked(gb_text, "gb18030"), "gb18030", []
    raise NoticeError("cannot decode: not UTF-8, UTF-16, GB18030/GBK or Big5 text "
                      f"(first invalid UTF-8 byte at offset {first_bad})")


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM shows as NUL bytes on every other position."""
    sample = data[:4096]
    if len(sample) < 4 or sample.count(0) < len(sample) // 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    for nuls, encoding in ((odd_nuls, "utf-16-le"), (even_nuls, "utf-16-be")):
        if nuls > half * 0.3 and (even_nuls if encoding == "utf-16-le" else odd_nuls) < half * 0.05:
            try:
                data.decode(encoding)
                return encoding
            except UnicodeDecodeError:
                return None
    return None


def _looks_like_gb_text(text: str) -> bool:
    """GB18030 decodes many byte strings; real GB text keeps to the common GB2312 characters."""
    cjk = [ch for ch in text[:20000] if "\u4e00" <= ch <= "\u9fff"]
    if not cjk:
        return True
    common = 0
    for ch in cjk:
        try:
            ch.encode("gb2312")
            common += 1
        except UnicodeEncodeError:
            pass
    return common >= 0.8 * len(cjk)


#: A control character other than the white space of text (\t \n \v \f \r): one regex pass
#: counts them, not a Python test per character.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0e-\x1f]")


def _checked(text: str, encoding: str) -> str:
    """Refuse decoded text that is mostly control characters: binary data that happened to decode."""
    sample = text[:65536]
    if not sample.strip():
        raise NoticeError("holds only white space")
    controls = len(CONTROL_CHARACTER.findall(sample))
    if controls > max(8, len(sample) // 10):
        raise NoticeError(f"not a text notice: {controls} control characters in the first "
                          f"{len(sample)} characters (binary data decoded as {encoding}?)")
    return text
