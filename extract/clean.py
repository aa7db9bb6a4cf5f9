"""Text → cleaned text: paragraphs re-joined, page markers dropped, stray spaces removed.

Every cleaned character keeps the offset of the original character it came from, so a fact
found in the cleaned text can always be traced back to the file.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable

from extract.records import CleanedText

# page markers as PDF extraction leaves them: "- 22 -", "— 3 —", "－5－", "第 3 页", "3/40"
_PAGE_MARKER = re.compile(r"^[-—–－~～]\s*\d{1,4}\s*[-—–－~～]$|^第\s*\d{1,4}\s*页(\s*[/，,]?\s*共\s*\d+\s*页)?$")
_SENTENCE_END = set("。！？!?；;：:")
_CLOSERS = set("”’」』）)》")
# a new paragraph starts at these heading markers
_HEADING_START = re.compile(r"^(?:[一二三四五六七八九十]{1,3}[、是]|（[一二三四五六七八九十]{1,3}）"
                            r"|\([一二三四五六七八九十]{1,3}\)|第[一二三四五六七八九十]{1,3}[部章节]分?|[0-9]{1,2}[.．、](?![0-9]))")
# what can only continue a sentence: a magnitude or unit after a number, or mid-sentence punctuation
_CONTINUATION = re.compile(r"^(?:[，、；）)”%％]|[万亿千百]?(?:元|美元|人|户|亩|个|家|项|吨|公里|平方米|场|次)|[万亿])")
_MID_SENTENCE = set("，、,（(“")  # a line ending here cannot end a paragraph
_SUBSCRIPT = re.compile(r"[_^]\{([^{}]{1,12})\}")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")


def _fold_width(ch: str) -> str:
    """Full-width ASCII letters, digits and a few signs → half-width; ideographic space → space."""
    code = ord(ch)
    if ch == "\u3000" or ch in "\t\r\f\v\xa0":
        return " "
    if 0xFF10 <= code <= 0xFF19 or 0xFF21 <= code <= 0xFF3A or 0xFF41 <= code <= 0xFF5A:
        return chr(code - 0xFEE0)
    if ch in "％．＋＜＞＝":
        return chr(code - 0xFEE0)
    return ch


# the same folding as one table for str.translate (a per-character Python call was a tenth of the extraction time)
_FOLD_TABLE = {code: _fold_width(chr(code)) for code in (0x3000, 9, 13, 12, 11, 0xA0, *range(0xFF01, 0xFF5F))
               if _fold_width(chr(code)) != chr(code)}
_NARROW = re.compile(r"[\x00-\u2e7f]")  # half-width for the line-width estimate: below the CJK blocks


def _width(line: str) -> float:
    """Display width of a line without its whitespace: CJK characters 1, others 0.5."""
    text = "".join(line.split())  # str.split() drops exactly the str.isspace() characters
    narrow = len(_NARROW.findall(text))
    return 0.5 * narrow + (len(text) - narrow)


class _Buf:
    """Characters with their source offsets."""

    __slots__ = ("chars", "offs")

    def __init__(self, chars: list[str] | None = None, offs: list[int] | None = None) -> None:
        self.chars = chars or []
        self.offs = offs or []

    @property
    def text(self) -> str:
        return "".join(self.chars)

    def sub(self, pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str]) -> _Buf:
        text = self.text
        out = _Buf()
        pos = 0
        for m in pattern.finditer(text):
            out.chars += self.chars[pos : m.start()]
            out.offs += self.offs[pos : m.start()]
            new = repl(m)
            anchor = self.offs[m.start()] if m.start() < len(self.offs) else (self.offs[-1] if self.offs else 0)
            out.chars += list(new)
            out.offs += [anchor] * len(new)
            pos = m.end()
        out.chars += self.chars[pos:]
        out.offs += self.offs[pos:]
        return out


def _is_page_marker(line: str) -> bool:
    return bool(_PAGE_MARKER.match(line.replace(" ", "")) or _PAGE_MARKER.match(line))


# one-line layouts (data sets, spreadsheets, copy-paste) separate paragraphs by a run of spaces instead of a line
# break: two or more whitespace characters, one after a sentence end, or one before the salutation 各位代表
_INLINE_BREAK = re.compile(r"\s{2,}|(?<=[。！？!?：:；;])\s|\s(?=各位代表[：:，,])")
INLINE_MIN_CHARS = 500  # a line this long that holds inline breaks is a whole page of paragraphs
INLINE_MIN_BREAKS = 3


def split_inline_paragraphs(line: str) -> list[tuple[str, int]]:
    """A long line holding paragraphs separated by runs of spaces → (piece, offset in the line).

    >>> page = "各位代表：  现在，我代表市人民政府报告工作。　　一、2019年工作回顾" + "　　全市经济稳中有进。" * 50
    >>> split_inline_paragraphs(page)[:2]
    [('各位代表：', 0), ('现在，我代表市人民政府报告工作。', 7)]
    >>> len(split_inline_paragraphs("各位代表：  现在，我代表市人民政府报告工作。"))
    1

    A line shorter than INLINE_MIN_CHARS, or with fewer than INLINE_MIN_BREAKS breaks, is one piece.
    """
    breaks = list(_INLINE_BREAK.finditer(line)) if len(line) >= INLINE_MIN_CHARS else []
    if len(breaks) < INLINE_MIN_BREAKS:
        return [(line, 0)]
    pieces, pos = [], 0
    for m in breaks:
        pieces.append((line[pos:m.start()], pos))
        pos = m.end()
    pieces.append((line[pos:], pos))
    return [(piece, start) for piece, start in pieces if piece.strip()]


def _lines(text: str) -> list[tuple[str, int]]:
    """Non-empty, stripped, width-folded lines with the offset of their first character."""
    out = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        for piece, offset in split_inline_paragraphs(raw.rstrip("\r\n")):
            folded = piece.translate(_FOLD_TABLE)
            stripped = folded.strip()
            if stripped and not _is_page_marker(stripped):
                lead = len(folded) - len(folded.lstrip())
                out.append((stripped, pos + offset + lead))
        pos += len(raw)
    return out


def _ends_sentence(line: str) -> bool:
    return line.rstrip("".join(_CLOSERS))[-1:] in _SENTENCE_END


def _continues(line: str, next_line: str | None) -> bool:
    """A sentence cut by a page break: 外资到位额18.24 | 亿美元，…  or  …1.5 | 万场、…  or  …1.28万亿元， | 增长5.3%"""
    if next_line is None or _ends_sentence(line) or _HEADING_START.match(next_line.replace(" ", "")):
        return False
    return line[-1:] in _MID_SENTENCE or bool(_CONTINUATION.match(next_line))


def _ends_paragraph(line: str, next_line: str | None, full_width: float) -> bool:
    if next_line is None:
        return True
    if _continues(line, next_line):
        return False
    last = line.rstrip("".join(_CLOSERS))[-1:] if line.rstrip("".join(_CLOSERS)) else ""
    if last in _SENTENCE_END:
        return True
    if _HEADING_START.match(next_line.replace(" ", "")):
        return True
    if (_HEADING_START.match(line.replace(" ", "")) and not any(c in _SENTENCE_END for c in line)
            and last not in "，、" and _width(line) < 0.9 * full_width):
        return True  # a numbered heading line of its own (a full-width line is a list item that wraps on)
    if line.endswith("会议上"):
        return True  # the dateline under the title
    return _width(line) < 0.8 * full_width


def _splits_number(last_char: str, next_line: str) -> bool:
    """A number cut by a PDF line wrap ("总投资63" | "5亿元", "增长1." | "5%"): joined without a space."""
    first, second = next_line[:1], next_line[1:2]
    digit = last_char.isascii() and last_char.isdigit()
    if digit and (first.isdigit() or (first == "." and second.isdigit())):
        return True
    return last_char == "." and first.isascii() and first.isdigit()


_SPACES = re.compile(r"\s+")  # \s is str.isspace() for str patterns


def _remove_spaces(buf: _Buf) -> _Buf:
    """Drop whitespace except between two ASCII letters/digits (keeps '1 300', 'A 3' apart)."""
    text = buf.text
    out = _Buf()
    pos = 0
    for m in _SPACES.finditer(text):
        i, j = m.span()
        out.chars += buf.chars[pos:i]
        out.offs += buf.offs[pos:i]
        before = text[i - 1] if i else ""
        after = text[j] if j < len(text) else ""
        if before and after and _ASCII_WORD.match(before) and _ASCII_WORD.match(after):
            out.chars.append(" ")
            out.offs.append(buf.offs[i])
        pos = j
    out.chars += buf.chars[pos:]
    out.offs += buf.offs[pos:]
    return out


def clean(text: str) -> CleanedText:
    """Clean PDF- or web-extracted report text.

    Paragraphs are separated by a single "\\n" in the result; `source_offsets[i]` is the
    offset in `text` of cleaned character i.
    """
    lines = _lines(text)
    if not lines:
        return CleanedText(text="", paragraphs=(), source_offsets=())
    widths = sorted(_width(s) for s, _ in lines)
    # the width of a full line: a high percentile, robust to a few overlong lines
    full_width = widths[min(len(widths) - 1, int(len(widths) * 0.9))]
    if len(widths) > 10:
        full_width = max(full_width, statistics.median(widths[len(widths) // 2 :]))

    # web layouts put one paragraph on a line: most lines end a sentence; never join them
    ended = [s for s, _ in lines if _width(s) > 12]
    one_per_line = len(ended) >= 3 and sum(1 for s in ended if _ends_sentence(s)) > 0.6 * len(ended)

    paragraphs: list[_Buf] = []
    current = _Buf()
    for idx, (line, start) in enumerate(lines):
        nxt = lines[idx + 1][0] if idx + 1 < len(lines) else None
        if current.chars and not _splits_number(current.chars[-1], line):
            # join a wrapped line: a space only between ASCII words, removed later otherwise
            current.chars.append(" ")
            current.offs.append(start)
        current.chars += list(line)
        current.offs += list(range(start, start + len(line)))
        if (one_per_line and not _continues(line, nxt)) or _ends_paragraph(line, nxt, full_width):
            paragraphs.append(current)
            current = _Buf()
    if current.chars:
        paragraphs.append(current)

    out_chars: list[str] = []
    out_offs: list[int] = []
    spans: list[tuple[int, int]] = []
    for para in paragraphs:
        para = para.sub(_SUBSCRIPT, lambda m: m.group(1))
        para = _remove_spaces(para)
        if not para.chars:
            continue
        if out_chars:
            out_chars.append("\n")
            out_offs.append(para.offs[0])
        start = len(out_chars)
        out_chars += para.chars
        out_offs += para.offs
        spans.append((start, len(out_chars)))
    return CleanedText(text="".join(out_chars), paragraphs=tuple(spans), source_offsets=tuple(out_offs))


def paragraph_texts(cleaned: CleanedText) -> list[str]:
    return [cleaned.text[s:e] for s, e in cleaned.paragraphs]
