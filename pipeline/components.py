"""Stages as components: each says what it reads from the `Notice` and what it writes.

A pipeline is an ordered list of components; building it checks that everything a
component requires was assigned by an earlier one (spaCy's requires/assigns), so a
reordering mistake fails at once, naming the component, not deep inside a notice.
Names are Notice attributes (`text`, `fields`) or span groups (`spans.heading`).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from taizhang.pipeline.notice import Notice


class PipelineError(Exception):
    """A pipeline whose components are in an order that cannot work."""


@dataclass(frozen=True)
class Component:
    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    run: Callable[[Notice], None]


def component(name: str, *, requires: Iterable[str] = (), assigns: Iterable[str] = ()):
    """Declare a stage function as a component: `@component("headings", requires=…, assigns=…)`."""
    def wrap(run: Callable[[Notice], None]) -> Component:
        return Component(name, tuple(requires), tuple(assigns), run)
    return wrap


class Pipeline:
    """Components run in order over one notice."""

    def __init__(self, components: Iterable[Component]):
        self.components = list(components)
        available = {"source"}
        for stage in self.components:
            missing = [need for need in stage.requires if need not in available]
            if missing:
                raise PipelineError(f"component {stage.name!r} requires {', '.join(missing)}, "
                                    "which no earlier component assigns")
            available.update(stage.assigns)

    @property
    def names(self) -> list[str]:
        return [stage.name for stage in self.components]

    def __call__(self, notice: Notice) -> Notice:
        for stage in self.components:
            stage.run(notice)
        return notice
