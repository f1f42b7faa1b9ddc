"""Sections that a higher app adds to a record page of a lower one — the survey's reports on
the enterprise page, later inspections and findings — without the lower app importing it.
Each provider asks the policy layer itself and returns ``None`` when it has nothing the user
may see."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    key: str
    template: str
    provider: Callable[..., dict | None]


@dataclass(frozen=True)
class Rendered:
    key: str
    template: str
    context: dict


_sections: dict[str, list[Section]] = {}


def register(kind: str, section: Section) -> None:
    """Add ``section`` to the pages of records of ``kind`` (once per key)."""
    sections = _sections.setdefault(kind, [])
    if all(s.key != section.key for s in sections):
        sections.append(section)


def sections_for(kind: str, *, user, obj) -> list[Rendered]:
    """The sections of a record page that have something for ``user``."""
    rendered = []
    for section in _sections.get(kind, []):
        context = section.provider(user=user, obj=obj)
        if context is not None:
            rendered.append(Rendered(section.key, section.template, context))
    return rendered
