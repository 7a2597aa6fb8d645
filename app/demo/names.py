"""Realistic, valid identities for the demo register: names, ID numbers, USCCs, employer names.

Everything draws from a caller's ``random.Random`` so one seed always gives the same register.
Frequencies are rough public figures (王李张刘陈 make up about a third of the population);
what matters for the demo is that searches meet the shapes real registers have: many 王伟,
compound surnames, polyphonic surnames (曾, 单, 解, 区), and rare characters that need
Extension A/B fonts (䶮, 𠇔).
"""

from __future__ import annotations

import random
from bisect import bisect
from datetime import date, timedelta
from itertools import accumulate

from app.domain.validators import USCC_ALPHABET, id_check_char, org_check_char, uscc_check_char


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_SURNAMES = _words(
    "王 7.1 李 7.0 张 6.9 刘 5.4 陈 4.5 杨 3.1 黄 2.3 赵 2.2 吴 2.1 周 2.1 徐 1.7 孙 1.6 马 1.5 "
    "朱 1.4 胡 1.3 郭 1.2 何 1.2 高 1.1 林 1.1 罗 1.1 郑 1.0 梁 1.0 谢 0.8 宋 0.8 唐 0.8 许 0.7 "
    "韩 0.7 冯 0.7 邓 0.7 曹 0.7 彭 0.6 曾 0.6 肖 0.6 田 0.5 董 0.5 袁 0.5 潘 0.5 于 0.5 蒋 0.5 "
    "蔡 0.5 余 0.5 杜 0.5 叶 0.5 程 0.4 苏 0.4 魏 0.4 吕 0.4 丁 0.4 任 0.4 沈 0.4 姚 0.4 卢 0.4 "
    "姜 0.3 崔 0.3 钟 0.3 谭 0.3 陆 0.3 汪 0.3 范 0.3 金 0.3 石 0.3 廖 0.3 贾 0.3 夏 0.3 韦 0.3 "
    "付 0.3 方 0.3 白 0.3 邹 0.3 孟 0.3 熊 0.3 秦 0.3 邱 0.3 江 0.3 尹 0.3 薛 0.2 闫 0.2 段 0.2 "
    "雷 0.2 侯 0.2 龙 0.2 史 0.2 陶 0.2 黎 0.2 贺 0.2 顾 0.2 毛 0.2 郝 0.2 龚 0.2 邵 0.2 万 0.2 "
    "单 0.1 解 0.05 区 0.03 查 0.05 仇 0.03 朴 0.03 覃 0.1 翟 0.1 乐 0.05 缪 0.05 "
    "欧阳 0.06 司马 0.02 诸葛 0.01 上官 0.02 司徒 0.02 东方 0.01 皇甫 0.01 慕容 0.01 令狐 0.01 "
    "夏侯 0.01 尉迟 0.01 长孙 0.01"
)
SURNAMES = tuple(_SURNAMES[0::2])
_SURNAME_CUM = tuple(accumulate(float(w) for w in _SURNAMES[1::2]))

GIVEN_MALE = _words(
    "伟 强 磊 军 勇 杰 涛 斌 超 明 刚 平 辉 鹏 华 飞 鑫 波 宁 浩 凯 健 俊 帆 帅 旭 宇 晨 "
    "建 国 志 文 海 东 林 峰 亮 成 新 永 春 晓 冬 振 立 玉 天 德 庆 兴 长 行 重 朝 乐 家 "
    "子 博 思 远 泽 瑞 昊 然 轩 铭 哲 睿 铁 大 为 中 红 民 荣 福 生 龙 胜 祥 利 光 金"
)
GIVEN_FEMALE = _words(
    "芳 娜 敏 静 丽 艳 娟 霞 燕 玲 婷 雪 慧 颖 琳 晶 萍 红 洁 倩 丹 璐 莉 瑶 欣 怡 悦 "
    "佳 雨 梦 璇 蕾 露 薇 秀 英 华 兰 梅 春 晓 文 思 雅 可 月 彤 诗 琪 妍 嘉 宁 冰 清"
)
# Rare characters real registers hold (Extension A 䶮, Extension B 𠇔, and common "rare" ones).
RARE_GIVEN = ("䶮", "堃", "喆", "玥", "赟", "𠇔", "昇", "燊", "淼", "犇", "鑫", "琤", "珺", "彧", "翀", "曌")
RARE_SHARE = 0.015

# Real county-level address codes (GB/T 2260), several per province.
REGION_CODES = _words(
    "110101 110105 110108 120101 120104 130102 130104 140105 150102 210102 210202 220102 230102 "
    "310101 310104 310115 320102 320505 330106 330212 340104 350102 350203 360102 370102 370202 "
    "410105 420106 420111 430102 440106 440304 440305 450103 460106 500103 500112 510104 510107 "
    "520102 530102 540102 610113 620102 630102 640104 650102"
)
_CITIES = {
    "11": "北京", "12": "天津", "13": "石家庄", "14": "太原", "15": "呼和浩特", "21": "沈阳",
    "22": "长春", "23": "哈尔滨", "31": "上海", "32": "南京", "33": "杭州", "34": "合肥",
    "35": "福州", "36": "南昌", "37": "济南", "41": "郑州", "42": "武汉", "43": "长沙",
    "44": "广州", "45": "南宁", "46": "海口", "50": "重庆", "51": "成都", "52": "贵阳",
    "53": "昆明", "54": "拉萨", "61": "西安", "62": "兰州", "63": "西宁", "64": "银川",
    "65": "乌鲁木齐",
}
_NUMERALS = "一二三四五六七八九十"
_TRADE_WORDS = _words("宏达 恒信 华建 中天 鼎盛 远大 长城 百川 金诚 天成 兴业 安泰 博远 正泰 "
                "华夏 东方 新世纪 城建 建工 路桥 大地 明珠 聚力 同创 启航 筑诚")


def pick_surname(rng: random.Random) -> str:
    return SURNAMES[bisect(_SURNAME_CUM, rng.random() * _SURNAME_CUM[-1])]


def person_name(rng: random.Random, gender: str) -> str:
    pool = GIVEN_MALE if gender == "M" else GIVEN_FEMALE
    surname = pick_surname(rng)
    length = 1 if rng.random() < 0.28 else 2
    given = [rng.choice(pool) for _ in range(length)]
    if rng.random() < RARE_SHARE:
        given[-1] = rng.choice(RARE_GIVEN)
    return surname + "".join(given)


def birth_date(rng: random.Random, today: date, min_age: int = 25, max_age: int = 70) -> date:
    # Latest birth for age >= min_age, earliest for age <= max_age (stays under the next birthday).
    latest = date(today.year - min_age, 1, 1) - timedelta(days=1)
    earliest = date(today.year - max_age, 12, 31) + timedelta(days=1)
    # int(random() * n) rather than randrange: several times faster, and this runs 10^6 times.
    return earliest + timedelta(days=int(rng.random() * ((latest - earliest).days + 1)))


def resident_id(rng: random.Random, region: str, born: date, gender: str) -> str:
    seq = int(rng.random() * 100)
    sex_digit = 2 * int(rng.random() * 5) + (1 if gender == "M" else 0)
    first17 = f"{region}{born:%Y%m%d}{seq:02d}{sex_digit}"
    return first17 + id_check_char(first17)


def mobile(rng: random.Random) -> str:
    return f"1{'3456789'[int(rng.random() * 7)]}{int(rng.random() * 1e9):09d}"


def uscc(rng: random.Random, region: str) -> str:
    # 9 = registered by the market regulator, 1 = enterprise; then address code, org code.
    body = "".join(rng.choice(USCC_ALPHABET[:10] + "ABCDEFGHJKLMNPQRTUWXY") for _ in range(8))
    org = body + org_check_char(body)
    first17 = f"91{region}{org}"
    return first17 + uscc_check_char(first17)


def employer_name(rng: random.Random, region: str, long: bool = False) -> str:
    city = _CITIES[region[:2]]
    word = rng.choice(_TRADE_WORDS)
    n1, n2 = rng.choice(_NUMERALS[:8]), rng.choice(_NUMERALS[:6])
    patterns = (
        f"中建{n1}局第{n2}建设工程有限责任公司",
        f"中铁{n1}局集团第{n2}工程有限公司",
        f"{city}{word}建设集团有限公司",
        f"{city}市{word}建筑设计研究院有限公司",
        f"{city}{word}工程勘察设计有限公司",
        f"{city}{word}市政工程有限公司",
        f"{city}城建{word}路桥工程有限公司",
        f"中国{word}工程咨询有限公司{city}分公司",
        # Long names (> 30 characters) that must not break tables and certificates.
        f"{city}{word}建筑工程设计咨询与全过程工程项目管理服务有限责任公司第{n2}工程分公司",
        f"{city}经济技术开发区{word}城市基础设施建设投资发展（集团）有限责任公司",
    )
    if long:
        return patterns[-1 - int(rng.random() * 2)]
    weights = (8, 6, 14, 10, 10, 10, 8, 6)
    return rng.choices(patterns[:8], weights)[0]
