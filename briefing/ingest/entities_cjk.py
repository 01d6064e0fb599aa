"""Places and foreign people named in Chinese, Japanese or Korean text.

Why this module exists: these scripts put no spaces between words and no capitals on names, so
the cue-based finders cannot see a name. What can be seen are the names the data knows in these
scripts: CLDR's country names (Babel) and the gazetteer's alternate names of larger cities,
found as substrings, longest first ("日本", "東京", "长门" ...). Each is kept as written; its
English name is what lets events and comparisons match it with an English article.

Foreign people are written by sound, their given name and surname joined by a middle dot
("唐纳德·特朗普", "ドナルド・トランプ"): the dot shows the name, and the characters that
spell foreign sounds (a small, fixed set in Chinese; katakana in Japanese) show where it
starts and ends. The name is kept as written; its sound (`translit.sound_key`) is what matches
it with "Donald Trump".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from briefing.ingest.placenames import known_names
from briefing.models import Mention

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
_LONGEST = 8


@lru_cache(maxsize=1)
def _names() -> frozenset[str]:
    return frozenset(n for n in known_names() if 2 <= len(n) <= _LONGEST and _CJK.fullmatch(n[0]))


# Characters Chinese uses to spell foreign names by sound (the Xinhua transliteration table's
# common ones): a run of them beside a middle dot is a name, and the run ends where they do.
_SOUND_HAN = frozenset(
    "阿埃艾爱安昂奥澳巴拔白柏班邦宝保鲍贝倍本比彼毕宾滨波玻伯勃博布步查察柴达戴丹道德登邓"
    "迪狄蒂帝丁东杜顿多厄恩尔法凡范菲费芬丰夫弗福富盖甘冈高戈格葛根贡古瓜圭哈海汉豪赫亨洪"
    "胡华怀霍基吉罕拜加嘉贾杰金京久卡凯坎康考柯科克肯库夸奎昆拉莱赖兰朗劳勒雷蕾黎里利莉丽连莲"
    "林琳伦隆卢鲁路露罗洛玛马迈麦曼芒毛梅门蒙米密明缪摩莫默姆穆纳娜奈南瑙内妮尼涅努诺欧帕"
    "潘庞佩彭皮珀普奇齐契恰乔切钦琴琼丘萨塞赛桑瑟森沙莎尚舍什施史舒斯松苏索塔泰坦汤唐陶特"
    "滕提汀图托瓦万旺威韦维温文沃乌武西希锡夏谢辛欣休雅亚扬耶伊因英尤于宇约泽扎詹卓兹佐"
)
_KATAKANA = re.compile(r"[゠-ヿ]")
_DOT = "·・‧•"
_NAME_PART = 6


def _sound_char(c: str) -> bool:
    return c in _SOUND_HAN or (bool(_KATAKANA.match(c)) and c not in _DOT)


def find_people(paragraphs: Sequence[str]) -> tuple[Mention, ...]:
    """Foreign people named by sound with a middle dot ("唐纳德·特朗普"), most mentioned first."""
    found: Counter[str] = Counter()
    for para in paragraphs:
        i = 0
        while i < len(para):
            if para[i] not in _DOT or i == 0 or not _sound_char(para[i - 1]):
                i += 1
                continue
            start = i
            while start > 0 and i - start < _NAME_PART and _sound_char(para[start - 1]):
                start -= 1
            end = i
            while end < len(para) and para[end] in _DOT:
                part = end + 1
                stop = part
                while stop < len(para) and stop - part < _NAME_PART and _sound_char(para[stop]):
                    stop += 1
                if stop == part:
                    break
                end = stop
            name = para[start:end]
            if any(d in name for d in _DOT):
                found[name] += 1
            i = max(end, i + 1)
    return tuple(
        Mention(name, "person", count)
        for name, count in sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))
    )


def find_places(paragraphs: Sequence[str]) -> tuple[Mention, ...]:
    """Places named in the paragraphs, most mentioned first."""
    names = _names()
    found: Counter[str] = Counter()
    for para in paragraphs:
        i = 0
        while i < len(para):
            if not _CJK.match(para, i):
                i += 1
                continue
            for n in range(min(_LONGEST, len(para) - i), 1, -1):
                piece = para[i : i + n]
                if piece in names:
                    found[piece] += 1
                    i += n
                    break
            else:
                i += 1
    return tuple(
        Mention(name, "place", count)
        for name, count in sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))
    )
