"""Plain-text reports: the encoding is detected (BOM, UTF-8, UTF-16, GB18030, others), never assumed."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from extract.readers.errors import ReadError


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _cjk_ratio(text: str) -> float:
    if not text:
        return 0.0
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    return cjk / len(text)


def _looks_chinese(text: str) -> bool:
    """Real Chinese prose, not random code points: CJK-heavy and with its commonest marks."""
    return _cjk_ratio(text) > 0.2 and any(c in text for c in "的，。、")


def _control_ratio(text: str) -> float:
    """Share of control characters other than whitespace: high for binary data decoded as text."""
    if not text:
        return 0.0
    bad = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    return bad / len(text)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without BOM shows up as many NUL bytes on even or odd positions."""
    if len(data) < 4 or len(data) % 2:
        return None
    even_nuls = data[0::2].count(0)
    odd_nuls = data[1::2].count(0)
    half = len(data) // 2
    # ASCII-heavy text: NULs on one side; CJK-heavy text: no NULs but high-byte patterns
    candidates = []
    if odd_nuls > 0.2 * half and even_nuls < 0.05 * half:
        candidates.append("utf-16-le")
    elif even_nuls > 0.2 * half and odd_nuls < 0.05 * half:
        candidates.append("utf-16-be")
    elif data.count(0) == 0:
        return None
    else:
        candidates += ["utf-16-le", "utf-16-be"]
    for enc in candidates:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        # a clear NUL pattern is strong evidence; without one, the text must read as Chinese
        if _control_ratio(text) == 0 and (len(candidates) == 1 or _looks_chinese(text)):
            return text
    return None


def decode_bytes(data: bytes, file_name: str = "<bytes>") -> Decoded:
    """Detect the encoding of a text report: BOM, UTF-8, UTF-16, GB18030 — never assumed.

    Raises ReadError when the bytes are empty, binary, or no candidate decodes them.
    """
    if not data.strip():
        raise ReadError(file_name, "empty", "file is empty (no text to read)")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(enc), "utf-8-sig" if enc == "utf-8-sig" else enc + ("-bom"))
            except UnicodeDecodeError as exc:
                message = f"has a {enc} byte-order mark but does not decode: {exc}"
                raise ReadError(file_name, "encoding", message) from exc
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return Decoded(utf16, "utf-16")
    if b"\x00" in data:
        raise ReadError(file_name, "binary", "looks binary (NUL bytes), not a text report; convert it to .txt")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        if _control_ratio(text) > 0.01:
            raise ReadError(file_name, "binary", "looks binary (control bytes), not a text report")
        return Decoded(text, "utf-8")
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None and _looks_chinese(text):
        # GBK is a subset of GB18030: report the narrower name when it suffices
        try:
            data.decode("gbk")
            return Decoded(text, "gbk")
        except UnicodeDecodeError:
            return Decoded(text, "gb18030")
    from charset_normalizer import from_bytes  # fallback for Big5 and friends

    best = from_bytes(data).best()
    if best is not None and _looks_chinese(str(best)):
        return Decoded(str(best), best.encoding)
    raise ReadError(
        file_name, "encoding", "could not detect a Chinese text encoding (tried UTF-8, UTF-16, GB18030, others)"
    )
