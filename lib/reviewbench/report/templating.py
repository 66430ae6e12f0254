"""The report's HTML comes from the Jinja2 templates in ``templates/`` (package data), autoescaped.

Python decides what to show and hands the templates values; the templates hold the markup.
Text that a person wrote or an agency recorded reaches a template as it is, and the template
passes it through a filter of the report's :class:`~reviewbench.report.text.TextRenderer`
(names register, escaping, links): ``plain``, ``inline``, ``record``, ``markdown(level)``,
``ref`` and ``refs`` (ids, linked where the report has them), ``entry_refs`` (chronology
entries as this edition names them). Anything else is escaped by autoescaping: an authored
``<script>`` is shown as text.

Every render gets the builder as ``report``, which is how the filters find its text renderer.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context
from jinja2.runtime import Context
from markupsafe import Markup


def _text(context: Context):
    return context["report"].text


@pass_context
def _plain(context: Context, value: Any) -> Markup:
    return _text(context).plain(value)


@pass_context
def _inline(context: Context, value: Any) -> Markup:
    return _text(context).inline(value)


@pass_context
def _record(context: Context, value: Any) -> Markup:
    return _text(context).record(value)


@pass_context
def _markdown(context: Context, value: Any, level: int = 3) -> Markup:
    return _text(context).markdown(value, level=level)


@pass_context
def _ref(context: Context, item_id: str) -> Markup:
    return _text(context).ref(item_id)


@pass_context
def _refs(context: Context, ids: list[str]) -> Markup:
    return _text(context).refs(ids)


@pass_context
def _entry_refs(context: Context, ids: list[str]) -> Markup:
    return context["report"].entry_refs(ids)


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("reviewbench.report", "templates"), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, undefined=StrictUndefined)
    env.filters.update(plain=_plain, inline=_inline, record=_record, markdown=_markdown, ref=_ref, refs=_refs,
                       entry_refs=_entry_refs)
    return env


ENV = _environment()


def render(template: str, report: object, **values: Any) -> Markup:
    """The HTML of ``template`` (a file in ``templates/``) with ``values``, for ``report``."""
    return Markup(ENV.get_template(template).render(report=report, **values))


def macros(report: object):
    """The macros of ``templates/macros.html.j2`` for ``report``, callable from Python (each returns
    Markup): the small pieces that fill a table's cells."""
    return ENV.get_template("macros.html.j2").make_module({"report": report})
