"""Stage: the GB/T 9704 elements of a notice (版头, 标题, 主送, 署名, 成文日期, 附件, 版记).

Works on the logical lines normalize built (one element per line, also for flattened
text) and reports, for each element it found, the normalized span it came from. Where
the notice's own text is silent, the evidence its wrapper gave (a web page's meta tags,
a metadata table, a database row's columns) fills the field; the text wins where both
speak, since a page's metadata is often another document's or a crawler's.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from taizhang.extractors.dates import parse_date
from taizhang.pipeline.components import component
from taizhang.pipeline.headings import Heading
from taizhang.pipeline.lexicon import alternation, load
from taizhang.pipeline.segment import TITLE_NOTE, YEAR_NUMBER, addressee_line

SPACES = re.compile(r"[\s\u2000-\u200a\u3000]+")
#: A short note after the 文种 (办法（试行）, 通知（第5号）): the title still ends in its 文种.
TRAILING_NOTE = re.compile(TITLE_NOTE.pattern + "$")
#: The years a plan covers, printed after its 文种: （2025—2027年）, （2024年）, （2023年版）.
PERIOD_NOTE = re.compile(r"[（(](?:19|20)[0-9]{2}年?(?:[—\-－–~～至到](?:(?:19|20)[0-9]{2})?年?)?[版度]?[）)]$")
#: A line that opens with a whole date and goes on (2019年10月24日 东营市…会议通过).
#: A 题注: （2007年6月29日第十届全国人民代表大会常务委员会第二十八次会议通过）.
ADOPTION_NOTE = re.compile(r"[（(](?P<date>(?:[0-9]{4}|[〇○零一二三四五六七八九]{4})\s?年\s?[0-9一二三四五六七八九十]{1,2}\s?月"
                           r"\s?[0-9一二三四五六七八九十]{1,3}\s?日)[^（）()]{2,60}?(?:通过|批准)[）)]")
DATED_NOTE = re.compile(r"[（(]?(?:[0-9]{4}|[〇○零一二三四五六七八九]{4})\s?年\s?[0-9一二三四五六七八九十]{1,2}\s?月\s?[0-9一二三四五六七八九十]{1,3}\s?日\s?\S")


@functools.lru_cache(maxsize=1)
def _patterns() -> dict:
    lexicon = load("document")
    compiled = {key: re.compile(value) for key, value in lexicon.items() if isinstance(value, str)
                and key not in ("title_goes_on",)}
    compiled["kinds"] = sorted(set(lexicon["kinds"]) | set(lexicon["kind_aliases"]), key=len, reverse=True)
    compiled["kind_aliases"] = lexicon["kind_aliases"]
    compiled["record_kinds"] = frozenset(lexicon["record_kinds"])
    compiled["goes_on"] = set(lexicon["title_goes_on"])
    compiled["date_line"] = re.compile(load("common")["date_line"])
    label_of = {label: name for name, labels in lexicon["labeled_fields"].items() for label in labels}
    compiled["label_rank"] = {label: rank for labels in lexicon["labeled_fields"].values()
                              for rank, label in enumerate(labels)}
    compiled["label_of"] = label_of
    # 壹、被纠正机关：… (the fixed parts of a 纠正案 are numbered 壹、贰、参、)
    compiled["labeled"] = re.compile(f"^(?:[壹贰参肆伍]、)?(?P<label>{alternation(label_of)})\\s*[:：]\\s*")
    compiled["body_end"] = re.compile(f"(?:{alternation(lexicon['body_endings'])})$")
    compiled["openers"] = tuple(lexicon["issuer_openers"])
    compiled["recipient_openers"] = tuple(lexicon["recipient_openers"])
    compiled["date_labels"] = tuple(lexicon["date_labels"])
    compiled["head_field_ends"] = tuple(lexicon["head_field_ends"])
    compiled["quantifiers"] = tuple(lexicon["quantifiers"])
    compiled["field_labels"] = re.compile(f"^(?:{alternation(lexicon['head_field_labels'])})\\s*[:：]")
    compiled["extension"] = re.compile(f"\\.(?:{alternation(lexicon['file_extensions'])})$", re.I)
    return compiled


def _date_line(text: str):
    """A line that is a date alone (not a 印发 line's date)."""
    m = _patterns()["date_line"].match(text.strip())
    return m if m and not m.group("printed") else None


@dataclass
class Line:
    start: int
    end: int
    text: str


@dataclass
class DocumentFields:
    title: str | None = None
    kind: str | None = None
    doc_number: str | None = None
    issuer: str | None = None
    recipients: list[str] = field(default_factory=list)
    signed_date: str | None = None
    printed_date: str | None = None
    printed_by: str | None = None
    cc: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    contact: dict | None = None
    warnings: list[dict] = field(default_factory=list)   # spans in normalized offsets

    page_date: str | None = None   # a web page's publication date, as evidence only
    title_span: tuple[int, int] | None = None
    body_start: int = 0            # where the 正文 begins (after 主送)

    @property
    def date(self) -> str | None:
        """The notice's own date, which partial and relative deadlines are resolved against."""
        return self.signed_date or self.printed_date or self.page_date


@component("document", requires=("text", "paragraphs", "spans.heading", "part_starts", "debris", "evidence"),
           assigns=("fields",))
def document_stage(notice) -> None:
    notice.fields = document_fields(notice.text, notice.headings, notice.part_starts, notice.debris,
                                    notice.paragraphs, notice.evidence)


def document_fields(text: str, headings: list[Heading], part_starts: list[int],
                    debris: list[dict], paragraphs: list[tuple[int, int]],
                    evidence: dict | None = None) -> DocumentFields:
    """Find the document elements of a normalized notice."""
    evidence = {key: value["value"] for key, value in (evidence or {}).items()}
    lines = [Line(s, e, stripped) for s, e in paragraphs if (stripped := text[s:e].strip())]
    main_end = part_starts[0] if part_starts else len(text)
    main = [line for line in lines if line.start < main_end]
    first_heading = next((h.start for h in headings if h.part == 0), main_end)
    fields = DocumentFields(page_date=_page_date(debris, evidence))
    labeled = _labeled_fields(lines, fields)
    masthead = _read_head(main, first_heading, fields)
    _fill_from_labels(labeled, fields)
    _title_from_evidence(fields, evidence)
    if fields.title is None and part_starts:
        fields.title = _attachment_title(lines, part_starts[0])
    if not fields.recipients:
        fields.recipients = _run_in_recipients(main, fields)
    fields.kind = _kind(fields.title)
    signature = _read_signature(main, fields, evidence)
    fields.issuer = (signature or masthead or _title_issuer(fields.title)
                     or _clean_issuer(evidence.get("issuer")))
    _read_record_page(lines, fields, labeled)
    pages = _attachment_pages(lines, part_starts)
    fields.attachments = _completed_by_pages(_attachment_list(main), pages) or pages
    if not fields.attachments and evidence.get("attachments"):
        fields.attachments = [_without_extension(evidence["attachments"])]
    if fields.doc_number is None and evidence.get("doc_number"):
        fields.doc_number = canonical_number(evidence["doc_number"])
    fields.contact = _contact(text)
    _edge_warnings(lines, headings, fields)
    return fields


# ---------------------------------------------------------------- labeled fields

def _labeled_fields(lines: list[Line], fields: DocumentFields) -> dict[str, list[Line]]:
    """label：value lines (受文者：, 发文字号：, 正本：, 抄送：…), by the field they give, in the
    order the lexicon lists their labels (正本 before 受文者)."""
    p = _patterns()
    found: dict[str, list[tuple[int, Line]]] = {}
    for line in lines:
        m = p["labeled"].match(line.text)
        if m:
            value = Line(line.start + m.end(), line.end, line.text[m.end():].strip())
            name = p["label_of"][m.group("label")]
            found.setdefault(name, []).append((p["label_rank"][m.group("label")], value))
    return {name: [line for _, line in sorted(values, key=lambda v: v[0])] for name, values in found.items()}


def _fill_from_labels(labeled: dict[str, list[Line]], fields: DocumentFields) -> None:
    """Fields a notice states with labels (the 台湾 函 head: 受文者/发文日期/发文字号/正本)."""
    for line in labeled.get("doc_number", [])[:1]:
        m = _patterns()["doc_number"].search(line.text)
        if m and fields.doc_number is None:
            fields.doc_number = canonical_number(m.group("number"))
    for line in labeled.get("signed_date", [])[:1]:
        d = parse_date(SPACES.sub("", line.text))
        if d and fields.signed_date is None:
            fields.signed_date = d.isoformat()
    for line in labeled.get("recipients", []):
        if not fields.recipients and line.text:
            fields.recipients = split_recipients(line.text)
    for line in labeled.get("title", [])[:1]:
        if line.text and (fields.title is None or (fields.title_span and line.start < fields.title_span[0])):
            fields.title, fields.title_span = line.text, (line.start, line.end)   # 签报名称：关于…的请示


# ---------------------------------------------------------------- head

def _read_head(main: list[Line], first_heading: int, fields: DocumentFields) -> str | None:
    """版头 and 主送: masthead, 发文字号, title lines, addressees; stops at the body."""
    p = _patterns()
    masthead = None
    title_lines: list[Line] = []
    numbered_minutes = False      # a 纪要's name, then its 期号, have been read
    numbered_title = False        # a title, then its 发文字号 under it, have been read
    minutes: Line | None = None   # the masthead line of a 纪要 (…县长办公会议纪要)
    main = _without_shown_title(main)
    main, masthead = _joint_masthead(main)
    for i, line in enumerate(main):
        if line.start >= first_heading:
            break
        text = line.text
        field_end = next((w for w in p["head_field_ends"] if text.endswith(w) and len(text) > len(w)), None)
        if field_end and not title_lines and p["org_line"].match(text[:-len(field_end)]):
            masthead = masthead or text[:-len(field_end)]
            continue          # 中共山东省委办公厅等级: the 明电 form's sender, then its 等级 label
        noise = p["head_noise"].match(text)
        if noise and noise.end() < len(text) and not title_lines and text[noise.end()] not in "：: ":
            text = text[noise.end():].strip()      # 内部事项远航能源…关于…的通知 run together
            if not text:
                continue
        elif noise or (p["labeled"].match(text) and not title_lines):
            if noise and len(title_lines) == 1 and p["org_line"].match(title_lines[0].text) \
                    and p["body_end"].search(title_lines[0].text):
                masthead = masthead or title_lines[0].text      # a 版头 field never stands inside a title:
                title_lines = []        # 国家电网有限公司 / 内部事项 / 关于…: the name above is the masthead
            continue
        order = re.fullmatch(r"(?P<body>[\u4e00-\u9fff]{2,30}令)", text)
        if order and i + 1 < len(main) and re.fullmatch(r"第\s*[0-9]{1,6}\s*号", main[i + 1].text):
            fields.doc_number = canonical_number(text + main[i + 1].text)    # 青山县人民政府令 / 第 12 号
            masthead = masthead or text[:-1]
            continue
        if fields.doc_number and re.fullmatch(r"第\s*[0-9]{1,6}\s*号", text):
            continue
        if not title_lines and _field_line(text):
            continue
        m = p["masthead"].match(text)
        follows_number = _number_follows(main, i)
        if m and not title_lines and masthead is None and (follows_number or not _ends_with_kind(text)):
            masthead = m.group("issuer")
            if text.endswith("纪要"):
                minutes = line        # a 纪要 with no title of its own is named by its masthead
            continue
        if re.fullmatch(r"[A-Za-z0-9\-_./]+", text):
            continue          # a registration code (统一登记号 AHDR-2022-01008)
        title_part, trailing = _split_trailing_number(text)
        if trailing and not title_lines:       # …的通知青政办发〔2023〕21号: the title, its 文号 glued on
            fields.doc_number = fields.doc_number or trailing
            title_lines.append(Line(line.start, line.start + len(title_part), title_part))
            continue
        if title_lines and YEAR_NUMBER.fullmatch(text) and _ends_with_kind(title_lines[-1].text):
            fields.doc_number = fields.doc_number or text
            numbered_minutes = True
            continue          # …会议纪要 over 〔2023〕5号: a 纪要's 期号, no 机关代字
        if numbered_minutes and _names_a_body(text):
            masthead = masthead or text
            continue          # 〔2021〕11号 国网…有限公司: the issuer beside the 期号
        if numbered_minutes and "关于" in text and _ends_with_kind(text):
            title_lines = []  # the 纪要's own title under its masthead name and 期号
            numbered_minutes = False
        number = p["doc_number"].search(text) if len(text) <= 60 else None
        if number and text[number.end():number.end() + 1] in ("）", ")"):
            number = None       # …〔2022〕26号）: a citation whose opening was cut off
        if number and "关于" in text[:number.end()]:
            number = None       # 关于商请会签青政发〔2017〕36号文件…的函: a number the title cites
        if number and title_lines and number.start() == 0 and number.end() == len(text):
            fields.doc_number = fields.doc_number or canonical_number(number.group("number"))
            numbered_title = True
            continue          # the 发文字号 printed under the title (web pages)
        if number and not title_lines and (number.start() == 0 or masthead is None) \
                and not _ends_with_kind(text[:number.start()]):
            fields.doc_number = canonical_number(number.group("number"))
            before = text[:number.start()].strip()
            if before and masthead is None and p["org_line"].match(before):
                masthead = before
            continue
        if (not title_lines and masthead is None and p["org_line"].match(text)
                and _number_follows(main, i) and not _ends_with_kind(text)):
            masthead = text       # the 发文机关标志 without 文件, over the 发文字号
            continue
        if title_lines and _title_complete(title_lines) and text[-1] in "：:" and "。" not in text \
                and len(text) <= 400 and addressee_line(text):
            fields.recipients = split_recipients(text[:-1])
            fields.body_start = line.end
            break
        if "。" in text or text[-1] in "；;，," or len(text) > 120 or _date_line(text) \
                or re.search(r"[：:].", _outside_quotes(text)):
            break           # a sentence, or a 主送 run into one: the body has begun
        if title_lines and DATED_NOTE.match(text):
            break           # 2019年10月24日 …会议通过 under a title: its adoption note, not more title
        if text[-1] in "：:":
            if not title_lines and len(text) <= 400 and addressee_line(text):
                fields.recipients = split_recipients(text[:-1])
                fields.body_start = line.end
            break
        text, trailing = _split_trailing_number(text)
        if trailing and fields.doc_number is None:
            fields.doc_number = trailing
        if title_lines and (text.startswith("关于") or (text.startswith(("印发", "转发"))
                                                       and not title_lines[-1].text.endswith("关于"))):
            # the title's own start: before it only the issuer's name may stand (on one line)
            keep = title_lines[-1:] if p["org_line"].match(title_lines[-1].text) and \
                p["body_end"].search(title_lines[-1].text) else []
            title_lines = keep
        if numbered_title:
            break             # …公开表 / 金罚决字〔2024〕36号 / 行政处罚决定书文号: the title ended over its number
        title_lines.append(Line(line.start, line.start + len(text), text))
        if len(title_lines) > 4:
            title_lines = []
            break
    if minutes is not None and (not title_lines or (len(title_lines) == 1 and p["org_line"].match(title_lines[0].text)
                                                    and not _ends_with_kind(title_lines[0].text))):
        title_lines = [minutes]     # 松阳县人民政府县长办公会议纪要 / 文号 / the office that issued it
    if title_lines:
        joined = "".join(line.text for line in title_lines)
        joined = re.sub(r"^附件[0-9一二三四五六七八九十]?(?=[0-9]{4}年|[\u4e00-\u9fff“《])", "", joined)
        repeated = re.match(r"([\u4e00-\u9fff（）()]{3,30}?)\1(?=[^。，]{0,40}?(?:关于|印发|转发))", joined)
        company = None if repeated else _company_masthead(joined)
        if company:
            masthead = masthead or company
            joined = joined[len(company):]
        if repeated:        # the masthead's name, then the title naming its issuer again
            masthead = masthead or repeated.group(1)
            joined = joined[len(repeated.group(1)):]
        filed = re.match(r"(.{2,40}?)文件(?=关于)", joined)
        if filed:               # 青山县水利局文件关于…: the masthead run into the title
            masthead = masthead or filed.group(1)
            joined = joined[filed.end():]
        if len(joined) <= 200:
            fields.title = joined
            fields.title_span = (title_lines[0].start, title_lines[-1].end)
    return _clean_issuer(masthead)


def _names_a_body(text: str) -> bool:
    """A line that is a body's name alone (青山县水利局), not a title ending in its 文种."""
    p = _patterns()
    return bool(p["org_line"].match(text) and p["body_end"].search(text)) and not _ends_with_kind(text)


def _joint_masthead(main: list[Line]) -> tuple[list[Line], str | None]:
    """The 发文机关标志 of a joint notice: the bodies' names one under another, 文件 set apart
    beside the middle one (鹭川市教育局 / 鹭川市公安局      文件 / 鹭川市市场监督管理局): the
    issuers joined with 、, and the lines left for the rest of the head."""
    p = _patterns()
    for i, line in enumerate(main[:4]):
        m = JOINT_MASTHEAD.fullmatch(line.text)
        if not m:
            continue

        first = i
        while first > 0 and _names_a_body(main[first - 1].text):
            first -= 1
        last = i
        while last + 1 < len(main) and _names_a_body(main[last + 1].text) and last - first < 8:
            last += 1
        if last > first:
            names = [x.text for x in main[first:i]] + [m.group("name")] + [x.text for x in main[i + 1:last + 1]]
            return main[:first] + main[last + 1:], "、".join(names)
    return main, None


#: The middle line of a joint masthead: a name, then 文件 set apart by spaces.
JOINT_MASTHEAD = re.compile(r"(?P<name>[\u4e00-\u9fff（）()]{2,40}?)\s{2,}文件")


def _without_shown_title(main: list[Line]) -> list[Line]:
    """A page shows the title (and its date) above a notice whose 版头 names it again (masthead,
    文号, the title, 主送): the head is read from the notice's own lines."""
    if len(main) < 3 or len(main[0].text) > 120:
        return main
    again = next((k for k in range(1, min(6, len(main))) if main[k].text == main[0].text), None)
    if again is None:
        return main
    start = 1
    while start < again and _date_line(main[start].text):
        start += 1              # the page's date beside the title it shows
    return main[start:]


def _company_masthead(title: str) -> str | None:
    """A company's name standing as masthead before a title whose issuer is one of its own
    departments, named by the company's short form (国家电网有限公司国网设备部关于… → the masthead
    is 国家电网有限公司): the department's name opens with characters of the company's, in order."""
    m = re.match(r"(?P<company>[\u4e00-\u9fff（）()]{2,20}?(?:有限公司|公司|集团))(?P<dept>[\u4e00-\u9fff]{2,12}?)(?=关于)", title)
    if not m:
        return None
    company, dept = m.group("company"), m.group("dept")
    chars = iter(company)
    if all(ch in chars for ch in dept[:2]) and not dept.startswith(company[:2]):
        return company
    return None


def _number_follows(main: list[Line], i: int) -> bool:
    """The 发文字号 is the next line, or the next after a filing class (内部事项) or 份号 line."""
    p = _patterns()
    for line in main[i + 1:i + 3]:
        if p["doc_number"].match(line.text):
            return True
        if not p["head_noise"].match(line.text):
            return False
    return False


def _run_in_recipients(main: list[Line], fields: DocumentFields) -> list[str]:
    """A 主送 run into the first sentence (各片区管理局，各有关单位：为深入贯彻…): the names before
    the first ：, when each of them ends like a body."""
    body_end = _patterns()["body_end"]
    for line in main[:3]:
        m = re.match(r"^([^。：:]{2,150})[：:]", line.text)
        if not m or line.start < fields.body_start:
            continue
        names = split_recipients(m.group(1))
        if names and all(body_end.search(n.rstrip("）)")) or n.endswith("）") for n in names):
            fields.body_start = line.start + m.end()
            return names
    return []


def _field_line(text: str) -> bool:
    """A short `label：value` line of a 版头 (地址：… 承办人：… 档  号：), not a title or 主送."""
    if _patterns()["field_labels"].match(SPACES.sub("", text)):
        return True
    m = re.match(r"^[\u4e00-\u9fff][\u4e00-\u9fff\s]{1,12}[:：]", text)
    if not m:
        return False
    label = SPACES.sub("", text[:m.end() - 1])
    return (len(text) > m.end() or label != text[:m.end() - 1]) and "。" not in text


def _outside_quotes(text: str) -> str:
    """The text with what stands inside 《》 “” （） removed (a colon there is not a field's)."""
    return re.sub(r"《[^《》]*》|“[^“”]*”|（[^（）]*）|\([^()]*\)", "", text)


def _ends_with_kind(text: str) -> bool:
    return _title_kind(text) is not None


def _title_complete(lines: list[Line]) -> bool:
    return _ends_with_kind("".join(line.text for line in lines))


def _split_trailing_number(text: str) -> tuple[str, str | None]:
    """A title line with the 发文字号 glued after it (…的通知国办发〔2019〕3号)."""
    m = re.search(r"[〔\[［【(（](?:19|20)[0-9]{2}[〕\]］】)）]\s?[0-9]{1,5}\s?号$", text)
    if not m:
        return text, None
    head = text[:m.start()]
    for kind in _patterns()["kinds"]:
        at = head.rfind(kind)
        if at >= 0 and 0 < len(head) - at - len(kind) <= 12:
            cut = at + len(kind)
            return text[:cut], canonical_number(text[cut:])
    return text, None


def canonical_number(number: str) -> str:
    """发文字号 with the year in 〔〕 as GB/T 9704 writes it, spaces removed."""
    number = SPACES.sub("", number)
    return re.sub(r"[\[［【(（〔](\d{4})[\]］】)）〕]", r"〔\1〕", number)


def _attachment_title(lines: list[Line], part_start: int) -> str | None:
    """A notice whose head was cut off still names itself at the top of its attachment."""
    for line in lines:
        if line.start <= part_start:
            continue
        text = line.text
        if text[-1] in "。；;：:" or len(text) > 80 or _date_line(text):
            return None
        return text
    return None


def _title_from_evidence(fields: DocumentFields, evidence: dict) -> None:
    """The wrapper's title (page title, metadata 标题, a database's title column) where the text
    gives none, or gives one that is not a whole title (it does not end with its 文种)."""
    title = _clean_title(evidence.get("title"))
    if not title:
        return
    if fields.title is None or (not _ends_with_kind(fields.title) and _ends_with_kind(title)):
        fields.title = title
        fields.title_span = None


def _clean_title(title: str | None) -> str | None:
    if not title:
        return None
    title = title.strip()
    title, _ = _split_trailing_number(title)
    return title or None


def _kind(title: str | None) -> str | None:
    """The record's kind: the 文种 that ends the title if the records name it (not a 请示), or None."""
    kind = _title_kind(title)
    return kind if kind in _patterns()["record_kinds"] else None


def _title_kind(title: str | None) -> str | None:
    """The 文种 that ends the title (答复 and 复函 are 答复函), or None."""
    if not title:
        return None
    p = _patterns()
    title = TRAILING_NOTE.sub("", PERIOD_NOTE.sub("", SPACES.sub("", title))).rstrip("（）()")
    kind = next((kind for kind in p["kinds"] if title.endswith(kind)), None)
    return p["kind_aliases"].get(kind, kind)


def _title_issuer(title: str | None) -> str | None:
    """The issuer a title names: before 关于 (山东省应急管理厅关于…的函), before a year
    (淮安市人民政府2024年…报告), before a 纪要's meeting (…人民政府第八次常务会议纪要), or all but
    the 文种 (台南市政府秘书处函); if it looks like a body."""
    if not title:
        return None
    p = _patterns()
    title = SPACES.sub("", title)
    if title.startswith("关于"):
        return None             # 关于县所对标…的报告: the title names no issuer before its subject
    m = p["title_issuer"].search(title)
    if m:
        issuer = m.group("issuer")
        return issuer if p["body_end"].search(issuer) else None
    m = re.match(r"(.{2,40}?)(?=[0-9]{4}年)", title)
    if m and p["body_end"].search(m.group(1)):
        return m.group(1)
    m = p["masthead"].match(title) if title.endswith("纪要") else None
    if m and p["body_end"].search(m.group("issuer")):
        return m.group("issuer")    # 青河县人民政府第八次常务会议纪要: minutes titled by their masthead
    kind = next((k for k in p["kinds"] if title.endswith(k)), None)
    if kind and p["body_end"].search(title[:-len(kind)]) and p["org_line"].match(title[:-len(kind)]):
        return title[:-len(kind)]
    return None


def _clean_issuer(issuer: str | None) -> str | None:
    if not issuer:
        return None
    # a note in brackets after the name (（平潭综合实验区党工委代章）, （盖章）) is not the name; a
    # second name of the body in them is (安全监察部(保卫部）: one department under two names)
    issuer = re.sub(r"[（(][^（）()]{0,40}(?:代章|代印|盖章|印章|公章|章)[）)]$", "", issuer.strip())
    return "、".join(split_issuers(issuer)) or None


# ---------------------------------------------------------------- names

def split_recipients(text: str) -> list[str]:
    """A 主送/抄送 list split only between bodies: 各省、自治区、直辖市人民政府 is one recipient;
    市委办公室、市政协办公室 are two (the name before 、 is complete)."""
    p = _patterns()
    out: list[str] = []
    for part in p["recipient_separators"].split(text.strip()):
        part = ATTACHMENT_NOTE.sub("", part.strip("。.：: ")).strip()
        if not part:
            continue
        out += _split_at_enumeration_commas(part)
    return out


#: A note after the last recipient on what is sent with it (副本：…本府社会处（均含附件）).
ATTACHMENT_NOTE = re.compile(r"[（(]\s*(?:均|皆)?(?:含|附|不含|无)附件[^（）()]{0,6}[）)]$")


def _split_at_enumeration_commas(part: str) -> list[str]:
    """Split at 、 outside brackets between two complete names: 市城建办、住建局 are two;
    各省、自治区、直辖市人民政府 is one (各省 is a bare level), and so is 县政府有关局办、直属机构
    (有关 ranges over both). A name after 、 that opens with 各, 有关 or a level always stands
    alone once the one before it is complete."""
    p = _patterns()
    openers, quantifiers = p["recipient_openers"], p["quantifiers"]
    pieces, current, depth = [], "", 0
    for i, ch in enumerate(part):
        if ch in "（(《“":
            depth += 1
        elif ch in "）)》”":
            depth = max(0, depth - 1)
        if ch == "、" and depth == 0 and current:
            rest = part[i + 1:]
            nxt = re.split(r"[、]", rest, maxsplit=1)[0]
            last = current.rsplit("、", 1)[-1]
            if _complete_name(last) and (
                    rest.startswith(openers)
                    or (_complete_name(nxt) and not any(q in last[1:] for q in quantifiers))):
                pieces.append(current)
                current = ""
                continue
        current += ch
    if current:
        pieces.append(current)
    return pieces


def _complete_name(name: str) -> bool:
    """A name that stands alone: it ends like a body (…局, …办公室, …单位) or with a bracket, or
    is a 各… collective longer than a bare level (各市防指, not 各县)."""
    body_end = _patterns()["body_end"]
    return (len(name) >= 3 and bool(body_end.search(name))) or name.endswith(("）", ")")) \
        or (name.startswith("各") and len(name) >= 4)


def split_issuers(text: str) -> list[str]:
    """The bodies signing together: separated by spaces or 、, or run together
    (龙岩市工业和信息化局中共龙岩市委…办公室 → two names at 中共, or where the first
    name's place word, or its first two characters, start again: 公司工会公司疫情防控组)."""
    parts = [part for part in re.split(r"[\s、，,]+", text.strip()) if part]
    out: list[str] = []
    for part in parts:
        out += _split_run_together(part)
    return out


def _split_run_together(name: str) -> list[str]:
    p = _patterns()
    body_end = p["body_end"]
    if len(name) < 8:
        return [name]
    place = re.match(r"(?:中共|中国共产党)?([\u4e00-\u9fff]{2,}?[省市县区])", name)
    openers = list(p["openers"]) + ([place.group(), place.group(1)] if place else []) + [name[:2]]
    cuts = [0]
    for i in range(4, len(name) - 3):
        if name.startswith(tuple(openers), i) and body_end.search(name[cuts[-1]:i]):
            cuts.append(i)
    cuts.append(len(name))
    return [name[a:b] for a, b in zip(cuts, cuts[1:])]


# ---------------------------------------------------------------- signature

def _read_signature(main: list[Line], fields: DocumentFields, evidence: dict) -> str | None:
    """署名 and 成文日期: the first date standing alone on a line after an organization's name
    (a （…代章） note may stand between); else a date alone closing the main text."""
    p = _patterns()
    for k, line in enumerate(main):
        m = _date_line(line.text)
        if not m or line.start < fields.body_start:
            continue
        j = k - 1
        while j >= 0 and re.fullmatch(r"[（(][^（）()]{1,40}[）)]", main[j].text):
            j -= 1
        if j < 0:
            continue
        before = main[j].text
        if not p["org_line"].match(before) or _ends_with_kind(before) or _date_line(before) \
                or before.endswith(p["date_labels"]):
            continue
        if fields.signed_date is None:
            fields.signed_date = _date_or_evidence(m.group("date"), line, fields)
        names = [before]
        for above in reversed(main[max(0, j - 6):j]):   # joint issuers, one line each (GB/T 9704)
            if above.start < fields.body_start or not _names_a_body(above.text):
                break
            names.insert(0, above.text)
        return _clean_issuer("、".join(names))
    if fields.signed_date is None:
        closing = _closing_date(main)
        if closing is not None:
            fields.signed_date = _date_or_evidence(closing[0], closing[1], fields)
    if fields.signed_date is None and evidence.get("signed_date"):
        d = parse_date(SPACES.sub("", evidence["signed_date"]))
        fields.signed_date = d.isoformat() if d else None
    if fields.signed_date is None:
        fields.signed_date = _adoption_date(main, fields)
    return None


def _adoption_date(main: list[Line], fields: DocumentFields) -> str | None:
    """A 决议 or 决定 adopted at a meeting is dated in the 题注 under its title
    (（2007年6月29日…会议通过）), when no signature dates it."""
    if fields.title_span is None:
        return None
    below = next((line for line in main if line.start >= fields.title_span[1]), None)
    m = ADOPTION_NOTE.fullmatch(below.text) if below else None
    d = parse_date(SPACES.sub("", m.group("date"))) if m else None
    return d.isoformat() if d else None


def _closing_date(main: list[Line]):
    """A date alone on one of the last lines of the main text (no signer printed)."""
    for line in reversed(main[-4:]):
        m = _date_line(line.text)
        if m:
            return m.group("date"), line
    return None


def _date_or_evidence(written: str, line: Line, fields: DocumentFields) -> str | None:
    """Parse the 成文日期; if characters were lost, take a web page's date only when it agrees."""
    parsed = parse_date(SPACES.sub("", written))
    if parsed:
        return parsed.isoformat()
    digits = re.sub(r"\D", "", written)
    page = fields.page_date
    if page and _is_subsequence(digits, page.replace("-", "")):
        fields.warnings.append({
            "code": "date_repaired",
            "message": f"成文日期 {written!r} has lost characters; the page header's date "
                       f"{page} agrees with what is left and is used",
            "span": (line.start, line.end)})
        return page
    fields.warnings.append({"code": "date_incomplete",
                            "message": f"成文日期 {written!r} is incomplete; left empty",
                            "span": (line.start, line.end)})
    return None


def _page_date(debris: list[dict], evidence: dict) -> str | None:
    """The date a web page or its header gives (时间:2023-07-06 16:16, a 发布日期), as evidence."""
    texts = [item["text"] for item in debris] + [evidence.get("published_date") or ""]
    for text in texts:
        m = re.search(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})", text)
        if m:
            found = parse_date(f"{m.group(1)}年{int(m.group(2))}月{int(m.group(3))}日")
            if found:
                return found.isoformat()
    return None


def _is_subsequence(short: str, long: str) -> bool:
    chars = iter(long)
    return bool(short) and all(ch in chars for ch in short)


# ---------------------------------------------------------------- 版记, attachments

def _read_record_page(lines: list[Line], fields: DocumentFields, labeled: dict[str, list[Line]]) -> None:
    """版记: 抄送 and the 印发机关和印发日期 line (the agency may sit on the line above); a 分送
    list stands for the 主送 where there is none."""
    p = _patterns()
    for line in labeled.get("cc", []):
        if line.text:
            fields.cc = split_recipients(line.text)
    if not fields.recipients:
        for line in labeled.get("distributed", []):
            if line.text:
                fields.recipients = split_recipients(line.text)
    for before, line in zip([None] + lines, lines):
        if not line.text.endswith("发"):
            continue         # the 印发 line ends with 印发: the pattern is spared every other line
        m = p["printed"].match(line.text)
        if m:
            date = parse_date(re.sub(r"\s", "", m.group("date")))
            fields.printed_date = date.isoformat() if date else None
            by = m.group("by").strip()
            if not by and before is not None and p["org_line"].match(before.text):
                by = before.text
            fields.printed_by = by or None


def _attachment_list(main: list[Line]) -> list[str]:
    """附件说明: 附件：title, or 附件：1.title followed by 2.title lines (or all on one line)."""
    p = _patterns()
    titles: list[str] = []
    listing, next_number = False, 1
    for line in main:
        m = p["attachment_label"].match(line.text)
        if m:
            rest = line.text[m.end():].strip()
            items = numbered_items(rest)
            listing = items is not None or not rest
            if items:
                titles += items
                next_number = len(items) + 1
            elif rest:
                titles += _file_names(rest) or [rest]
            continue
        items = numbered_items(line.text, next_number) if listing and "。" not in line.text else None
        if items:
            titles += items
            next_number += len(items)
        else:
            listing = False
    return [_without_extension(SENT_APART.sub("", title.strip().rstrip("。；;")).strip().strip("《》"))
            for title in titles if title.strip()]


#: The note after a listed attachment that it is sent apart or left out (…收集表（另发）, …（略）):
#: no part of its title.
SENT_APART = re.compile(r"\s*[（(]\s*(?:另发|另行印发|另行下发|另附|略|此略|从略|不公开)\s*[）)]$")


#: An item number of a list: 1. 1． 1、 1﹒, and the 1。 of a scan.
ITEM_NUMBER = re.compile(r"\s*([0-9]{1,2})\s*[.．、﹒。]\s*")


def numbered_items(text: str, first: int = 1) -> list[str] | None:
    """The items of a numbered list on one line (1.收文清单2.2023年第一批…清单3.…), cut at its
    numbers in order only: a number out of turn or running on into a decimal (2.5米) stays
    inside its item; a year may follow a number (2.2023年…). None when *text* does not open
    with the number *first*."""
    m = ITEM_NUMBER.match(text)
    if not m or int(m.group(1)) != first:
        return None
    items, start, number = [], m.end(), first + 1
    while True:
        found = _next_number(text, start, number)
        if found is None:
            items.append(text[start:].strip())
            return [item for item in items if item]
        items.append(text[start:found.start()].strip())
        start, number = found.end(), number + 1


def _next_number(text: str, start: int, number: int):
    """Where item *number* opens after *start*: its digits not inside a longer number, then a
    point, then not a digit (a decimal) unless a year follows (2.2023年)."""
    for m in _item_number(number).finditer(text, start):
        after = text[m.end():m.end() + 5]
        if not after[:1].isdigit() or re.match(r"(?:19|20)[0-9]{2}年", after):
            return m
    return None


def _completed_by_pages(listed: list[str], pages: list[str]) -> list[str]:
    """A listed title cut where its line broke (附件：…发展意见 / 落实情况…报告) is the title its
    attachment page prints whole, when that page title goes on from it."""
    def goes_on(page: str, title: str) -> bool:
        rest = page[len(title):]
        return page.startswith(title) and 0 < len(rest) <= 30 and not re.search(r"[：:，,。；;]|附件|注", rest)

    return [next((page for page in pages if goes_on(page, title)), title) for title in listed]


@functools.lru_cache(maxsize=64)
def _item_number(number: int) -> re.Pattern:
    return re.compile(rf"(?<![0-9.．]){number}\s*[.．、﹒]\s*")


def _file_names(text: str) -> list[str]:
    """Attachments named by their files: 如说明 (a.pdf、b.jpg) → a, b."""
    names = re.findall(r"[\w\-]+\.(?:[A-Za-z]{2,4})", text)
    ext = _patterns()["extension"]
    return [_without_extension(n) for n in names if ext.search(n)]


def _without_extension(name: str) -> str:
    return _patterns()["extension"].sub("", name.strip())


def _attachment_pages(lines: list[Line], part_starts: list[int]) -> list[str]:
    """Without an 附件说明, the titles printed on the 附件 pages (附件1 / its title)."""
    p = _patterns()
    titles = []
    for start in part_starts:
        for k, line in enumerate(lines):
            if line.start != start:
                continue
            m = p["attachment_page_label"].match(line.text)
            rest = line.text[m.end():].strip() if m else ""
            if not rest and k + 1 < len(lines):
                rest = lines[k + 1].text
            if rest and len(rest) <= 60 and "。" not in rest:
                titles.append(rest)
            break
    return titles


#: A word each contact pattern's match holds: a notice without it is spared the search (only
#: while the pattern in document.yaml still spells the word out; an edited one is always searched).
CONTACT_NEEDS = {"contact_name": "联系人", "contact_phone": "电话", "contact_email": "@"}


def _contact(text: str) -> dict | None:
    p = _patterns()

    def group(name: str, key: str):
        need = CONTACT_NEEDS[name] if CONTACT_NEEDS[name] in p[name].pattern else ""
        m = p[name].search(text) if need in text else None
        return m.group(key) if m else None

    name, phone, email = group("contact_name", "name"), group("contact_phone", "phone"), \
        group("contact_email", "email")
    if not (name or phone or email):
        return None
    if phone:
        phone = re.sub(r"[—－\s]+", "-", phone)
    return {"name": name, "phone": phone, "email": email}


# ---------------------------------------------------------------- warnings

def _edge_warnings(lines: list[Line], headings: list[Heading], fields: DocumentFields) -> None:
    """Say what could not be read: no title, no headings, a text cut off at either end."""
    if not lines:
        return
    whole = (lines[0].start, lines[-1].end)
    if fields.title is None:
        fields.warnings.append({"code": "no_title", "span": (lines[0].start, lines[0].end),
                                "message": "no title found at the head of the notice (nor in its page's metadata)"})
    if not headings:
        fields.warnings.append({"code": "no_headings", "span": whole,
                                "message": "no numbered headings (一、 （一） 1. （1）) found: the notice "
                                           "gives no sections, and items are read from its paragraphs only"})
    first = lines[0].text
    if first[0] in "，。、；：）)》”" or _unmatched_closer(first):
        fields.warnings.append({"code": "truncated_start",
                                "message": "the text starts inside a sentence: its head is missing",
                                "span": (lines[0].start, lines[0].end)})
    last = lines[-1].text
    p = _patterns()
    if (fields.title is not None and last[-1] not in "。！？!?）)”" and not _date_line(last)
            and not p["printed"].match(last) and not p["org_line"].match(last)
            and not p["attachment_label"].match(last) and not p["contact_phone"].search(last)):
        fields.warnings.append({"code": "truncated_end",
                                "message": "the text ends inside a sentence: its end may be missing",
                                "span": (lines[-1].start, lines[-1].end)})


PAIRS = {")": "(", "）": "（", "〕": "〔", "]": "[", "》": "《", "”": "“"}


def _unmatched_closer(text: str, reach: int = 200) -> bool:
    """A closing bracket with no opening one near the start: the opening was cut off."""
    stack = []
    for ch in text[:reach]:
        if ch in PAIRS.values():
            stack.append(ch)
        elif ch in PAIRS:
            if not stack or stack[-1] != PAIRS[ch]:
                return True
            stack.pop()
    return False
