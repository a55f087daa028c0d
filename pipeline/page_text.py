"""Values as text of the HTML pages (report, overview): the one place input is escaped on its way to a page."""
from __future__ import annotations

import html
from collections.abc import Iterable

import pandas as pd

MISSING = "–"  # what a page shows for None, NaN or nothing


def show(value: object) -> str:
    """A value as page text: lists joined, and None, NaN or empty as "–", so no Python None reaches the page."""
    if isinstance(value, str):
        return value or MISSING
    if value is None:
        return MISSING
    if isinstance(value, Iterable):
        items = [show(v) for v in value]
        return ", ".join(items) if items else MISSING
    return MISSING if pd.isna(value) else str(value)


def escape(value: object) -> str:
    """A value as escaped page text: input never reaches the page as markup."""
    return html.escape(show(value), quote=True)
