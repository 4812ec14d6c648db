"""The web page reader: the page decoded as it declares, tags and all, plus what its metadata says.

The text is the decoded page as is: the unwrap stage strips the markup with an offset map, so
that every span points into the page. This reader adds what only the markup holds, as
evidence: the CMS meta tags (ArticleTitle, PubDate, ContentSource, SiteName), the <title>
without the site name after it, and the label/value cells of the metadata table that
government pages put above a document (索引号 / 发文机关 / 发文字号 / 成文日期 / 发布日期 /
标题). lxml parses the page: it is maintained, takes broken real-world markup, and is the
same library the .docx reader uses for Word's XML.
"""
from __future__ import annotations

import codecs
import functools
import re

from taizhang.pipeline.readers import NoticeError, Reading
from taizhang.pipeline.readers.text import BOMS, _checked, decode
from taizhang.pipeline.readers.words import words

SUFFIXES = (".html", ".htm", ".shtml", ".xhtml")

#: The declaration is in the first bytes of a page (HTML5 says 1024; old pages put long
#: comments or scripts first).
HEAD_SCAN = 4096
CHARSET = re.compile(rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]{2,40})""", re.I)
XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9_\-.]{2,40})""", re.I)
#: A page opens with a doctype, <html>, or a comment or <head> before them.
PAGE_START = re.compile(rb"^\s{0,200}(?:<\?xml[^>]{0,200}>\s{0,50})?(?:<!--.{0,500}?-->\s{0,50}){0,3}"
                        rb"<(?:!doctype\s+html|html[\s>]|head[\s>])", re.I | re.S)
#: Characters GB2312/GBK pages use that only GB18030 (their superset) decodes.
GB_FAMILY = {"gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "ms936", "euc-cn", "gb18030",
             "x-euc-cn", "csgb2312", "windows-936"}
#: Single-byte Western codecs that servers declared by default; Chinese bytes are not them.
WESTERN = {"ascii", "iso8859-1", "cp1252", "iso8859-15", "latin-1"}
WHITE = re.compile(r"[\s\u3000\xa0]+")
TIGHT_GAP = re.compile(r"(?<=[\u3400-\u9fff0-9])[ ]+(?=[\u3400-\u9fff])|(?<=[\u3400-\u9fff])[ ]+(?=[0-9])")


def sniff(data: bytes) -> bool:
    """A saved page, whatever its suffix: a doctype or <html> at the start (after a BOM)."""
    head = data[:1024]
    for bom, encoding in BOMS:
        if head.startswith(bom):
            if not encoding.startswith("utf-8"):
                head = head[len(bom):].decode(encoding, errors="ignore").encode("ascii", "ignore")
            else:
                head = head[len(bom):]
            break
    return PAGE_START.match(head) is not None


def read(data: bytes, name: str) -> Reading:
    """The page decoded with its declared encoding, with the evidence its markup gives."""
    text, encoding, warnings = decode_page(data)
    return Reading(text=text, encoding=encoding, evidence=page_evidence(text), warnings=warnings)


# --- encoding -----------------------------------------------------------------------

def declared_encoding(data: bytes) -> str | None:
    """The codec a page declares (meta charset, http-equiv Content-Type, XML declaration),
    with the GB2312/GBK family read as GB18030; None when undeclared or unknown."""
    head = data[:HEAD_SCAN]
    m = XML_ENCODING.match(head) or CHARSET.search(head)
    if not m:
        return None
    label = m.group(1).decode("ascii").lower()
    if label in GB_FAMILY:
        return "gb18030"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_page(data: bytes) -> tuple[str, str, list[dict]]:
    """Decode a page. A BOM wins, then valid UTF-8 (a page saved by a browser is re-encoded
    but often keeps its old declaration), then the declared encoding, then the text reader's
    guess. A declaration the bytes contradict is reported; so is a Western single-byte
    declaration (iso-8859-1, old servers' default) on a page whose bytes are Chinese."""
    if not data:
        raise NoticeError("empty file")
    declared = declared_encoding(data)
    if any(data.startswith(bom) for bom, _ in BOMS) or declared in (None, "utf-8"):
        return decode(data)
    if any(byte > 127 for byte in data[:HEAD_SCAN * 16]):
        try:
            data.decode("utf-8")
            return decode(data)
        except UnicodeDecodeError:
            pass
        if declared in WESTERN:
            text, encoding, warnings = decode(data)
            if encoding != "utf-8":
                return text, encoding, warnings + [_contradicted(declared, encoding)]
    try:
        text = data.decode(declared)
    except (UnicodeDecodeError, LookupError):
        text, encoding, warnings = decode(data)
        return text, encoding, warnings + [_contradicted(declared, encoding)]
    return _checked(text, declared), declared, []


def _contradicted(declared: str, encoding: str) -> dict:
    return {"code": "wrong_declared_encoding", "span": None,
            "message": f"the page declares {declared} but its bytes are {encoding}; read as {encoding}"}


# --- evidence -------------------------------------------------------------------------

def page_evidence(text: str) -> dict[str, str]:
    """Evidence from the page's markup: metadata table first, then meta tags, then <title>."""
    root = _parse(text)
    if root is None:
        return {}
    lexicon = words().html
    evidence: dict[str, str] = {}
    for key, value in _table_fields(root):
        evidence.setdefault(key, value)
    for key, value in _meta_fields(root):
        evidence.setdefault(key, value)
    title = root.findtext(".//title")
    if title:
        evidence.setdefault("title", _strip_site_name(title))
    if "title" in evidence:
        evidence["title"] = _tight(evidence["title"])
    _split_doc_number(evidence)
    for key in lexicon.date_keys:
        if key in evidence:
            iso = _iso_date(evidence[key])
            if iso:
                evidence[key] = iso
            else:
                del evidence[key]
    return {key: value for key, value in evidence.items() if value}


def _parse(text: str):
    from lxml import etree, html

    parser = html.HTMLParser(encoding="utf-8", remove_comments=True, no_network=True)
    try:
        return html.document_fromstring(text.encode("utf-8", errors="replace"), parser=parser)
    except (etree.ParserError, ValueError):
        return None


def _clean(value: str) -> str:
    """One line of text: white space (ideographic, no-break) collapsed to one space."""
    return WHITE.sub(" ", value).strip()


def _tight(value: str) -> str:
    """A title's white space dropped where it only spaces Chinese from Chinese or digits
    (2007　年末), kept between words."""
    return TIGHT_GAP.sub("", _clean(value))


def _meta_fields(root):
    meta = words().html.meta
    for element in root.iter("meta"):
        name = (element.get("name") or element.get("property") or "").strip().lower()
        key = meta.get(name)
        content = _clean(element.get("content") or "")
        if key and content:
            yield key, content


SKIP = {"script", "style", "noscript", "template", "head", "title", "option", "select"}


def _chunks(root):
    """Text pieces of the body in document order (element texts and tails), outside scripts,
    styles and menus' <option>s."""
    from lxml import etree

    body = root.find("body")
    skipping = 0
    for event, element in etree.iterwalk(root if body is None else body, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in SKIP:
                skipping += 1
            elif not skipping and element.text:
                yield element.text
            continue
        if tag in SKIP:
            skipping -= 1
        if not skipping and element.tail:
            yield element.tail


@functools.lru_cache(maxsize=1)
def _label_pattern() -> re.Pattern:
    labels = sorted(words().html.labels, key=len, reverse=True)
    return re.compile("^(" + "|".join(map(re.escape, labels)) + ")(.*)$", re.S)


def _table_fields(root):
    """(key, value) from label cells: 发文字号：国办发〔2020〕16号 in one cell, or 成文日期： and
    2020年05月28日 in two. A label needs its colon or a cell of its own: body text that starts
    with the same word (标题党…) is not a label."""
    lexicon = words().html
    pattern = _label_pattern()
    pending = None
    for chunk in _chunks(root):
        piece = _clean(chunk)
        if not piece or piece in ("：", ":"):     # <span>索引号</span>：: the colon apart
            continue
        if len(piece) > lexicon.max_cell:
            pending = None
            continue
        m = pattern.match(piece.replace(" ", ""))
        rest = m.group(2) if m else None
        if rest is not None and (rest == "" or rest[0] in "：:"):
            value = _value_of(piece) if rest else ""
            if value:
                yield lexicon.labels[m.group(1)], value
                pending = None
            else:
                pending = lexicon.labels[m.group(1)]
            continue
        if pending:
            yield pending, piece
        pending = None


def _value_of(piece: str) -> str:
    """The value after a label's colon, its own spaces kept (国家发展改革委 国家能源局)."""
    for colon in ("：", ":"):
        if colon in piece:
            return piece.split(colon, 1)[1].strip()
    return piece


def _strip_site_name(title: str) -> str:
    """标题_网站名 → 标题; 【标题】-网站名 → 标题: the first part that is not a bracket."""
    lexicon = words().html
    title = _tight(title)
    for opening, closing in lexicon.title_brackets:
        if title.startswith(opening) and closing in title:
            return title[1:title.index(closing)].strip()
    for separator in lexicon.title_separators:
        if separator in title:
            head = title.split(separator, 1)[0].strip()
            if len(head) >= 4:
                return _strip_site_name(head)
    return title


@functools.lru_cache(maxsize=1)
def _doc_number_at_end() -> re.Pattern:
    from taizhang.pipeline.lexicon import load

    number = load("document")["doc_number"]
    return re.compile(r"^(?P<title>.{4,200}?)\s{0,2}[（(]" + number + r"[)）]$")


def _split_doc_number(evidence: dict[str, str]) -> None:
    """A CMS title often carries the 发文字号 in brackets: 关于…的通知(发改能源规〔2020〕816号)."""
    title = evidence.get("title")
    if not title:
        return
    m = _doc_number_at_end().match(title)
    if m:
        evidence["title"] = m.group("title").strip()
        evidence.setdefault("doc_number", re.sub(r"[\[［【(（](\d{4})[\]］】)）]", r"〔\1〕",
                                                 m.group("number")))


def _iso_date(value: str) -> str | None:
    """2020年05月28日, 2020-06-08 14:27:34, 2007-08-20-23:59:59 → ISO; None if no whole date."""
    from taizhang.extractors.dates import find_dates, parse_date

    day = parse_date(value)
    if day is None:
        found = find_dates(value[:40])
        day = found[0][2] if found else None
    return day.isoformat() if day else None
