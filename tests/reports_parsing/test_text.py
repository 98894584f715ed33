"""Reading a report file: Word or text in UTF-8 or GBK; hostile files refused in Chinese."""

import pytest

from indicators.excel.reader import UploadError
from indicators.reports.parsing.naming import town_from, year_from_name, year_from_text
from indicators.reports.parsing.text import report_text

from .corpus import read


def test_gbk_and_utf8_text_read_the_same():
    assert report_text("a.txt", read("gbk.txt")) == read("chinese.txt").decode()


def test_utf8_with_a_byte_order_mark_reads_without_it():
    assert report_text("a.txt", "\ufeff安装路灯".encode()) == "安装路灯"


def test_a_word_document_reads_as_its_paragraphs():
    text = report_text("a.docx", read("reference.docx"))
    assert "安装路灯450盏" in text


@pytest.mark.parametrize(
    ("name", "content", "code", "message"),
    [
        ("binary.txt", read("binary.txt"), "undecodable", "既不是 UTF-8 也不是 GBK"),
        ("word_renamed.docx", read("word_renamed.docx"), "not_docx", "不是 Word 文档"),
        ("zip_bomb.docx", read("zip_bomb.docx"), "zip_bomb", "解压后过大"),
        ("old.doc", b"\xd0\xcf\x11\xe0" + b"\0" * 100, "legacy_doc", "旧版 Word"),
        ("empty.txt", b"", "empty", "文件是空的"),
        ("big.txt", b"a" * (5 * 1024 * 1024 + 1), "too_large", "文件太大"),
        ("photo.jpg", b"\xff\xd8\xff", "not_report", "无法识别这个文件"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_with_its_own_message(name, content, code, message):
    with pytest.raises(UploadError) as refused:
        report_text(name, content)
    assert refused.value.code == code
    assert message in refused.value.message


class Town:
    def __init__(self, pk, name):
        self.pk, self.name = pk, name


TOWNS = [Town("1", "龙潭镇"), Town("2", "煤岭镇"), Town("3", "青山乡")]


def test_town_and_year_are_read_from_the_file_name():
    assert town_from("龙潭镇2021年工作报告.docx", "", TOWNS).name == "龙潭镇"
    assert town_from("青山_2020.txt", "", TOWNS).name == "青山乡"
    assert year_from_name("龙潭镇2021年工作报告.docx") == 2021


def test_the_town_the_text_names_most_is_its_town_and_a_tie_is_none():
    assert town_from("report.txt", "煤岭镇……煤岭镇……龙潭镇", TOWNS) is None
    assert town_from("report.txt", "煤岭镇……煤岭镇……煤岭镇……龙潭镇", TOWNS).name == "煤岭镇"


def test_a_file_name_that_names_two_towns_names_none():
    assert town_from("龙潭镇与煤岭镇.txt", "", TOWNS) is None


def test_the_year_is_the_one_the_text_names_most():
    assert year_from_text("2021年，……二〇二一年……2020年") == 2021
    assert year_from_text("过去一年") is None


def test_a_text_full_of_numbers_is_refused_before_it_costs_much():
    from indicators.reports.parsing import report_parse
    from indicators.reports.parsing.service import file_specs

    with pytest.raises(UploadError) as refused:
        report_parse(text="建成集镇公厕3座，" * 3000, specs=file_specs())
    assert refused.value.code == "too_many_numbers"
