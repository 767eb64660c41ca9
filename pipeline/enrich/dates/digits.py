"""Digits in the three scripts Arabic news uses: Western, Arabic-Indic (٠-٩) and Persian (۰-۹).

Python's int() already reads any Unicode decimal digit; this module adds the ASCII folding used
when a number's shape matters (length, leading zero) and a guard against other Nd scripts.
"""

from __future__ import annotations

_ASCII = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
DIGIT_CHARS = frozenset("0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹")
_ALLOWED = DIGIT_CHARS


def is_number(token: str) -> bool:
    """True when the token is only digits of the three supported scripts."""
    return bool(token) and all(c in _ALLOWED for c in token)


def ascii_digits(token: str) -> str:
    """The token with Arabic-Indic and Persian digits replaced by Western ones."""
    return token.translate(_ASCII)


def to_int(token: str) -> int:
    """Integer value of a digit token of any supported script."""
    return int(ascii_digits(token))
