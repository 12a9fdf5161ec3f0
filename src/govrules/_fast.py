"""Building already-valid frozen pydantic models without re-validating them.

The engine creates thousands of findings a second from values it has itself produced and typed;
validating them again would cost more than the evaluation. ``build`` sets exactly the state that
``BaseModel.model_construct`` sets, without its per-field default and alias handling, so every
field must be given. ``tests/test_report.py`` round-trips built reports through validation to
guard this against pydantic changes.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)
_set = object.__setattr__


def build(cls: type[M], values: dict[str, Any]) -> M:
    """An instance of ``cls`` holding ``values`` (all fields, already of the right types)."""
    instance = cls.__new__(cls)
    _set(instance, "__dict__", values)
    _set(instance, "__pydantic_fields_set__", set(values))
    _set(instance, "__pydantic_extra__", None)
    _set(instance, "__pydantic_private__", None)
    return instance
