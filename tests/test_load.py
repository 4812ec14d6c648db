"""Stage 1, the loader: which bytes are decoded (and how), which are refused (and with what message)."""
from __future__ import annotations

import codecs
import hashlib
import random
import zipfile
from io import BytesIO

import pytest

from conftest import refuse_reading
from taizhang.pipeline.load import NoticeError, load
from taizhang.pipeline.normalize import normalize

# A short notice written for these tests: title, addressee, heading, body, signature, date.
NOTICE = (
    "鄂托克旗人民政府关于加强安全生产工作的通知\n"
    "各苏木镇人民政府，旗直各有关部门：\n"
    "一、压实安全责任\n"
    "各单位要严格落实安全生产责任制，确保2023年12月31日前完成隐患整改，整改率达到95%以上。\n"
    "鄂托克旗人民政府\n"
    "2023年7月6日\n"
)

# The same notice in traditional characters: GBK holds these, GB2312 does not.
NOTICE_TRADITIONAL = (
    "鄂托克旗人民政府關於加強安全生產工作的通知\n"
    "各蘇木鎮人民政府，旗直各有關部門：\n"
    "一、壓實安全責任\n"
    "各單位要嚴格落實安全生產責任制，確保2023年12月31日前完成隱患整改。\n"
    "鄂托克旗人民政府\n"
    "2023年7月6日\n"
)


def write(tmp_path, data: bytes, name: str = "notice.txt"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def refused(tmp_path, data: bytes, name: str = "notice.txt") -> str:
    with pytest.raises(NoticeError) as info:
        load(write(tmp_path, data, name))
    message = str(info.value)
    assert message and "\n" not in message and "Traceback" not in message
    return message


# --- encodings that load -------------------------------------------------------------------

@pytest.mark.parametrize("data, encoding", [
    (NOTICE.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + NOTICE.encode("utf-8"), "utf-8-sig"),
    (codecs.BOM_UTF16_LE + NOTICE.encode("utf-16-le"), "utf-16-le"),
    (codecs.BOM_UTF16_BE + NOTICE.encode("utf-16-be"), "utf-16-be"),
    (NOTICE.encode("gb18030"), "gb18030"),
    (NOTICE.encode("gbk"), "gb18030"),
], ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "gb18030", "gbk"])
def test_encodings_decode_to_the_same_text(tmp_path, data, encoding):
    source = load(write(tmp_path, data))
    assert source.text == NOTICE          # no BOM left at the start, nothing altered
    assert source.encoding == encoding
    assert source.warnings == []


def test_gb18030_characters_outside_gbk(tmp_path):
    text = NOTICE.replace("安全生产", "安全生产㐀")   # U+3400 is in GB18030 only (four bytes)
    source = load(write(tmp_path, text.encode("gb18030")))
    assert source.text == text
    assert source.encoding == "gb18030"


def test_gbk_traditional_notice_loads(tmp_path):
    """GBK holds traditional characters too; such a file must not be refused as undecodable."""
    data = NOTICE_TRADITIONAL.encode("gbk")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    source = load(write(tmp_path, data))
    assert source.text == NOTICE_TRADITIONAL
    assert source.encoding == "gb18030"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_never_read_as_wrong_text(tmp_path, encoding):
    """Without a BOM the loader may refuse UTF-16, but must not take it for GB18030 garbage."""
    for text in (NOTICE, NOTICE_TRADITIONAL, NOTICE * 20):
        try:
            source = load(write(tmp_path, text.encode(encoding)))
        except NoticeError:
            continue
        assert source.text == text


def test_utf8_bom_is_not_part_of_the_text(tmp_path):
    source = load(write(tmp_path, codecs.BOM_UTF8 + NOTICE.encode("utf-8")))
    assert not source.text.startswith("\ufeff")
    assert source.text.startswith("鄂托克旗")


def test_utf16_bom_of_a_gbk_lookalike_is_honoured(tmp_path):
    """The BOM decides, even when the rest would also decode another way."""
    data = codecs.BOM_UTF16_LE + "通知".encode("utf-16-le")
    assert load(write(tmp_path, data)).text == "通知"


# --- line ends -----------------------------------------------------------------------------

@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_line_ends_load_and_spans_index_the_decoded_text(tmp_path, newline):
    written = NOTICE.replace("\n", newline)
    source = load(write(tmp_path, written.encode("utf-8")))
    assert source.text == written           # the loader keeps the line ends as they were
    norm = normalize(source.text)
    assert "\r" not in norm.text
    assert norm.text.split("\n")[2] == "一、压实安全责任"
    # spans point into the decoded text, \r included
    start = norm.text.index("一、压实")
    s, e = norm.span(start, start + len("一、压实安全责任"))
    assert source.text[s:e] == "一、压实安全责任"
    assert source.text.index("一、压实") == s
    # a span over a line end covers the original line end, whatever it was
    end_of_title = norm.text.index("\n")
    s, e = norm.span(end_of_title - 2, end_of_title + 4)   # 通知\n各苏木
    assert source.text[s:e].startswith("通知" + newline)
    assert source.text[s:e].endswith("各苏木")


def test_crlf_notice_gives_the_same_normalized_text_as_lf(tmp_path):
    lf = normalize(load(write(tmp_path, NOTICE.encode("utf-8"), "lf.txt")).text)
    crlf = normalize(load(write(tmp_path, NOTICE.replace("\n", "\r\n").encode("utf-8"), "crlf.txt")).text)
    assert lf.text == crlf.text


# --- NUL and other control characters ------------------------------------------------------

def test_nul_bytes_inside_the_text_load_and_are_dropped_by_normalization(tmp_path):
    written = NOTICE.replace("安全生产工作", "安全\x00生产\x00\x00工作")
    source = load(write(tmp_path, written.encode("utf-8")))
    assert source.text == written                        # the loader keeps them: spans need them
    norm = normalize(source.text)
    assert "\x00" not in norm.text
    assert "安全生产工作" in norm.text
    codes = [w["code"] for w in norm.warnings]
    assert codes.count("control_chars") == 1
    warning = next(w for w in norm.warnings if w["code"] == "control_chars")
    assert "3" in warning["message"]                       # says how many were removed
    s, e = warning["span"]
    assert source.text[s:e] == "\x00"                      # points at the first one, in the source
    # the word the NULs were in maps back to the source wording, NULs included
    i = norm.text.index("安全生产工作")
    s, e = norm.span(i, i + 6)
    assert source.text[s:e] == "安全\x00生产\x00\x00工作"


def test_nul_bytes_in_a_utf16_file(tmp_path):
    written = NOTICE.replace("通知", "通\x00知")
    source = load(write(tmp_path, codecs.BOM_UTF16_LE + written.encode("utf-16-le")))
    assert source.text == written
    assert "通知" in normalize(source.text).text


# --- refused inputs -------------------------------------------------------------------------

def test_empty_file_is_refused(tmp_path):
    assert "empty" in refused(tmp_path, b"")


@pytest.mark.parametrize("data", [b"   \n\t\r\n  \n", "\u3000\u3000\n".encode("utf-8"),
                                  codecs.BOM_UTF8 + b" \n", codecs.BOM_UTF16_LE + " \n ".encode("utf-16-le")],
                         ids=["ascii", "ideographic-space", "utf8-bom", "utf16-bom"])
def test_whitespace_only_is_refused(tmp_path, data):
    assert "white space" in refused(tmp_path, data)


def test_png_named_txt_is_refused(tmp_path):
    data = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(256))
    assert "PNG" in refused(tmp_path, data, "scan.txt")


def test_zip_named_txt_is_refused(tmp_path):
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document>关于加强安全生产工作的通知</w:document>")
    message = refused(tmp_path, buffer.getvalue(), "notice.txt")
    assert "ZIP" in message and ".docx" in message


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_random_binary_is_refused(tmp_path, seed):
    data = random.Random(seed).randbytes(4096)
    message = refused(tmp_path, data, "random.txt")
    assert "cannot decode" in message or "not a text notice" in message


def test_binary_with_many_control_bytes_is_refused(tmp_path):
    data = bytes(range(0, 32)) * 64       # valid UTF-8, but nothing a notice is made of
    assert "control characters" in refused(tmp_path, data)


def test_a_folder_is_refused_with_a_message(tmp_path):
    folder = tmp_path / "notice.txt"
    folder.mkdir()
    with pytest.raises(NoticeError, match="folder"):
        load(folder)


def test_missing_file_is_refused_with_a_message(tmp_path):
    with pytest.raises(NoticeError, match="cannot read"):
        load(tmp_path / "gone.txt")


def test_unreadable_file_is_refused(tmp_path, monkeypatch):
    """Root reads any file, so the refusal of a file the user may not read is simulated."""
    path = write(tmp_path, NOTICE.encode("utf-8"))
    refuse_reading(monkeypatch, path.name)
    with pytest.raises(NoticeError, match="permission denied"):
        load(path)


# --- a few damaged bytes ---------------------------------------------------------------------

def test_a_few_invalid_bytes_in_utf8_are_kept_with_a_warning(tmp_path):
    body = NOTICE * 4
    data = body.encode("utf-8")
    cut = data.index("隐患".encode("utf-8")) + 1        # break one character in the middle
    data = data[:cut] + data[cut + 1:]
    source = load(write(tmp_path, data))
    assert source.encoding == "utf-8"
    assert "\ufffd" in source.text
    assert [w["code"] for w in source.warnings] == ["invalid_bytes"]


# --- doc_id ----------------------------------------------------------------------------------

def test_doc_id_is_the_sha256_of_the_raw_bytes(tmp_path):
    data = codecs.BOM_UTF8 + NOTICE.encode("utf-8")
    source = load(write(tmp_path, data))
    assert source.doc_id == "d-" + hashlib.sha256(data).hexdigest()[:16]
    assert len(source.doc_id) == 18 and all(c in "0123456789abcdef" for c in source.doc_id[2:])


def test_doc_id_changes_with_the_bytes_not_with_the_name(tmp_path):
    a = load(write(tmp_path, NOTICE.encode("utf-8"), "a.txt"))
    b = load(write(tmp_path, NOTICE.encode("utf-8"), "b.txt"))
    c = load(write(tmp_path, NOTICE.encode("gb18030"), "c.txt"))   # same text, other bytes
    assert a.doc_id == b.doc_id
    assert a.doc_id != c.doc_id
    assert (a.name, b.name) == ("a.txt", "b.txt")
    assert load(tmp_path / "a.txt", "folder/a.txt").name == "folder/a.txt"
