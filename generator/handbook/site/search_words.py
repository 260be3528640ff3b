"""The words search matches, cut the same way when a page is indexed and when a reader types.

The search worker (`theme/assets/handbook-search.js`: `fold`, `words`, `stem`) mirrors these
rules line for line: a word typed must become the very term its page was indexed under, so any
change here changes there too (tests/test_search.py runs both over the same words).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator

# letters and digits in any script (JavaScript: [\p{L}\p{N}]+); marks are folded away first
_WORD = re.compile(r"[^\W_]+")
_BEYOND_ASCII = re.compile(r"[^\x00-\x7f]")
# scripts written without spaces between words (Thai, Lao, Myanmar, Khmer, Japanese, Chinese,
# Korean): each character is a word of its own
_UNSPACED = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf"
                       "\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def fold(text: str) -> str:
    """Lower case without marks: "Café" and "cafe" are one word to a reader typing on a phone,
    as are "العَرَبِيَّة" and "العربية". A symbol ends a word first ("Acme™" is "acme", not
    "acmetm"), and Korean syllables are put together again after their decomposition.
    JavaScript takes the same steps: symbols are category S, marks category M."""
    if text.isascii():
        return text.lower()
    spaced = _BEYOND_ASCII.sub(_unsymbolled, text.lower())
    decomposed = unicodedata.normalize("NFKD", spaced)
    return unicodedata.normalize("NFC", _BEYOND_ASCII.sub(_unmarked, decomposed))


def _unsymbolled(found: re.Match[str]) -> str:
    return " " if unicodedata.category(found.group()).startswith("S") else found.group()


def _unmarked(found: re.Match[str]) -> str:
    return "" if unicodedata.category(found.group()).startswith("M") else found.group()


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A plural's singular, the one ending English adds most ("campaigns", "policies"); other
    endings are left alone, since the last word typed also matches as a prefix."""
    if len(word) < 4 or not word.isascii():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    """The folded words of `text`, unstemmed: what a prefix is matched with."""
    folded = fold(text)
    found = _WORD.findall(folded)
    if folded.isascii() or not _UNSPACED.search(folded):
        return found
    return [piece for word in found for piece in _split_unspaced(word)]


def counted(text: str) -> Counter[str]:
    """How often each term occurs in `text`."""
    found: Counter[str] = Counter()
    for word, times in Counter(words(text)).items():
        found[stem(word)] += times
    return found


def _split_unspaced(word: str) -> Iterator[str]:
    run = ""
    for char in word:
        if _UNSPACED.match(char):
            if run:
                yield run
            run = ""
            yield char
        else:
            run += char
    if run:
        yield run
