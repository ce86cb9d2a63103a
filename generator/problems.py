"""Content problems, reported the way a compiler reports: `path:line: field: message (found …)`."""

from __future__ import annotations

from dataclasses import dataclass


MAX_FOUND = 100  # characters of the offending value quoted back: enough to find it


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # relative to the catalogue folder, with forward slashes
    line: int  # 1-based; 0 when the problem is about the whole file
    field: str  # dotted path of the field, e.g. "certification.date"; "" for the file itself
    message: str
    found: str | None = None
    warning: bool = False  # warnings are printed but do not fail a check or build

    def __str__(self) -> str:
        parts = [f"{self.path}:{self.line}" if self.line else self.path]
        if self.warning:
            parts.append("warning")
        if self.field:
            parts.append(self.field)
        text = ": ".join(parts) + ": " + self.message
        if self.found is None:
            return text
        found = self.found if len(self.found) <= MAX_FOUND else self.found[:MAX_FOUND] + f"… ({len(self.found):,} characters)"
        found = "".join(c if ord(c) >= 32 else f"\\x{ord(c):02x}" for c in found)  # one line, always
        return f"{text} (found {found})"


class ContentError(Exception):
    """The content has problems; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
