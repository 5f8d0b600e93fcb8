"""The spans whose digits are never metrics, as one pattern: links, e-mail addresses, file
names, dates, times, stock codes and phone numbers (classify's `protected` reason)."""

from __future__ import annotations

from typing import Any

import regex

from esgcli.numerals import CN_DIGIT_CHARS

_FILE_TYPES = "jpe?g|png|gif|bmp|svg|webp|pdf|docx?|xlsx?|pptx?|html?|shtml"


def protected_pattern() -> Any:
    """Spans whose digits are never metrics: links, addresses, dates, times, codes."""
    cn = f"[{CN_DIGIT_CHARS}]"
    return regex.compile(
        rf"""
          !\[[^\]\n]*+\]\([^)\n]*+\)                         # markdown image
        | \[[^\]\n]*+\]\((?:https?:|www\.)[^)\n]*+\)          # markdown link target
        | (?:https?|ftp)://[^\s)）\]】>"'，。；]++
        | www\.[A-Za-z0-9.-]++[^\s)），。；]*+
        | (?<![A-Za-z0-9._+-])[A-Za-z0-9._+-]++@[A-Za-z0-9-]++(?:\.[A-Za-z0-9-]++)++  # e-mail
        | (?<![A-Za-z0-9_-])[A-Za-z0-9_-]++\.(?:{_FILE_TYPES})\b       # image and file names
        | \d{{4}}[-/.]\d{{1,2}}[-/.]\d{{1,2}}(?!\d)             # 2023-10-19
        | (?<![\d/])(?:19|20)\d\d/\d\d(?![\d/])               # 2025/03, 2023/24
        | \d{{4}}年(?:\d{{1,2}}(?:-\d{{1,2}})?月(?:\d{{1,2}}日)?)?  # 2023年10月19日
        | {cn}{{4}}年(?:{cn}{{1,3}}月(?:{cn}{{1,3}}日)?)?      # 二〇二三年十月
        | \d{{1,2}}月\d{{1,2}}日
        | (?<!\d)\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?!\d)           # 08:43
        | (?<!\d)\d{{6}}\.(?:SH|SZ|BJ|SS)\b | (?<!\d)\d{{4,5}}\.HK\b
        | (?:\+?86[- ]?)?(?<!\d)1[3-9]\d{{9}}(?!\d)            # mobile phone
        | (?<!\d)0\d{{2,3}}-\d{{3,4}}[- ]?\d{{4}}(?!\d)        # landline
        | (?<!\d)[48]00-?\d{{3}}-?\d{{4}}(?!\d)                # hotline
        """,
        regex.X | regex.A,
    )
