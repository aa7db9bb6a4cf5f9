"""One report, end to end in memory: read → clean → describe (region parts) → split → facts.

Pure Python (no Airflow, no DuckDB): the DAG calls `process_file` per report of a batch and
writes the records; the CLI (`python -m extract FILE`) prints one report's facts.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from extract.clean import clean
from extract.describe import UNKNOWN_REGION, describe, region_from_file_name, set_region
from extract.keywords import keyword_rows
from extract.read import RawDocument, ReadError, ReadLimits, content_hash, read_document
from extract.records import CleanedText, FactMention, RegionParts, ReportMeta, Section
from extract.region import region_parts
from extract.report_check import not_a_report_reason
from extract.split import split_sections

# records changed (keywords, region parts): a warehouse of an older version re-extracts its reports
EXTRACTOR_VERSION = "5"


@dataclass
class ProcessedReport:
    raw: RawDocument
    cleaned: CleanedText
    meta: ReportMeta
    sections: list[Section]
    facts: list[FactMention]
    warnings: list[str] = field(default_factory=list)
    region: RegionParts = field(default_factory=RegionParts)  # the parts of meta.region_name

    @property
    def report_id(self) -> str:
        """Content-derived id: the same bytes always give the same report id."""
        return report_id_of(self.raw.content_hash)

    def records(self) -> dict[str, Any]:
        """JSON-serialisable rows for the raw layer (reports, sections, fact_mentions, section_keywords; the
        record key of each table is ingest.intake.raw_schema.RECORD_TABLES). The keywords are computed here, not in
        process_text: a caller that wants the facts only does not pay for them."""
        rid = self.report_id
        report = {
            "report_id": rid,
            "content_hash": self.raw.content_hash,
            "file_name": self.raw.file_name,
            "encoding": self.raw.encoding,
            "source_format": self.raw.source_format,
            "size_bytes": self.raw.size_bytes,
            "original_text": self.raw.text,
            "cleaned_text": self.cleaned.text,
            "paragraph_count": len(self.cleaned.paragraphs),
            "extractor_version": EXTRACTOR_VERSION,
            "warnings": self.warnings,
            **asdict(self.meta),
            **asdict(self.region),
        }
        sections = [{"report_id": rid, **asdict(s)} for s in self.sections]
        keywords = keyword_rows(rid, self.cleaned.text, self.sections)
        return {"report": report, "sections": sections, "facts": self.fact_rows(), "keywords": keywords}

    def fact_rows(self) -> list[dict[str, Any]]:
        """The raw.fact_mentions rows of the report."""
        rid = self.report_id
        return [{"report_id": rid, "mention_no": n, **f.to_dict(), "fact_id": fact_id_of(rid, f)}
                for n, f in enumerate(self.facts)]


def report_id_of(sha256_hex: str) -> str:
    return sha256_hex[:16]


def fact_id_of(report_id: str, fact: FactMention) -> str:
    """Stable across re-runs: derived from the report and where and what the fact is."""
    import hashlib

    key = "|".join(str(x) for x in (report_id, *_fact_key(fact)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def _fact_key(fact: FactMention) -> tuple:
    return (fact.kind, fact.char_start, fact.char_end, fact.metric_name, fact.value, fact.change_value)


def distinct_facts(facts: list[FactMention]) -> list[FactMention]:
    """One fact per identity (the fields of its fact_id): of two readings of the same statement at the same
    place (达到A%左右 read once with its unit and once without), the one that says more is kept, in the first's
    position. The fact_id is the raw table's primary key, so a duplicate would break the load."""
    kept: dict[tuple, FactMention] = {}
    for fact in facts:
        key = _fact_key(fact)
        if key not in kept or _filled(fact) > _filled(kept[key]):
            kept[key] = fact
    return list(kept.values())


def _filled(fact: FactMention) -> int:
    return sum(v is not None for v in fact.to_dict().values())


def process_text(text: str, file_name: str, raw: RawDocument | None = None) -> ProcessedReport:
    from extract.facts import extract_facts  # the extractor loads jieba lazily

    if raw is None:
        data = text.encode("utf-8")
        raw = RawDocument(file_name, content_hash(data), len(data), "utf-8", text)
    cleaned = clean(text)
    if not cleaned.text:
        raise ReadError(file_name, "empty", "has no text after cleaning")
    meta = describe(cleaned.text)
    warnings = _complete_region(meta, file_name)
    sections = split_sections(cleaned, meta, report_key=report_id_of(raw.content_hash))
    reason = not_a_report_reason(cleaned.text, meta, sections)
    if reason is not None:
        raise ReadError(file_name, "not_a_report", reason, stage="check")
    facts = distinct_facts(extract_facts(cleaned.text, sections, meta))
    if not any(f.kind == "target" for f in facts):
        warnings.append("no targets found")
    return ProcessedReport(raw, cleaned, meta, sections, facts, warnings, region_parts(meta.region_name))


def _complete_region(meta: ReportMeta, file_name: str) -> list[str]:
    """A report without a region in its text: the file name's, else 未知 — each with a warning that says so."""
    if meta.region_name is not None:
        return []
    set_region(meta, region_from_file_name(file_name))
    if meta.region_name is not None:
        return [f"region {meta.region_name} taken from the file name (the text names none): check it"]
    meta.region_name = meta.region_path = UNKNOWN_REGION
    return [f"region not found in the text or the file name: loaded as {UNKNOWN_REGION}; add the title line "
            "(…政府工作报告) or the dateline to the file, or name the file after the region"]


def process_file(path: str | Path, limits: ReadLimits | None = None, name: str | None = None) -> ProcessedReport:
    raw = read_document(path, limits, name)
    return process_text(raw.text, raw.file_name, raw)
