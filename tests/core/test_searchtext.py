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


def test_terms_lowered_as_a_whole_are_the_terms_each_lowered() -> None:
    """index_terms lowers the joined terms once (issue 15): the same as lowering each
    term, for every letter a term can hold (Latin with its extensions, e.g. İ, whose
    lower case is two characters) and CJK runs beside them."""
    import random
    import re
    import unicodedata

    from bjstc_desktop.core import searchtext

    letters = [chr(c) for c in range(0x20, 0x250)] + ["王", "伟", "海", "〔", "號", "Σ", "ΑΣ", "İ", "ǅ", " "]
    rng = random.Random(15)
    for _ in range(3000):
        text = "".join(rng.choice(letters) for _ in range(rng.randint(1, 30)))
        norm = unicodedata.normalize("NFKC", text)
        out: list[str] = []
        pos = 0
        for m in searchtext._CJK_RUN.finditer(norm):
            out.extend(searchtext._WORD.findall(norm[pos : m.start()]))
            out.extend(searchtext._bigrams(m.group()))
            pos = m.end()
        out.extend(searchtext._WORD.findall(norm[pos:]))
        assert index_terms(text) == " ".join(t.lower() for t in out), text
    assert re.fullmatch(r"[a-z0-9 ]+", index_terms("ABC Def 12"))
