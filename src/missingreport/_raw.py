"""A record as a reader yields it, before checking (re-exported by :mod:`.engine`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .structure import Problem, decode_json

__all__ = ["RawRecord", "from_text"]


class RawRecord:
    """One record as a reader yields it, before checking.

    A JSON reader may give the record's text instead of its value (``text``): the
    model is then validated straight from the text when the record is sound
    (:func:`~._fastjson.fast_report`, through the engine), and the text is decoded
    only when it is not, or when ``data`` or ``problem`` is asked for (once; the
    outcome is kept).

    Attributes:
        data: the decoded value (``None`` when ``problem`` says why it could not be read).
        problem: an unreadable-record problem found by the reader.
        strict: JSON is read strictly; CSV cells (all text) are read lax.
        notes: problems the reader found in a readable record (encoding, ambiguous dates).
        text: the JSON text of the record, when the reader left it undecoded.
    """

    __slots__ = ("_data", "_problem", "line", "notes", "record", "source", "strict", "text")

    source: str | None
    record: int | None
    line: int | None
    strict: bool
    notes: tuple[Problem, ...]
    text: str | bytes | None
    _data: Any
    _problem: Problem | None

    def __init__(
        self,
        source: str | None,
        record: int | None,
        line: int | None,
        data: Any = None,
        problem: Problem | None = None,
        strict: bool = True,
        notes: tuple[Problem, ...] = (),
        *,
        text: str | bytes | None = None,
    ) -> None:
        _set_source(self, source)
        _set_record(self, record)
        _set_line(self, line)
        _set_data(self, data)
        _set_problem(self, problem)
        _set_strict(self, strict)
        _set_notes(self, notes)
        _set_text(self, text if data is None and problem is None else None)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"RawRecord is read-only: cannot set {name}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"RawRecord is read-only: cannot delete {name}")

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled as it stands (undecoded text stays text): sent to worker processes."""
        if self.text is not None:
            return (
                from_text,
                (self.source, self.record, self.line, self.text, self.strict, self.notes),
            )
        return (RawRecord, self._fields())

    def _decode(self) -> None:
        if self.text is not None:
            data, problem = decode_json(self.text)
            _set_data(self, data)
            _set_problem(self, problem)
            _set_text(self, None)

    @property
    def data(self) -> Any:
        """The decoded value (``None`` when ``problem`` says why it could not be read)."""
        self._decode()
        return self._data

    @property
    def problem(self) -> Problem | None:
        """An unreadable-record problem found by the reader (or in decoding ``text``)."""
        self._decode()
        return self._problem

    def _fields(self) -> tuple[Any, ...]:
        return (
            self.source, self.record, self.line, self.data, self.problem, self.strict, self.notes
        )  # fmt: skip

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RawRecord):
            return NotImplemented
        return self._fields() == other._fields()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"RawRecord(source={self.source!r}, record={self.record!r}, line={self.line!r}, "
            f"data={self.data!r}, problem={self.problem!r}, strict={self.strict!r}, "
            f"notes={self.notes!r})"
        )


def _setter(name: str) -> Callable[[RawRecord, Any], None]:
    setter: Callable[[RawRecord, Any], None] = vars(RawRecord)[name].__set__
    return setter


# The slots' own setters: they pass by the read-only ``__setattr__``, at half the cost
# of ``object.__setattr__`` (a record is made for every line read).
_set_source = _setter("source")
_set_record = _setter("record")
_set_line = _setter("line")
_set_data = _setter("_data")
_set_problem = _setter("_problem")
_set_strict = _setter("strict")
_set_notes = _setter("notes")
_set_text = _setter("text")
_new = object.__new__


def from_text(
    source: str | None,
    record: int | None,
    line: int | None,
    text: str | bytes,
    strict: bool = True,
    notes: tuple[Problem, ...] = (),
) -> RawRecord:
    """``RawRecord(source, record, line, strict=strict, notes=notes, text=text)``, faster.

    The readers make one per line of JSON Lines; pickling uses it too.
    """
    raw: RawRecord = _new(RawRecord)
    _set_source(raw, source)
    _set_record(raw, record)
    _set_line(raw, line)
    _set_data(raw, None)
    _set_problem(raw, None)
    _set_strict(raw, strict)
    _set_notes(raw, notes)
    _set_text(raw, text)
    return raw
