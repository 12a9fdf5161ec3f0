"""Safe YAML loading that remembers where every value came from.

PyYAML's safe constructor builds the data (so ``!!python/object`` and every other non-standard tag is
refused); before that, the composed node tree is walked once to reject duplicate keys and to record
the line of every mapping key and sequence item, so that validation errors can name file and line.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from ._errors import InputError, suggest

try:  # the C parser is much faster; it is present in PyYAML's wheels
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Path_ = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Located:
    """Loaded YAML data with the line of each key or item, by path."""

    data: Any
    lines: dict[Path_, int]
    source: str

    def line(self, path: Sequence[str | int]) -> int | None:
        """The line of ``path``, or of its nearest ancestor that has one."""
        key = tuple(path)
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return self.lines.get((), None)


def _walk(node: yaml.Node, path: Path_, lines: dict[Path_, int], source: str, error: type[InputError]) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key: Any = key_node.value
            if key_node.tag.endswith(":int"):
                key = int(key)
            line = key_node.start_mark.line + 1
            if key in seen:
                raise error(
                    f"duplicate key {key!r} (first at line {seen[key]})",
                    source=source,
                    line=line,
                    field=_dotted(path) or None,
                    expected="each key once in a mapping",
                )
            seen[key] = line
            lines[(*path, key)] = line
            _walk(value_node, (*path, key), lines, source, error)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), lines, source, error)
    elif isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:timestamp":
        # PyYAML raises a bare ValueError (no line) for 2027-02-30; check here, where the line is known.
        try:
            yaml.constructor.SafeConstructor().construct_yaml_timestamp(node)
        except ValueError as exc:
            raise error(
                f"{node.value!r} is not a date ({exc})",
                source=source,
                line=node.start_mark.line + 1,
                field=_dotted(path) or None,
                expected="a real calendar date as YYYY-MM-DD",
            ) from None


def load_yaml(text: str | bytes, source: str, error: type[InputError]) -> Located:
    """Parse YAML text safely; every problem is raised as ``error`` naming ``source`` and the line."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise error(
            f"not valid YAML: {exc.problem or exc.context}",
            source=source,
            line=(mark.line + 1) if mark else None,
            expected="well-formed YAML",
        ) from None
    except yaml.YAMLError as exc:
        raise error(f"not valid YAML: {exc}", source=source, expected="well-formed YAML") from None
    if node is None:
        raise error("the file is empty", source=source, expected="a YAML mapping")
    lines: dict[Path_, int] = {}
    _walk(node, (), lines, source, error)
    try:
        data = yaml.constructor.SafeConstructor().construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise error(
            f"refused YAML content: {exc.problem or exc.context}",
            source=source,
            line=(mark.line + 1) if mark else None,
            expected="plain YAML (no !!python tags or other custom tags)",
        ) from None
    return Located(data=data, lines=lines, source=source)


def read_input(path: Path, error: type[InputError], what: str) -> bytes:
    """The bytes of an input file; an I/O problem is raised as ``error`` naming the file."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise error(f"cannot read {what}: {exc.strerror}", source=str(path)) from None


def _dotted(path: Sequence[str | int]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _model_at(model: type[BaseModel], path: Sequence[str | int]) -> type[BaseModel] | None:
    """The pydantic model that validates the mapping at ``path`` (best effort, for suggestions)."""
    current: Any = model
    for part in path:
        current = _strip(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            if not isinstance(part, str) or part not in current.model_fields:
                return None
            current = current.model_fields[part].annotation
            continue
        origin, args = typing.get_origin(current), typing.get_args(current)
        if origin in (list, tuple, frozenset, set) and args:
            current = args[0]
        elif origin is dict and args:
            current = args[1]
        else:
            return None
    current = _strip(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _strip(annotation: Any) -> Any:
    """Look through Annotated[...] and unions (to their first model or container member)."""
    while True:
        origin, args = typing.get_origin(annotation), typing.get_args(annotation)
        if origin is typing.Annotated:
            annotation = args[0]
        elif origin in (typing.Union, types.UnionType):
            members = [a for a in args if (isinstance(a, type) and issubclass(a, BaseModel)) or typing.get_origin(a)]
            if not members:
                return annotation
            annotation = members[0]
        else:
            return annotation


def _pick(errors: list[Any]) -> Any:
    """The most telling of pydantic's errors: the deepest, and a real check over a type mismatch.

    For a union (``date | DateRange``) pydantic reports every member's complaint; the one that got
    furthest into the data is the one the user meant.
    """

    def rank(err: Any) -> tuple[int, int]:
        typeish = err["type"].endswith(("_type", "_parsing")) or err["type"] in ("model_attributes_type",)
        return (len(err["loc"]), 0 if typeish else 1)

    return max(errors, key=rank)


def raise_validation(
    exc: ValidationError,
    located: Located,
    model: type[BaseModel],
    error: type[InputError],
    *,
    prefix: Sequence[str | int] = (),
) -> typing.NoReturn:
    """Re-raise a pydantic error as one paragraph naming the file, line and field."""
    errors = exc.errors(include_url=False)
    first = _pick(errors)
    data = located.data
    for part in prefix:
        data = _child(data, part)[1]
    loc = _data_loc(data, first["loc"])
    path = (*prefix, *loc)
    kind = first["type"]
    suggestion = None
    if kind == "extra_forbidden":
        parent = _model_at(model, loc[:-1])
        if parent is not None and isinstance(loc[-1], str):
            suggestion = suggest(loc[-1], parent.model_fields)
            problem = "unknown field"
            expected = "one of " + ", ".join(parent.model_fields)
        else:
            problem, expected = "unknown field", None
    else:
        problem = first["msg"][0].lower() + first["msg"][1:]
        given = first.get("input")
        if kind != "missing" and not isinstance(given, dict | list):
            problem += f" (got {given!r})"
        expected = None
    more = len({tuple(_data_loc(data, e["loc"])) for e in errors}) - 1
    if more:
        problem += f" (and {more} more problem{'s' if more > 1 else ''})"
    raise error(
        problem,
        source=located.source,
        line=located.line(path),
        field=_dotted(path) or None,
        expected=expected,
        suggestion=suggestion,
    ) from None


def _data_loc(data: Any, loc: Sequence[str | int]) -> list[str | int]:
    """The parts of a pydantic error location that are real keys or indexes of the data.

    pydantic adds union-member and validator names (e.g. ``WorkingDays``) to locations; walking the
    data keeps only the path a user can find in the file. A final key absent from the data (a
    missing field) is kept.
    """
    kept: list[str | int] = []
    current = data
    for position, part in enumerate(loc):
        found, child = _child(current, part)
        if found:
            kept.append(part)
            current = child
        elif position == len(loc) - 1 and isinstance(part, str) and isinstance(current, dict):
            kept.append(part)
    return kept


def _child(data: Any, part: str | int) -> tuple[bool, Any]:
    """``data[part]`` when the data has it, as (found, value)."""
    if isinstance(data, dict) and part in data:
        return True, data[part]
    if isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
        return True, data[part]
    return False, None
