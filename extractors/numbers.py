"""Number grammar shared by the date, deadline and figure extractors.

Arabic numbers (with thousands separators and decimals) and Chinese numerals
(小写 一二三, 大写 壹贰叁, positional 二十三 and digit-by-digit 二〇二一).
Only ever applied to a number already isolated by a pattern: converting
running text would rewrite headings such as 三、 and words such as 统一.
"""
from __future__ import annotations

CN_DIGITS = {
    "零": 0, "〇": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
    "壹": 1, "贰": 2, "貳": 2, "叁": 3, "參": 3, "肆": 4, "伍": 5, "陆": 6, "陸": 6,
    "柒": 7, "捌": 8, "玖": 9, "幺": 1,
}
CN_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
CN_BIG_UNITS = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}


def parse_cn_int(text: str) -> int | None:
    """Value of a Chinese numeral such as 二十三, 一百零五, 三万五千, 二〇二一; None if malformed."""
    if not text:
        return None
    if CN_DIGITS.keys() >= set(text):
        if len(text) == 1:
            return CN_DIGITS[text]
        # digit-by-digit (years, codes): 二〇二一 → 2021
        return int("".join(str(CN_DIGITS[ch]) for ch in text))
    total = 0      # completed 万/亿 groups
    section = 0    # current group below 万
    digit = None   # pending digit
    for ch in text:
        if ch in CN_DIGITS:
            if digit is not None and CN_DIGITS[ch] != 0:
                return None  # two digits in a row in a positional numeral
            digit = CN_DIGITS[ch] if CN_DIGITS[ch] != 0 else None
        elif ch in CN_SMALL_UNITS:
            section += (1 if digit is None else digit) * CN_SMALL_UNITS[ch]
            digit = None
        elif ch in CN_BIG_UNITS:
            section += digit or 0
            digit = None
            if section == 0 and total == 0:
                return None
            if CN_BIG_UNITS[ch] > 10_000:   # 亿 scales everything before it: 一万亿
                total = (total + section) * CN_BIG_UNITS[ch]
            else:
                total += section * CN_BIG_UNITS[ch]
            section = 0
        else:
            return None
    return total + section + (digit or 0)


def parse_arabic(text: str) -> int | float | None:
    """Value of an Arabic number such as 1,234.5 or 27157.41; ints stay ints."""
    cleaned = text.replace(",", "").replace("，", "").replace(" ", "")
    if not cleaned or cleaned.count(".") > 1:
        return None
    try:
        return float(cleaned) if "." in cleaned else int(cleaned)
    except ValueError:
        return None


def parse_number(text: str) -> int | float | None:
    """Arabic or Chinese numeral, whichever *text* is."""
    if not text:
        return None
    if text[0].isdigit():
        return parse_arabic(text)
    return parse_cn_int(text)
