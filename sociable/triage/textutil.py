"""Text normalisation and language detection shared by the rules and the models."""

from __future__ import annotations

import re
import unicodedata

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
    }
)
_SPACE = re.compile(r"\s+")
_URL = re.compile(r"https?://\S+|www\.\S+")
_MENTION = re.compile(r"@\w+")


def normalise(text: str) -> str:
    """Lower-cased text with typographic quotes folded and whitespace collapsed.

    The result has the same meaning as the input; offsets are not preserved.
    """
    text = text.translate(_QUOTES)
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    return _SPACE.sub(" ", text).strip().lower()


def for_model(text: str) -> str:
    """Text as the models see it: normalised, URLs and user mentions replaced by tokens."""
    return model_text(normalise(text))


def model_text(norm: str) -> str:
    """``for_model`` of a text already normalised (``normalise(text)``)."""
    return _MENTION.sub(" @user ", _URL.sub(" httpurl ", norm))


_WELSH = frozenset(
    """
    diolch yn fawr iawn ac mae ydw ydy dydd bore da gyda ein eich fy ni chi hwn hon hyn
    ysbyty meddyg nyrs gofal wedi bod roedd oedd ddim dim ond hefyd gwych cymraeg cymru iechyd
    apwyntiad helo croeso nos heddiw yfory pob lwc angen sut beth pryd ble pam cael gael mynd
    dod eisiau isio plîs plis gwelwch dda ar gyfer rhaid fydd bydd wrth eto newydd gan mewn yma
    yno hynny rhywun teulu mam tad plant babi fi ti nhw chwi efo hefo yr y sy sydd wnaeth gwneud
    gallu gallwch allwch rydw rwy'n dw i'n fi'n mi hi fo fe ei eu o'r i'r a'r ar ôl cyn fel
    amser aros oriau awr ward staff arbennig hyfryd caredig ffantastig rhagorol hapus trist
    poen brys ambiwlans feddyg feddygfa fferyllfa nyrsys meddygon cleifion claf gwasanaeth
    gwasanaethau bwrdd hywel prifysgol betsi cadwaladr aneurin bevan caerdydd abertawe
    """.split()
)
_EN_COMMON = frozenset(
    "a i am help staff ward fi mi hi fo fe ei o ti y ni chi da dim os me he she we".split()
)
_TOKEN = re.compile(r"[a-zâêîôûŵŷäëïöüẅÿáéíóúẃýàèìòùẁỳ']+")


def language(text_norm: str) -> str:
    """'cy' when the (normalised) text reads as Welsh, else 'en'."""
    tokens = _TOKEN.findall(text_norm)
    if not tokens:
        return "en"
    welsh = sum(1 for t in tokens if t in _WELSH and t not in _EN_COMMON)
    strong = sum(1 for t in tokens if t in _WELSH)
    if welsh >= 2 and strong / len(tokens) >= 0.35:
        return "cy"
    if welsh >= 1 and len(tokens) <= 4 and strong / len(tokens) >= 0.5:
        return "cy"
    return "en"
