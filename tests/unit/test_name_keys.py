"""Pinyin search keys of names: initials, full pinyin, every reading, rare characters."""

from __future__ import annotations

from app.domain.name_keys import MAX_COMBINATIONS, name_search_keys, normalise_pinyin_query


def test_common_name_gives_initials_and_full_pinyin() -> None:
    assert name_search_keys("张三") == {"zs", "zhangsan"}


def test_polyphonic_surnames_get_every_reading() -> None:
    zeng = name_search_keys("曾国藩")
    assert {"zengguofan", "cengguofan", "zgf", "cgf"} <= zeng
    shan = name_search_keys("单田芳")
    assert {"shantianfang", "dantianfang", "stf", "dtf"} <= shan


def test_compound_surname() -> None:
    assert {"ouyangxiu", "oyx"} <= name_search_keys("欧阳修")


def test_rare_characters_known_to_pypinyin() -> None:
    assert "liuyan" in name_search_keys("刘䶮")
    assert "wangkun" in name_search_keys("王堃")
    assert "zhangzhe" in name_search_keys("张喆")
    assert "liyue" in name_search_keys("李玥")
    assert "chenyun" in name_search_keys("陈赟")


def test_unknown_characters_are_skipped_not_fatal() -> None:
    keys = name_search_keys("王𠇔明")
    assert "wm" in keys or any(k.startswith("wang") for k in keys)
    assert all(k.isascii() and k.isalpha() and k == k.lower() for k in keys)
    assert name_search_keys("𠇔") == set()
    assert name_search_keys("") == set()


def test_u_umlaut_both_spellings() -> None:
    keys = name_search_keys("吕布")
    assert "lvbu" in keys and "lubu" in keys


def test_combinations_are_capped() -> None:
    # Every character polyphonic: the product would explode without the cap.
    keys = name_search_keys("单曾长行重解")
    assert 0 < len(keys) <= 2 * MAX_COMBINATIONS


def test_query_normalisation() -> None:
    assert normalise_pinyin_query(" Zhang San ") == "zhangsan"
    assert normalise_pinyin_query("xi'an") == "xian"
