"""bench/make_corpus.py: the benchmark corpus is made of the real reports of tests/corpus/, varied (nothing timed)."""

from __future__ import annotations

import hashlib

import pytest

from bench import make_corpus as mc
from extract.pipeline import process_file

COUNT = 32  # every real report once, two of them twice


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return mc.make_corpus(tmp_path_factory.mktemp("corpus"), COUNT)


def test_every_real_report_is_a_source(corpus):
    sources = {g.source for g in corpus}
    assert sources == {p.name for p in mc.SOURCES.glob("*.txt")}
    assert len(sources) == 30


def test_each_file_is_distinct(corpus):
    assert len({hashlib.sha256(g.path.read_bytes()).hexdigest() for g in corpus}) == COUNT
    real = {hashlib.sha256(p.read_bytes()).hexdigest() for p in mc.SOURCES.glob("*.txt")}
    assert not real & {hashlib.sha256(g.path.read_bytes()).hexdigest() for g in corpus}


def test_the_same_seed_gives_the_same_corpus_another_seed_another(corpus, tmp_path):
    again = mc.make_corpus(tmp_path / "again", COUNT)
    assert [g.path.read_bytes() for g in again] == [g.path.read_bytes() for g in corpus]
    other = mc.make_corpus(tmp_path / "other", COUNT, seed=1)
    assert [g.path.read_bytes() for g in other] != [g.path.read_bytes() for g in corpus]


@pytest.mark.parametrize(("source", "encoding", "crlf", "lines"), [
    ("hailar_district_2016.txt", "gbk", True, True),  # GBK with CRLF
    ("prov_anhui_2026.txt", "utf-8", False, True),  # a web scrape with its menu
    ("shanghai_2020.txt", "utf-8", False, False),  # one single line
])
def test_layout_and_encoding_are_kept(corpus, source, encoding, crlf, lines):
    g = next(g for g in corpus if g.source == source)
    data = g.path.read_bytes()
    original = (mc.SOURCES / source).read_bytes()
    assert g.encoding == encoding and mc.decode(data)[1] == encoding
    assert (b"\r\n" in data) is crlf
    assert data.count(b"\n") == original.count(b"\n") and data.count(b"\r") == original.count(b"\r")
    assert (b"\n" in data) is lines
    if source.startswith("prov_"):
        assert data.startswith("下载\n打印\n全屏\n收藏".encode())


@pytest.mark.parametrize("source", ["hailar_district_2013.txt", "prov_xinjiang_2026.txt", "prov_tianjin_2026.txt",
                                    "shanghai_2023.txt"])
def test_metadata_is_the_intended_one(corpus, source):
    g = next(g for g in corpus if g.source == source)
    real = process_file(mc.SOURCES / source)
    made = process_file(g.path)
    assert (made.meta.region_name, made.meta.admin_level, made.meta.report_year) == (
        g.region, g.admin_level, g.report_year)
    assert g.region != real.meta.region_name
    assert g.report_year == real.meta.report_year + g.year_shift <= mc.MAX_YEAR
    assert made.meta.review_year == real.meta.review_year + g.year_shift
    assert abs(len(made.facts) - len(real.facts)) <= 0.1 * len(real.facts)
    assert not made.warnings


def test_a_region_takes_a_name_of_its_own_kind(corpus):
    kinds = {r.name: r.kind for r in mc.regions()}
    sources = {s.path.name: s for s in mc.load_sources()}
    for g in corpus:
        assert kinds[g.region] == sources[g.source].region.kind


PROVINCE = mc.Region("province", "安徽省", "安徽")
DISTRICT = mc.Region("district", "海拉尔区", "海拉尔", "呼伦贝尔市")


@pytest.mark.parametrize(("old", "new", "shift", "factor", "text", "expected"), [
    (PROVINCE, mc.Region("province", "浙江省", "浙江"), -5, 1.1,
     "我代表安徽省人民政府，2025年安徽地区生产总值97.4亿元，增长13.39%，新增就业200人",
     "我代表浙江省人民政府，2020年浙江地区生产总值107.1亿元，增长14.73%，新增就业220人"),
    (PROVINCE, mc.Region("province", "浙江省", "浙江"), -5, 1.1,
     "“十四五”收官，“十五五”开局，第十五个五年规划", "“十三五”收官，“十四五”开局，第十四个五年规划"),
    (DISTRICT, mc.Region("district", "红山区", "红山", "赤峰市"), 5, 0.9,
     "2016年12月25日在海拉尔区，呼伦贝尔市委和海拉尔人民，第3项，编号007",
     "2021年12月25日在红山区，赤峰市委和红山人民，第3项，编号007"),
    (DISTRICT, mc.Region("district", "扎赉诺尔区", "扎赉诺尔", "呼伦贝尔市"), 10, 1.0,
     "2012年2月29日呼伦贝尔市海拉尔区", "2022年2月28日呼伦贝尔市扎赉诺尔区"),
])
def test_transform(old, new, shift, factor, text, expected):
    assert mc.transform(text, old, mc.Variant(new, shift, factor)) == expected
