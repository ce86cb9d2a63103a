"""Our templates fail loudly: a name one of them uses that its page's data lacks (a typo such
as `p.gtn`) stops the build with one line naming the template, the line and the name, instead
of printing nothing. Material's own templates rely on undefined names being empty, and keep
that: strictness depends on which template's code looks the name up.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
from pathlib import Path
from types import FrameType

import jinja2

from .problems import Problem


class UndefinedInTemplate(jinja2.UndefinedError):
    """A name looked up in one of our templates and missing, with where it was looked up (it
    may fail further on, in a macro it was handed to)."""

    def __init__(self, message: str, filename: str, lineno: int):
        super().__init__(message)
        self.filename, self.lineno = filename, lineno


def _looking_up() -> tuple[jinja2.Template | None, int]:
    """The template whose code is running (Jinja marks the globals of each template's compiled
    code) and the line of that code, or (None, 0) outside any. The template's own line is
    worked out only for an error: Material's templates look up thousands of undefined names."""
    frame: FrameType | None = sys._getframe(2)
    while frame is not None:
        template = frame.f_globals.get("__jinja_template__")
        if template is not None:
            return template, frame.f_lineno
        frame = frame.f_back
    return None, 0


def undefined_in(theme: Path) -> type[jinja2.Undefined]:
    """The environment's undefined values: strict in the templates of `theme` (ours), as
    lenient as Jinja's default in every other (Material's)."""
    ours = os.path.join(os.path.abspath(theme), "")

    @functools.cache
    def is_ours(filename: str) -> bool:
        return os.path.abspath(filename).startswith(ours)

    class Undefined(jinja2.Undefined):
        def __new__(cls, *args, **kwargs):
            template, code_line = _looking_up()
            if template is None or not is_ours(template.filename or ""):
                return jinja2.Undefined(*args, **kwargs)

            def error(message: str) -> UndefinedInTemplate:
                return UndefinedInTemplate(message, template.filename or "", template.get_corresponding_lineno(code_line))

            kwargs.setdefault("exc", error)
            return jinja2.StrictUndefined(*args, **kwargs)

    return Undefined


def problem(error: jinja2.TemplateError, theme: Path, shown_as: str) -> Problem:
    """A template's mistake as a problem naming its file (under `theme`, shown as `shown_as`)
    and line. Errors that carry no place are placed by the innermost template in their
    traceback: Jinja rewrites tracebacks so that each template's frame has its file and line."""
    filename, line = getattr(error, "filename", None), getattr(error, "lineno", None) or 0
    if not filename:
        tb = error.__traceback__
        while tb is not None:
            if tb.tb_frame.f_code.co_filename.endswith(".html"):
                filename, line = tb.tb_frame.f_code.co_filename, tb.tb_lineno
            tb = tb.tb_next
    path = Path(os.path.abspath(filename or "?"))
    shown = f"{shown_as}/{path.relative_to(theme.absolute()).as_posix()}" if path.is_relative_to(theme.absolute()) else str(path)
    hint = " (the template names something its page's data does not have)" if isinstance(error, jinja2.UndefinedError) else ""
    return Problem(shown, line, "", f"{error.message}{hint}")


def not_reported_twice(record: logging.LogRecord) -> bool:
    """A logging filter: a page that fails raises its error, which the build reports in one
    line; MkDocs' own log of it would be a second."""
    return not record.getMessage().startswith("Error building page")
