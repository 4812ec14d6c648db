"""Formats taizhang does not read are refused by their bytes, with what to do; a batch goes on."""
from __future__ import annotations

import io
import json
import struct
import subprocess
import sys
import zipfile

import pytest

from conftest import ROOT, SEEDS, SHARED

from taizhang.pipeline.load import NoticeError, load
from taizhang.pipeline.readers import reader_for

OFD = SHARED / "files" / "ofd" / "bengbu_nanhuochang_tielu_handong_xiachuan_han.ofd"


def ole2(*streams: str) -> bytes:
    """An OLE2 compound file (old Office) header and a directory sector naming *streams*."""
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<I", header, 48, 0)          # first directory sector
    directory = bytearray()
    for name in ("Root Entry",) + streams:
        entry = bytearray(128)
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        entry[0:len(encoded)] = encoded
        struct.pack_into("<H", entry, 64, len(encoded))
        entry[66] = 5 if name == "Root Entry" else 2
        directory += entry
    directory += bytes(512 - len(directory) % 512)
    return bytes(header) + bytes(directory) + bytes(1024)


def refused(tmp_path, data: bytes, name: str) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(NoticeError) as caught:
        load(path)
    return str(caught.value)


@pytest.mark.parametrize("name", ["notice.doc", "notice.wps", "notice.txt"])
def test_a_word_97_or_wps_file_is_refused_with_save_as_docx(tmp_path, name):
    message = refused(tmp_path, ole2("WordDocument", "1Table", "\x05SummaryInformation"), name)
    assert "Word 97–2003/WPS document" in message
    assert "open it in Word or WPS and save it as .docx" in message


def test_an_old_excel_file_and_an_unknown_ole2_file_are_refused_by_what_they_are(tmp_path):
    assert "Excel 97–2003" in refused(tmp_path, ole2("Workbook"), "ledger.xls")
    assert "old Microsoft Office or WPS file" in refused(tmp_path, ole2("Contents"), "x.doc")


def test_the_real_ofd_letter_is_refused_with_export_to_pdf(tmp_path):
    with pytest.raises(NoticeError, match=r"an OFD document: export it to PDF from an OFD reader"):
        load(OFD)
    renamed = tmp_path / "letter.txt"
    renamed.write_bytes(OFD.read_bytes())
    assert reader_for(renamed.name, renamed.read_bytes()).name == "refused"


def test_an_xlsx_is_refused_as_a_workbook(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    assert "Excel workbook (.xlsx)" in refused(tmp_path, buffer.getvalue(), "台账.txt")


def test_a_plain_text_or_rtf_saved_as_doc_goes_to_the_text_reader(tmp_path):
    path = tmp_path / "notice.doc"
    path.write_bytes("关于做好整改工作的通知\n各单位：\n请抓好落实。\n".encode("gb18030"))
    assert load(path).text.startswith("关于做好整改工作的通知")
    assert "RTF" in refused(tmp_path, b"{\\rtf1\\ansi ...}", "notice2.doc")


def test_a_batch_with_refused_files_goes_on_and_exits_1(tmp_path):
    from PIL import Image

    folder = tmp_path / "inbox"
    folder.mkdir()
    seed = sorted(SEEDS.glob("*.txt"))[0]
    (folder / seed.name).write_bytes(seed.read_bytes())
    (folder / "letter.ofd").write_bytes(OFD.read_bytes())
    (folder / "old.doc").write_bytes(ole2("WordDocument"))
    buffer = io.BytesIO()
    Image.new("RGB", (200, 200), "white").save(buffer, "PDF")
    (folder / "scan.pdf").write_bytes(buffer.getvalue())
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, str(ROOT / "cli.py"), "extract", str(folder), "-o", str(out)],
                            capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    entries = {e["source"]: e for e in json.loads((out / "manifest.json").read_text("utf-8"))["notices"]}
    assert entries[seed.name]["status"] == "ok"
    advice = {"letter.ofd": "export it to PDF", "old.doc": "save it as .docx", "scan.pdf": "run OCR"}
    for name, words in advice.items():
        assert entries[name]["status"] == "failed"
        assert name in entries[name]["error"] and words in entries[name]["error"]
