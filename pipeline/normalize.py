"""Stage 2: clean the decoded text without ever losing track of where each character came from.

Steps, in order: line ends, control characters, pinyin glosses (區(qū)), mojibake,
full-width forms, traditional → simplified, web/scanner debris lines, markdown
markers, stray spaces, and lines broken inside sentences. Each step returns an
offset map; their chain maps any normalized span back into the source text.
Nothing is invented: what cannot be repaired is kept and reported as a warning.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from taizhang.extractors.markers import heading_start
from taizhang.pipeline.components import component
from taizhang.pipeline.lexicon import load
from taizhang.pipeline.offsets import MapChain, apply_edits
from taizhang.pipeline.segment import segment
from taizhang.pipeline.tables import unflatten
from taizhang.pipeline.unwrap import unwrap

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
IS_CJK = re.compile(f"[{CJK}]")
SCRIPT_SAMPLE = 100_000
#: The head that says whether a text needs a simplified view for the unwrap passes (a page's
#: furniture and labels are at its head; converting 100 KB of every notice for it cost 2%).
VIEW_SAMPLE = 4_000


@dataclass
class Normalized:
    """The cleaned text, the chain mapping it back to the source, and what cleaning found."""

    text: str
    chain: MapChain
    script: str | None
    warnings: list[dict] = field(default_factory=list)
    debris: list[dict] = field(default_factory=list)   # dropped lines: {"kind", "text", "span"}
    evidence: dict[str, dict] = field(default_factory=dict)  # field → {"value", "span"} from wrappers

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.chain.span(start, end)


@component("normalize", requires=("source",),
           assigns=("text", "chain", "script", "paragraphs", "debris", "evidence", "warnings"))
def normalize_stage(notice) -> None:
    """The cleaned text, its offset chain and its logical lines, computed once per notice."""
    found = normalize(notice.source.text)
    notice.text, notice.chain, notice.script = found.text, found.chain, found.script
    notice.paragraphs = paragraphs(found.text)
    notice.debris, notice.evidence = found.debris, found.evidence
    notice.warnings += notice.source.warnings + found.warnings


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every logical line of normalized text."""
    found, pos = [], 0
    for line in text.split("\n"):
        found.append((pos, pos + len(line)))
        pos += len(line) + 1
    return found


def normalize(source: str) -> Normalized:
    """Run every cleaning step over *source* and return the result with its offset chain."""
    chain = MapChain()
    warnings: list[dict] = []
    debris: list[dict] = []
    evidence: dict[str, dict] = {}
    text = source

    def step(result):
        nonlocal text
        new_text, mapping, found = result
        for item in found:      # spans are in this step's input coordinates
            if item.get("span") is not None:
                item["span"] = chain.span(*item["span"])
        chain.push(mapping)
        text = new_text
        return found

    for item in step(unwrap(text)):
        if "evidence" in item:
            known = evidence.get(item["evidence"])
            if known is None or _fuller_title(item, known["value"]):
                evidence[item["evidence"]] = {"value": item["value"], "span": item.get("span")}
        else:
            warnings.append(item)
    step(unify_line_ends(text))
    warnings += step(drop_control_chars(text))
    step(drop_pinyin_glosses(text))
    warnings += step(repair_mojibake(text))
    step(to_halfwidth(text))
    converted, script = to_simplified(text)
    text = converted    # same length: t2s maps character for character
    debris += step(drop_debris_lines(text))
    step(drop_markdown(text))
    warnings += step(unflatten(text))
    step(tidy_spaces(text))
    step(join_broken_lines(text))
    warnings += step(segment(text))
    return Normalized(text=text, chain=chain, script=script, warnings=warnings, debris=debris,
                      evidence=evidence)


def _fuller_title(item: dict, known: str) -> bool:
    """A page's titles in several places (<meta ArticleTitle>, <title>, <h1>): one that names the
    issuer before the one taken first (栖梧市卫生健康委员会 + 关于…的答复函) is the whole title."""
    value = item["value"]
    return item["evidence"] == "title" and len(value) > len(known) and value.endswith(known) \
        and known.startswith("关于")


# --- line ends and control characters ----------------------------------------------

# U+0085 (NEL) is left alone: in Chinese notices it is a byte of UTF-8 read as Latin-1
# (关 = E5 85 B3 → "å\x85³"), which repair_mojibake needs intact.
# (each alternative opens with its character, so that the regex engine skips to them)
LINE_END = re.compile(r"\r\n?|\u2028|\u2029|\x0b|\x0c")


def unify_line_ends(text: str):
    edits = [(m.start(), m.end(), "\n") for m in LINE_END.finditer(text)]
    new, mapping = apply_edits(text, edits)
    return new, mapping, []


_CONTROL_CHAR = r"[\x00-\x08\x0e-\x1f\x7f\u200b-\u200d\u2060\ufeff\u00ad]"
CONTROL = re.compile(f"{_CONTROL_CHAR}{_CONTROL_CHAR}*")   # a run, opening with its class: skipped to


def drop_control_chars(text: str):
    edits = [(m.start(), m.end(), "") for m in CONTROL.finditer(text)]
    found = []
    if edits:
        count = sum(end - start for start, end, _ in edits)
        found.append({"code": "control_chars", "span": (edits[0][0], edits[0][1]),
                      "message": f"removed {count} control or zero-width character(s) "
                                 f"(NUL bytes, BOMs inside the text); first shown by span"})
    new, mapping = apply_edits(text, edits)
    return new, mapping, found


# --- pinyin glosses -----------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _pinyin_gloss() -> re.Pattern:
    tones = load("cleaning")["pinyin_tone_vowels"]
    syllable = f"[a-zü]*[{tones}][a-zü]*"
    # the bracket after a Chinese character (looked back at from behind the bracket, so that
    # the pattern opens with the bracket and the regex engine skips to the brackets)
    return re.compile(f"[(（](?<=[{CJK}][(（]){syllable}[)）]")


def drop_pinyin_glosses(text: str):
    """Web pages sometimes annotate polyphonic characters: 根據(jù) → 根據."""
    if "(" not in text and "（" not in text:
        return text, None, []
    edits = [(m.start(), m.end(), "") for m in _pinyin_gloss().finditer(text)]
    new, mapping = apply_edits(text, edits)
    return new, mapping, []


# --- mojibake ---------------------------------------------------------------------

# UTF-8 read as cp1252/latin-1: a lead byte char followed by continuation-byte chars.
# Two or more such groups, written as one group then more of them so that the pattern opens
# with its lead-byte class: the regex engine then skips to those characters instead of trying
# every position of a Chinese text.
_LATIN_GROUP = ("[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
                "\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]{1,3}")
LATIN_MOJIBAKE = re.compile(f"{_LATIN_GROUP}(?:{_LATIN_GROUP})+")
# UTF-8 read as GBK leaves these characters (from E2 80 xx, E3 80 xx, EF BC xx ...);
# the damaged run is grown around them up to white space, ASCII or real punctuation.
GBK_MARKER = re.compile("[鈥銆锛锟]")
RUN_EDGE = re.compile("[\\s\x00-\x7f，。、“”]")
# GBK bytes read one byte out of step: an ASCII ? (lost lead byte) glued to CJK text.
LOST_BYTES = re.compile(f"\ufffd+|(?<=[{CJK}])\\?[!?]+[{CJK}]?[A-Za-z]?"
                        f"|(?<=[{CJK}])\\?(?=[A-Za-z€])|(?<=[{CJK}])€")
# A lone ? between Chinese characters is a lost byte only where the notice writes its
# punctuation full-width; a notice typed with ASCII punctuation may simply ask a question.
LONE_QUESTION = re.compile(f"(?<=[{CJK}])\\?(?=[{CJK}])")


def repair_mojibake(text: str):
    """Undo mis-decoding where the characters still hold every byte; flag it where they do not."""
    edits, found = [], []
    for m in LATIN_MOJIBAKE.finditer(text):
        fixed = _redecode(m.group(), ("cp1252", "latin-1"))
        if fixed:
            edits += _per_character(m.start(), m.group(), fixed, lambda ch: 1)
            found.append(_warning("mojibake_repaired", m, f"repaired {m.group()!r} → {fixed!r} (UTF-8 read as Latin-1)"))
    for start, end in _gbk_runs(text):
        run = text[start:end]
        part = _gbk_part(run)
        if part:
            i, j, fixed = part
            start, end, run = start + i, start + j, run[i:j]
            edits += _per_character(start, run, fixed, lambda ch: len(ch.encode("gbk")))
            found.append({"code": "mojibake_repaired", "span": (start, end),
                          "message": f"repaired {run!r} → {fixed!r} (UTF-8 read as GBK)"})
        else:
            found.append({"code": "mojibake", "span": (start, end),
                          "message": f"{run!r} looks like UTF-8 read as GBK; kept as is"})
    # every lost-byte form holds a ? or � or €: most notices hold none, and skip the scans
    has_question = "?" in text
    lost = list(LOST_BYTES.finditer(text)) if has_question or "\ufffd" in text or "€" in text else []
    if has_question and text.count("，") > text.count(","):
        lost = sorted(lost + list(LONE_QUESTION.finditer(text)), key=lambda m: m.start())
    for m in lost:
        hint = _realigned_hint(m.group())
        found.append(_warning(
            "mojibake", m,
            f"{text[max(0, m.start() - 2):m.end()]!r}: bytes were lost or read out of step here; "
            f"kept as is{hint}"))
    edits.sort()
    new, mapping = apply_edits(text, edits)
    return new, mapping, found


def _gbk_runs(text: str):
    """Maximal runs of non-ASCII, non-punctuation characters that hold a GBK-mojibake marker."""
    end = 0
    for m in GBK_MARKER.finditer(text):
        if m.start() < end:
            continue
        edge = RUN_EDGE.search(text, m.end())
        end = edge.start() if edge else len(text)
        start = m.start()
        while start > 0 and not RUN_EDGE.match(text, start - 1) and m.start() - start < 64:
            start -= 1
        yield start, end


def _gbk_part(run: str) -> tuple[int, int, str] | None:
    """The longest stretch of *run* that is UTF-8 read as GBK: correct text next to it stays."""
    widths = range(len(run), 1, -1) if len(run) <= 64 else [len(run)]
    for width in widths:
        for i in range(len(run) - width + 1):
            fixed = _redecode(run[i:i + width], ("gbk",))
            if fixed:
                return i, i + width, fixed
    return None


def _per_character(start: int, run: str, fixed: str, size) -> list[tuple[int, int, str]]:
    """One edit per repaired character, over the garbled characters that held its bytes.

    A character maps to the first of them, except the last one, which maps to the run's
    last character: so a span ending inside or at the end of the run covers all of it.
    """
    edits, k, byte, used = [], 0, 0, 0
    for ch in fixed:
        byte += len(ch.encode("utf-8"))
        first = k
        while k < len(run) and used + size(run[k]) <= byte:
            used += size(run[k])
            k += 1
        edits.append((start + first, start + k, ch))
    last_start, _, last = edits.pop()
    end = start + len(run)
    if end - 1 > last_start:
        edits.append((last_start, end - 1, ""))
    edits.append((max(last_start, end - 1), end, last))
    return edits


def _warning(code: str, match: re.Match, message: str) -> dict:
    return {"code": code, "message": message, "span": (match.start(), match.end())}


def _redecode(run: str, encodings) -> str | None:
    for encoding in encodings:
        try:
            fixed = run.encode(encoding).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if fixed and IS_CJK.search(fixed):
            return fixed
    return None


def _realigned_hint(run: str) -> str:
    """For GBK read one byte late, the bytes after the lost one still spell what followed."""
    tail = run.lstrip("?\ufffd").replace("!", "！")
    if not tail:
        return ""
    try:
        data = tail.encode("gbk")[1:]
        realigned = data.decode("gbk", errors="strict")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return ""
    return f" (read in step, the bytes after the lost one give {realigned!r}; not applied)"


# --- full-width forms and traditional characters ---------------------------------------

HALFWIDTH = {cp: cp - 0xFEE0 for cp in list(range(0xFF10, 0xFF1A)) + list(range(0xFF21, 0xFF3B))
             + list(range(0xFF41, 0xFF5B))}
HALFWIDTH[0xFF05] = ord("%")
HALFWIDTH[0x3000] = ord(" ")
HALFWIDTH[0x00A0] = ord(" ")
# the typographic spaces (en, em, thin…: a page pads a signature with them, &ensp;) are spaces
HALFWIDTH.update({cp: ord(" ") for cp in [*range(0x2000, 0x200B), 0x202F, 0x205F]})
# the small form variants (1﹒ 附件﹕, GB/T 9704 typists' and converters' forms) are the
# punctuation they are small forms of: the grammars know 1． and 附件：
SMALL_FORMS = {0xFE50: "，", 0xFE51: "、", 0xFE52: "．", 0xFE54: "；", 0xFE55: "：", 0xFE56: "？", 0xFE57: "！",
               0xFE59: "（", 0xFE5A: "）", 0xFE5D: "〔", 0xFE5E: "〕", 0xFE6A: "%"}
HALFWIDTH.update({cp: ord(form) for cp, form in SMALL_FORMS.items()})
_FULLWIDTH = ("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff05\u3000\u00a0\u2000-\u200a\u202f\u205f"
              "\ufe50-\ufe52\ufe54-\ufe57\ufe59\ufe5a\ufe5d\ufe5e\ufe6a]")  # HALFWIDTH's keys
FULLWIDTH_PRESENT = re.compile(_FULLWIDTH)
FULLWIDTH_RUN = re.compile(f"{_FULLWIDTH}{_FULLWIDTH}*")    # opening with its class: skipped to


def to_halfwidth(text: str):
    """２０２２ → 2022, 1﹒ → 1．: one character for one, so no map is needed.

    Only the runs of full-width forms are translated: str.translate looks every character of
    the text up, and most of a Chinese text has nothing to translate."""
    text = FULLWIDTH_RUN.sub(_halfwidth_run, text)
    return text, None, []


def _halfwidth_run(match: re.Match) -> str:
    return match.group().translate(HALFWIDTH)


@functools.lru_cache(maxsize=2)
def _converter(config: str):
    import opencc  # imported here: `taizhang --help` must not pay for it

    return opencc.OpenCC(config)


def load_converters() -> None:
    """Both converters now. The first notice with traditional characters makes the script check
    (_script) load s2t: 27 MB in 0.09 s. A batch is likely to meet one, and with both loaded
    first its memory no longer depends on whether, or when, it does."""
    _converter("t2s")
    _converter("s2t")


def to_simplified(text: str) -> tuple[str, str | None]:
    """OpenCC t2s character for character; also say whether the source was traditional."""
    converted = _converter("t2s").convert(text)
    if len(converted) != len(text):
        converted = "\n".join(_t2s_same_length(line) for line in text.split("\n"))
    return converted, _script(text, converted)


def _t2s_same_length(line: str) -> str:
    whole = _converter("t2s").convert(line)
    if len(whole) == len(line):
        return whole
    chars = [_converter("t2s").convert(ch) for ch in line]
    return "".join(c if len(c) == 1 else ch for c, ch in zip(chars, line))


def simplified_view(text: str) -> str:
    """*text* in simplified characters, character for character, when it holds traditional
    ones (else *text* itself): what the unwrap passes read page furniture and metadata labels
    on (當前位置, 標　　題：), their edits falling at the same offsets."""
    sample = text[:VIEW_SAMPLE]
    if not IS_CJK.search(sample) or _converter("t2s").convert(sample) == sample:
        return text
    if LATIN_MOJIBAKE.search(sample) or next(iter(_gbk_runs(sample)), None):
        return text         # mis-decoded characters: repair_mojibake must see them as they are
    return to_simplified(text)[0]


def _script(original: str, converted: str) -> str | None:
    """simplified / traditional / mixed, from how many characters each direction would change.

    A sample of the text decides: the script does not change halfway through a notice
    often enough to pay for comparing 30 MB character by character.
    """
    sample, converted = original[:SCRIPT_SAMPLE], converted[:SCRIPT_SAMPLE]
    if not IS_CJK.search(sample):
        return None
    if sample == converted:
        return "simplified"
    traditional = sum(1 for a, b in zip(sample, converted) if a != b)
    back = _converter("s2t").convert(sample)
    simplified = sum(1 for a, b in zip(sample, back) if a != b) if len(back) == len(sample) else 0
    share = traditional / (traditional + simplified)
    if share >= 0.8:
        return "traditional"
    if share <= 0.2:
        return "simplified"
    return "mixed"


# --- debris, markdown, spaces -------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _debris_patterns() -> tuple[re.Pattern, list[tuple[int, str]]]:
    """The debris line patterns as one alternation tried once per line, and (group, kind) of
    each alternative in the lexicon's order: the first kind that matches names the line.

    Every pattern is anchored at the line's start (^), so matching the alternation at the start
    finds what searching each pattern in turn found."""
    parts, groups, group = [], [], 1
    for name, pattern in load("cleaning")["debris_lines"].items():
        if not pattern.startswith("^"):
            raise ValueError(f"debris_lines.{name} must be anchored at the line's start (^)")
        parts.append(f"({pattern})")
        groups.append((group, name))
        group += 1 + re.compile(pattern).groups
    return re.compile("|".join(parts)), groups


def drop_debris_lines(text: str):
    """Drop whole lines that are page furniture; keep their text as evidence (a web date, say)."""
    edits, found = [], []
    debris, kinds = _debris_patterns()
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped and len(stripped) < 200:
            m = debris.match(stripped)
            if m:
                name = next(kind for group, kind in kinds if m.start(group) >= 0)
                end = min(pos + len(line) + 1, len(text))
                edits.append((pos, end, ""))
                found.append({"kind": name, "text": stripped, "span": (pos, pos + len(line))})
        pos += len(line) + 1
    new, mapping = apply_edits(text, edits)
    return new, mapping, found


@functools.lru_cache(maxsize=1)
def _markdown() -> re.Pattern:
    lexicon = load("cleaning")
    inline = "|".join(re.escape(marker) for marker in lexicon["markdown_inline"])
    prefix = lexicon["markdown_line_prefix"].lstrip("^")
    return re.compile(f"{inline}|(?m:^{prefix})")


def drop_markdown(text: str):
    if "**" not in text and "__" not in text and "#" not in text and ">" not in text:
        return text, None, []
    edits = [(m.start(), m.end(), "") for m in _markdown().finditer(text)]
    new, mapping = apply_edits(text, edits)
    return new, mapping, []


TIGHT = f"[{CJK}0-9，。、：；“”‘’（）《》〔〕【】%]"
# Both patterns open with the space they remove and look back after it (the same matches as
# a look-behind before it), so that the regex engine skips to the spaces of the text.
STRAY_SPACE = re.compile(f" (?<={TIGHT} )(?={TIGHT})")
# a run of blanks that starts a line, or one (not preceded by a blank) that ends it; a run is
# tried once, from its start: linear
EDGE_SPACE = re.compile(r"(?m)[ \t](?:(?<=^[ \t])[ \t]*|(?<![ \t][ \t])[ \t]*$)")


def tidy_spaces(text: str):
    """Drop indentation, trailing blanks, and single spaces left inside words by PDF or web copies."""
    edits = [(m.start(), m.end(), "") for m in EDGE_SPACE.finditer(text)]
    for m in STRAY_SPACE.finditer(text):
        before, after = text[m.start() - 1], text[m.end()]
        if not (before.isdigit() and after.isdigit()):
            edits.append((m.start(), m.end(), ""))
    edits.sort()
    new, mapping = apply_edits(text, edits)
    return new, mapping, []


# --- lines broken inside sentences --------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _line_rules():
    lexicon = load("cleaning")
    closing_words = lexicon["closing_words"]
    return {
        "terminal": set(lexicon["terminal_punctuation"]),
        "closing": "".join(lexicon["closing_marks"]),
        "continuation": set(lexicon["continuation_punctuation"]),
        "continued_by": set(lexicon["continued_by"]),
        "min_wrapped": lexicon["min_wrapped_line"],
        "heading": heading_start(),       # heading markers decide where a new line begins
        "label": re.compile(lexicon["label_line"]),
        "attachment_note": re.compile(r"^附\s*件\s*[0-9一二三四五六七八九十]{0,2}\s*[:：]|[。；;]附件[0-9一二三四五六七八九十]{1,2}[:：]"),
        "date_line": re.compile(load("common")["date_line"]),
        "closing_word": re.compile(f"(?:{'|'.join(map(re.escape, closing_words))})$"),
        "pairs": lexicon["bracket_pairs"],
    }


def join_broken_lines(text: str):
    """Join lines that a hard wrap or a copy split inside a sentence; drop blank lines."""
    rules = _line_rules()
    lines = text.split("\n")
    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    filled = [i for i, line in enumerate(lines) if line.strip()]
    pairs = list(zip(filled, filled[1:]))
    blank_gaps = sum(1 for prev, nxt in pairs if nxt - prev > 1)
    long_lines = [(lines[a], lines[b]) for a, b in pairs if len(lines[a]) >= 20]
    unfinished = [prev for prev, nxt in long_lines if not _ends_line(prev, rules)
                  and not rules["heading"].match(prev) and not _starts_line(nxt, rules)]
    layout = {
        "width": _wrap_width([len(line) for line in unfinished], slack=3, enough=3),
        # the same in display columns (a page wraps 建设工期18个月 by width): a tenth of the long
        # lines at least, as three unfinished lines of a thousand (a law's title and 题注) are none
        "columns": _wrap_width([_display_width(line) for line in unfinished], slack=WRAP_SLACK,
                               enough=max(3, len(long_lines) // 10)),
        "blank_separated": bool(pairs) and blank_gaps >= 0.6 * len(pairs),
    }
    edits = []
    for prev, nxt in pairs:
        gap_start, gap_end = starts[prev] + len(lines[prev]), starts[nxt]
        if _is_broken(lines[prev], lines[nxt], nxt - prev > 1, layout, rules):
            edits.append((gap_start, gap_end, ""))
        elif gap_end - gap_start > 1:
            edits.append((gap_start, gap_end, "\n"))
    if filled and starts[filled[0]] > 0:
        edits.insert(0, (0, starts[filled[0]], ""))
    if filled and starts[filled[-1]] + len(lines[filled[-1]]) < len(text):
        edits.append((starts[filled[-1]] + len(lines[filled[-1]]), len(text), ""))
    new, mapping = apply_edits(text, edits)
    return new, mapping, []


#: How much shorter than the page's width a wrapped line may be (display columns: three Han
#: characters), as a line breaks before a word or a number that does not fit.
WRAP_SLACK = 6


def _display_width(line: str) -> int:
    """The columns a line fills on the page: a Han character or full-width mark two, an ASCII
    character one (a page wraps 建设工期18个月 by width, not by characters)."""
    return 2 * len(line) - len(line.encode("ascii", "ignore"))


def _wrap_width(lengths: list[int], slack: int, enough: int) -> int | None:
    """The width of a hard-wrapped notice: *enough* unfinished body lines (their *lengths*, in
    characters or display columns) within *slack* of the same length."""
    from collections import Counter

    counts = Counter(lengths)
    best = None
    for width in counts:
        near = sum(counts.get(length, 0) for length in range(width - slack, width + 1))
        if near >= enough and (best is None or (near, width) > best):
            best = (near, width)
    return best[1] if best else None


def _ends_line(line: str, rules) -> bool:
    """The line closes a sentence, a label, a title, or is a date: what follows is new."""
    unquoted = line.rstrip(rules["closing"])
    if line[-1] in rules["terminal"] or (unquoted and unquoted[-1] in rules["terminal"]):
        return True
    if rules["date_line"].match(line):
        return True
    if NUMBER_LINE_END.search(line):
        return True         # 青政发〔2024〕3号   签发人：李明 / … A: the 文号 line of the 版头
    return bool(rules["closing_word"].search(line)) and not _unbalanced(line, rules)


#: The end of a 版头 line holding the 发文字号: the number, then the 签发人 field or the reply's
#: category letter (A, B…) set apart by spaces, or nothing.
NUMBER_LINE_END = re.compile(r"[〔\[［(（]\s?(?:19|20)[0-9]{2}\s?[〕\]］)）]\s?[0-9]{1,5}\s?号"
                             r"(?:\s{2,}(?:签发人\s?[:：]\s?[\u4e00-\u9fffX]{2,4}|[A-D]类?))?\s*$")


def _closes_a_bracket(line: str, rules) -> bool:
    """The line closes a bracket before it opens one (…）, with no （ before the ）)."""
    for opening, closing in rules["pairs"]:
        shut = line.find(closing)
        if shut >= 0 and (line.find(opening) < 0 or line.find(opening) > shut):
            return True
    return False


def _in_brackets_only(line: str) -> bool:
    """（…） with no bracket closed before the end: the whole line is one note."""
    return line[0] in "（(" and line[-1] in "）)" and "）" not in line[1:-1] and ")" not in line[1:-1]


def _starts_line(line: str, rules) -> bool:
    """The line opens something new: a heading, a field label, a date, a short addressee line."""
    return bool(rules["heading"].match(line) or rules["label"].match(line)
                or rules["date_line"].match(line)
                or (len(line) <= 40 and line[-1] in "：:"))


def _unbalanced(line: str, rules) -> bool:
    return any(line.count(pair[0]) > line.count(pair[1]) for pair in rules["pairs"])


def _is_broken(prev: str, nxt: str, blank_between: bool, layout: dict, rules) -> bool:
    """Whether the break between two lines falls inside a sentence (and should go)."""
    if "\t" in prev or "\t" in nxt:
        return False              # rows of a table
    if "附" in prev and rules["attachment_note"].search(prev):   # (both of its forms hold 附)
        # 附件：1.…2.… (also run into a paragraph) ends its line: the signature follows; unless
        # the title was cut after a conjunction (…组成人员及 / 工作职责)
        return prev[-1] in "及和与、" and not _starts_line(nxt, rules)
    if ("）" in nxt or "》" in nxt or "”" in nxt) and _closes_a_bracket(nxt, rules) and _unbalanced(prev, rules) \
            and (not rules["heading"].match(nxt) or 0 <= nxt.find("）") < 12):
        return True             # （牵头责 / 任单位：区财政局）, （第 / 2、4项）: wrapped inside its brackets
    if _ends_line(prev, rules) or _starts_line(nxt, rules):
        return False
    if _in_brackets_only(prev) and nxt[0] not in rules["continued_by"]:
        return False            # a 题注 (（…会议通过）) or a 附注 (（此件公开发布）) on its own line
    if prev[-1] in rules["continuation"] or nxt[0] in rules["continued_by"] or _unbalanced(prev, rules):
        return True
    width = layout["width"]
    columns = layout.get("columns")
    wrapped = (width is not None and len(prev) >= width - 3) or \
        (columns is not None and _display_width(prev) >= columns - WRAP_SLACK)
    if rules["heading"].match(prev) and "。" not in prev:
        return wrapped            # a heading on its own line ends there unless the page wrapped it
    if len(prev) < rules["min_wrapped"] and not wrapped:
        return not blank_between and layout["blank_separated"] and width is not None
    return True
