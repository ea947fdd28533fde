"""Engine text in the user's language, without Qt: Python's gettext over resources/i18n/<lang>/LC_MESSAGES/layerlab.mo.

Messages are written in English in the code, with named fields filled after translation:
`_("numeric: {count} distinct values").format(count=n)`. English, or a language without a catalog,
gives the English text unchanged. The CLI follows LANGUAGE / LC_ALL / LC_MESSAGES / LANG (gettext's
order); the app calls set_language with the language chosen in its Preferences. The catalog's source is
layerlab.po beside the .mo (packaging/i18n_catalogs.py compiles it).
"""

from __future__ import annotations

import gettext
from importlib.resources import files
from pathlib import Path

DOMAIN = "layerlab"
_translation: gettext.NullTranslations | None = None  # chosen on first use, from the environment


def catalog_folder() -> Path:
    """resources/i18n, which holds one <lang>/LC_MESSAGES/layerlab.mo per language."""
    return Path(str(files("resources") / "i18n"))


def set_language(language: str | None) -> None:
    """Use `language` ("zh_CN", "en", …) from now on; None follows the environment again."""
    global _translation
    languages = [language] if language else None
    _translation = gettext.translation(DOMAIN, catalog_folder(), languages=languages, fallback=True)


def _current() -> gettext.NullTranslations:
    if _translation is None:
        set_language(None)
    return _translation


def _(message: str) -> str:
    """`message` in the current language."""
    return _current().gettext(message)


def N_(message: str) -> str:  # noqa: N802 - gettext's name for it
    """Mark `message` for the catalog without translating it: declarations made at import time keep their
    English text, and the code that shows it passes it through _() in the language then in use."""
    return message


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural message for `count`, in the current language."""
    return _current().ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """`message` in the current language, told apart from the same English word elsewhere by `context`."""
    return _current().pgettext(context, message)
