"""Stage 1, load: YAML files to plain Python data, remembering where every value stood.

PyYAML builds Python objects but forgets lines, and silently keeps the last of two equal
keys. We compose the node tree ourselves so that every problem found later (by the schema
or by cross-checks) can name the line of the offending key or value.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .problems import Problem

MAX_FILE_BYTES = 1_000_000  # a record is a few KB; anything this large is a mistake

Location = tuple[str | int, ...]  # path of keys and list indexes inside a document


@dataclass
class Document:
    """One YAML file: its data, and for every location in it the line and the text as typed."""

    path: str  # relative to the catalogue folder
    data: object = None
    lines: dict[Location, int] = field(default_factory=dict)
    typed: dict[Location, str] = field(default_factory=dict)  # scalars only

    def line_of(self, location: Location) -> int:
        """The line of a location, or of its nearest enclosing location that we know."""
        while location not in self.lines and location:
            location = location[:-1]
        return self.lines.get(location, 1)


def read_yaml(root: Path, relpath: str, problems: list[Problem]) -> Document | None:
    """Read one YAML file; on any problem, append it and return None."""
    doc = Document(relpath)
    path = root / relpath
    if path.is_dir():
        problems.append(Problem(relpath, 0, "", "this is a folder: a record must be a file"))
        return None
    if not path.resolve().is_relative_to(root.resolve()):
        # A link to a file elsewhere: never read (and never echo) what lies outside the catalogue.
        problems.append(Problem(relpath, 0, "", "this is a link to a file outside the catalogue: put the file itself here"))
        return None
    raw = path.read_bytes()
    if len(raw) > MAX_FILE_BYTES:
        problems.append(Problem(relpath, 0, "", f"file is larger than {MAX_FILE_BYTES:,} bytes", f"{len(raw):,} bytes"))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        problems.append(Problem(relpath, line, "", "file is not UTF-8 text: save it as UTF-8", f"byte 0x{raw[e.start]:02x}"))
        return None
    if not text.strip() or all(line.lstrip().startswith("#") or not line.strip() for line in text.splitlines()):
        problems.append(Problem(relpath, 0, "", "file is empty"))
        return None
    try:
        node = _compose(text, FAST_LOADER)
    except yaml.YAMLError:
        node = None  # read again below by the pure-Python parser, whose messages we know
    try:
        if node is None:
            node = _compose(text, yaml.SafeLoader)
    except AliasFound as e:
        problems.append(Problem(relpath, e.line, "", "anchors and aliases (&name, *name) are not supported: write the value out", f"*{e.anchor}"))
        return None
    except TooDeep as e:
        problems.append(Problem(relpath, e.line, "", f"values are nested more than {MAX_DEPTH} levels deep: a record needs a few"))
        return None
    except yaml.reader.ReaderError as e:  # a character YAML does not allow, such as a raw control character
        line = text[: e.position].count("\n") + 1
        problems.append(Problem(relpath, line, "", f"YAML does not allow the character #x{e.character:04x} (a control character): remove it"))
        return None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        message = e.problem or e.context or "cannot parse"
        if e.context and e.context_mark:  # e.g. "while parsing a flow sequence" that began earlier
            message = f"{e.context} (from line {e.context_mark.line + 1}): {message}"
        problems.append(Problem(relpath, mark.line + 1 if mark else 0, "", f"YAML syntax error: {message}"))
        return None
    except yaml.YAMLError as e:
        problems.append(Problem(relpath, 0, "", f"YAML syntax error: {e}"))
        return None
    before = len(problems)
    doc.data = _build(node, (), doc, problems, yaml.SafeLoader(""))
    return doc if len(problems) == before else None


# libyaml (C) parses about ten times faster than PyYAML's own parser, with the same resolver.
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


MAP_TAG, SEQ_TAG = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
MAX_DEPTH = 12  # records nest four levels; PyYAML's composer recurses and would overflow on thousands


class AliasFound(yaml.YAMLError):
    def __init__(self, line: int, anchor: str):
        super().__init__(f"alias *{anchor} on line {line}")
        self.line, self.anchor = line, anchor


class TooDeep(yaml.YAMLError):
    def __init__(self, line: int):
        super().__init__(f"nested too deeply on line {line}")
        self.line = line


_RESOLVER = yaml.resolver.Resolver()


def _compose(text: str, loader: type) -> yaml.Node:
    """The node tree of one document, built from the parser's events in one pass (PyYAML's
    own composer recurses, and would overflow on thousands of nested levels). Aliases (*name)
    can nest into enormous or endless values: records never need them."""
    stack: list[yaml.Node] = []
    pending_key: list[object] = []  # per open mapping: its key node waiting for a value
    root = first_document = None
    node: yaml.Node
    # The ignores below: PyYAML's stubs type an event's marks as optional and as either parser's
    # Mark (Python or C), a node's as the Python one only; the parser always sets them.
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.DocumentStartEvent):
            if first_document is not None:  # as PyYAML's composer says it
                raise yaml.composer.ComposerError("expected a single document in the stream", first_document, "but found another document", event.start_mark)  # type: ignore[arg-type]
            first_document = event.start_mark
        if isinstance(event, yaml.AliasEvent):
            raise AliasFound(event.start_mark.line + 1, event.anchor)  # type: ignore[union-attr, arg-type]
        if isinstance(event, yaml.ScalarEvent):
            tag = event.tag if event.tag not in (None, "!") else _RESOLVER.resolve(yaml.ScalarNode, event.value, event.implicit)
            node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)  # type: ignore[arg-type]
        elif isinstance(event, yaml.CollectionStartEvent):
            if len(stack) >= MAX_DEPTH:
                raise TooDeep(event.start_mark.line + 1)  # type: ignore[union-attr]
            kind = yaml.SequenceNode if isinstance(event, yaml.SequenceStartEvent) else yaml.MappingNode
            tag = event.tag if event.tag not in (None, "!") else _RESOLVER.resolve(kind, None, event.implicit)
            node = kind(tag, [], event.start_mark, None, flow_style=event.flow_style)  # type: ignore[arg-type]
        elif isinstance(event, yaml.CollectionEndEvent):
            node = stack.pop()
            node.end_mark = event.end_mark
            pending_key.pop()
            if stack:
                _attach(stack[-1], node, pending_key)
            else:
                root = node
            continue
        else:
            continue  # stream and document events
        if isinstance(node, yaml.CollectionNode):
            stack.append(node)
            pending_key.append(None)
        elif stack:
            _attach(stack[-1], node, pending_key)
        else:
            root = node
    if root is None:
        raise yaml.YAMLError("empty document")
    return root


def _attach(parent: yaml.Node, node: yaml.Node, pending_key: list) -> None:
    if isinstance(parent, yaml.SequenceNode):
        parent.value.append(node)
    elif pending_key[-1] is None:
        pending_key[-1] = node
    else:
        parent.value.append((pending_key[-1], node))
        pending_key[-1] = None


def _build(node: yaml.Node, loc: Location, doc: Document, problems: list[Problem], loader: yaml.SafeLoader) -> object:
    doc.lines.setdefault(loc, node.start_mark.line + 1)
    if not isinstance(node, yaml.ScalarNode) and node.tag not in (MAP_TAG, SEQ_TAG):
        # e.g. !!python/object/apply on a mapping: the safe loader would just drop the tag
        problems.append(Problem(doc.path, node.start_mark.line + 1, dotted(loc), "YAML tags (!!name) are not supported: remove it", node.tag))
        return None
    if isinstance(node, yaml.MappingNode):
        result: dict[str, object] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(Problem(doc.path, key_node.start_mark.line + 1, dotted(loc), "a key must be plain text"))
                continue
            key = nfc(key_node.value)
            where = loc + (key,)
            if key in result:
                first = doc.lines[where]
                problems.append(Problem(doc.path, key_node.start_mark.line + 1, dotted(where), f"key appears twice (first on line {first})"))
                continue
            doc.lines[where] = key_node.start_mark.line + 1  # a field's problems point at its key
            result[key] = _build(value_node, where, doc, problems, loader)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, loc + (i,), doc, problems, loader) for i, item in enumerate(node.value)]
    # A scalar: let PyYAML resolve it (YAML 1.1: yes -> True, 0123 -> 83, 2024-05-01 -> date),
    # and keep the text as typed so a message can show what the editor wrote.
    doc.typed[loc] = node.value
    try:
        value = loader.construct_object(node)
    except (yaml.constructor.ConstructorError, ValueError) as e:
        # e.g. an impossible date such as 2024-02-30, which YAML tries to read as a date
        reason = getattr(e, "problem", None) or str(e)
        problems.append(Problem(doc.path, node.start_mark.line + 1, dotted(loc), f"cannot read this value: {reason}", node.value))
        return None
    if isinstance(value, str):
        value = nfc(value)
        if match := INVISIBLE.search(value):
            char = match.group()
            name = unicodedata.name(char, "a noncharacter")
            problems.append(Problem(doc.path, node.start_mark.line + 1, dotted(loc),
                                    f"contains U+{ord(char):04X} ({name}), an invisible character that can change what the text shows or means: remove it",
                                    INVISIBLE.sub(lambda m: f"<U+{ord(m.group()):04X}>", value)))
            return None
    return value


# Refused in every text: bidi controls (they can show "DNBU-ĐQ/999" as "999/QĐ-UBND"),
# zero-width characters (two names that look alike but differ), and noncharacters (invalid
# in XML feeds). Vietnamese needs none of them.
NONCHARACTERS = "\ufdd0-\ufdef" + "".join(chr(plane + 0xFFFE) + chr(plane + 0xFFFF) for plane in range(0, 0x110000, 0x10000))
INVISIBLE = re.compile(f"[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u180e\u200b-\u200d\u2060\ufeff{NONCHARACTERS}]")


def nfc(text: str) -> str:
    # Text typed on macOS arrives decomposed (NFD); compare and display in NFC only.
    return unicodedata.normalize("NFC", text)


def dotted(loc: Location) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out

