"""Vietnamese text rules: NFC normalisation, slugs, search folding, name sort keys.

Every rule about how Vietnamese text is stored, compared or sorted lives here.
"""

import html
import re
import unicodedata

from django.utils.html import strip_tags
from django.utils.text import slugify

# Base letters of the Vietnamese alphabet that carry a shape mark (breve,
# circumflex, horn, bar). Each is written as its plain letter plus "z" (twice
# for the second variant of a letter) so that a plain ASCII comparison puts it
# right after the plain letter: a < ă < â < b ... d < đ < e < ê ... o < ô < ơ.
_SHAPED_LETTERS = {
    "ă": "az",
    "â": "azz",
    "đ": "dz",
    "ê": "ez",
    "ô": "oz",
    "ơ": "ozz",
    "ư": "uz",
}
# Tone marks (combining characters after NFD) in dictionary order: level tone
# (no mark) first, then huyền, sắc, hỏi, ngã, nặng.
_TONES = {"\u0300": "1", "\u0301": "2", "\u0309": "3", "\u0303": "4", "\u0323": "5"}
# A plain letter followed by its shape mark, as NFD writes it, and the letter they make.
_SHAPED_BY_MARK = {
    "a\u0306": "ă",
    "a\u0302": "â",
    "e\u0302": "ê",
    "o\u0302": "ô",
    "o\u031b": "ơ",
    "u\u031b": "ư",
}


def nfc(value):
    """Return text in Unicode NFC, the one form the portal stores."""
    if not isinstance(value, str):
        return value
    return unicodedata.normalize("NFC", value)


def normalize_model_text(instance):
    """Normalise every text field of a model instance to NFC (pasted text is often NFD)."""
    for field in instance._meta.concrete_fields:
        if field.get_internal_type() in ("CharField", "TextField", "SlugField", "EmailField"):
            value = getattr(instance, field.attname)
            if isinstance(value, str):
                setattr(instance, field.attname, nfc(value))


def fold(value):
    """Fold text for comparison: lower case, no diacritics, đ → d; in Russian ё → е, й kept.

    "Đặng Đình Công" → "dang dinh cong", "Ёлка" → "елка". Used on both sides of a search.
    """
    value = unicodedata.normalize("NFD", value or "").replace("đ", "d").replace("Đ", "D")
    # Russian readers fold ё into е but never й into и: that breve makes another letter.
    value = value.replace("\u0438\u0306", "й").replace("\u0418\u0306", "Й")
    stripped = "".join(ch for ch in value if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


def slugify_vi(value, max_length=None):
    """An ASCII slug made from Vietnamese: "Hội nghị tổng kết năm 2019" → hoi-nghi-tong-ket-nam-2019."""
    slug = slugify(fold(value))
    if max_length:
        slug = slug[:max_length].strip("-")
    return slug


def unique_slug(instance, source, field_name="slug", max_length=None):
    """A slug for ``source`` unique among the instance's model: "-2", "-3"… on collision."""
    model = type(instance)
    max_length = max_length or model._meta.get_field(field_name).max_length
    base = slugify_vi(source, max_length=max_length - 4) or "x"
    others = model._default_manager.exclude(pk=instance.pk) if instance.pk else model._default_manager
    taken = set(others.filter(**{f"{field_name}__startswith": base}).values_list(field_name, flat=True))
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def _word_key(word):
    letters, tone = [], ""
    for ch in unicodedata.normalize("NFD", word.lower()):
        if ch in _TONES:
            tone = _TONES[ch]
        elif letters and letters[-1] + ch in _SHAPED_BY_MARK:
            letters[-1] = _SHAPED_BY_MARK[letters[-1] + ch]
        elif unicodedata.combining(ch):
            continue
        else:
            letters.append(ch)
    encoded = "".join(_SHAPED_LETTERS.get(ch, ch) for ch in letters if ch.isalnum())
    return encoded + tone


def collation_key(text):
    """Encode text so that a plain ASCII comparison follows Vietnamese dictionary order.

    Letters come first (a ă â b c d đ e ê … o ô ơ … u ư), tones break ties
    word by word. The key is readable ("Đặng" → "dzang5") and encoding a key
    again leaves it unchanged, so staff may type one by hand.
    """
    return " ".join(key for key in (_word_key(w) for w in nfc(text or "").split()) if key)


def name_sort_key(full_name):
    """Sort key for a Vietnamese name: the given name (last word) first, then the rest.

    "Đặng Đình Công" sorts under C as "Công Đặng Đình".
    """
    words = nfc(full_name or "").split()
    if len(words) > 1:
        words = [words[-1], *words[:-1]]
    return collation_key(" ".join(words))


_LETTER_OF_CODE = {code: letter for letter, code in _SHAPED_LETTERS.items()}


def index_letter(sort_key):
    """The alphabet-index letter of a sort key: "dzazng5 …" → "Đ", "azn …" → "Ă", "binh …" → "B"."""
    word = (sort_key or "").split(" ", 1)[0]
    for length in (3, 2):  # "azz" (â) before "az" (ă)
        if word[:length] in _LETTER_OF_CODE:
            return _LETTER_OF_CODE[word[:length]].upper()
    return word[:1].upper() or "#"


def index_letter_prefix(letter):
    """The sort-key prefix of people filed under ``letter``, and the longer prefix to leave out.

    "A" → ("a", "az"): A-names but not Ă or Â; "Đ" → ("dz", None).
    """
    code = collation_key(letter)
    longer = code + "z"
    return code, (longer if longer in _LETTER_OF_CODE else None)


_NOT_WORD = re.compile(r"[\W_]+")
_QUOTED = re.compile(r'"([^"]*)"')
MAX_QUERY_LENGTH = 200


def search_text(*parts):
    """The folded search document: lower case, no diacritics, words separated by single spaces, padded.

    Padding makes a whole-word match a plain substring test (" hoi nghi "), which both SQLite
    and PostgreSQL (with a trigram index) answer the same way.
    """
    words = _NOT_WORD.sub(" ", fold(" ".join(p for p in parts if p))).split()
    return f" {' '.join(words)} " if words else ""


# Tags that end a line of text where a reader sees one: paragraphs, list items, headings, quotes, captions,
# table cells, line breaks. Stripped without a space, "năm 2026.</p><p>Đến" would read "năm 2026.Đến".
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|hr|li|ul|ol|dl|dt|dd|h[1-6]|blockquote|pre|figure|figcaption|caption|table|thead|tbody"
    r"|tfoot|tr|td|th|section|article|header|footer|aside|nav|address|img)(?=[\s/>])[^>]*>",
    re.IGNORECASE,
)


def plain_text(markup):
    """The text of an HTML fragment (an article body) as a reader sees it: tags gone, entities read, a line
    break where a block ended (a paragraph, a list item, a heading, <br>…), so no two words run together.
    Lines are trimmed and blank ones dropped."""
    text = html.unescape(strip_tags(_BLOCK_TAG.sub("\n", markup or "")))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def clean_query(raw):
    """The query as searched and shown: NFC, single spaces, control characters (a NUL byte, which
    PostgreSQL refuses in a comparison) read as spaces, at most MAX_QUERY_LENGTH characters."""
    text = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in nfc(raw or ""))
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def search_terms(query):
    """The whole-word terms a query asks for, all of which must match: quoted text is one phrase.

    'hội nghị "tổng kết"' → [" hoi ", " nghi ", " tong ket "]. Punctuation-only, empty or
    absurdly long input gives what little it contains (possibly nothing), never an error.
    """
    query = nfc(query or "")[:MAX_QUERY_LENGTH]
    phrases = [search_text(p) for p in _QUOTED.findall(query)]
    rest = _QUOTED.sub(" ", query).replace('"', " ")
    words = [f" {word} " for word in search_text(rest).split()]
    terms = []
    for term in [*phrases, *words]:
        if term and term not in terms:
            terms.append(term)
    return terms


def search_phrase(query):
    """The query's words as one folded phrase, adjacent and in the order typed (quotes aside), when it has more
    than one word: "Đặng Đình Công" → " dang dinh cong ". None for a single word: it is its own phrase."""
    phrase = search_text(nfc(query or "")[:MAX_QUERY_LENGTH].replace('"', " "))
    return phrase if phrase.count(" ") > 2 else None


class _CharacterFolding(dict):
    """str.translate's table for fold_preserving_length, each character's entry made when first met."""

    def __missing__(self, codepoint):
        ch = chr(codepoint)
        folded = self[codepoint] = (fold(ch) or " ")[:1] if ch.strip() else ch
        return folded


_FOLD_EACH_CHARACTER = _CharacterFolding()


def fold_preserving_length(text):
    """Fold character by character, so positions in the result are positions in ``text`` (NFC). A table,
    not a loop: search excerpts fold every result's text, thousands of characters a page."""
    return text.translate(_FOLD_EACH_CHARACTER)
