"""Search terms: CJK bigrams so two-character queries hit, quoted terms so no FTS syntax
leaks in, and prefixes only where an officer may still be typing."""

from __future__ import annotations

from bjstc_desktop.core.searchtext import index_terms, match_query


def test_chinese_is_indexed_as_overlapping_bigrams() -> None:
    assert index_terms("海淀区王伟") == "海淀 淀区 区王 王伟"
    assert index_terms("王") == "王"
    assert index_terms("技合〔2026〕12号 91110000600037341L") == "技合 2026 12 号 91110000600037341l"


def test_a_two_character_query_is_one_bigram() -> None:
    assert match_query("王伟") == '"王伟"'
    assert match_query("冰雪装备") == '"冰雪 雪装 装备"'  # a phrase: the bigrams in order


def test_only_the_last_word_is_a_prefix() -> None:
    assert match_query("9111010122") == '"9111010122"*'  # part of a USCC
    assert match_query("量子 12") == '"量子" AND "12"*'
    assert match_query("中介〔2026〕143号") == '"中介" AND "2026" AND "143" AND "号"'
    assert match_query("王") == '"王"*'  # a lone character alone: every name it starts


def test_fts_syntax_never_leaks_in() -> None:
    assert match_query('a" OR b*') == '"a" AND "or" AND "b"*'
    assert match_query("、、！") is None and match_query("") is None
