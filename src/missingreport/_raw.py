"""A record as a reader yields it, before checking (re-exported by :mod:`.engine`)."""

from __future__ import annotations

from typing import Any

from .structure import Problem, decode_json

__all__ = ["RawRecord"]


class RawRecord:
    """One record as a reader yields it, before checking.

    A JSON reader may give the record's text instead of its value (``text``): the
    engine then validates the model straight from the text when the record is sound
    (:func:`~._fastjson.fast_report`), and the text is decoded only when it is not, or
    when ``data`` or ``problem`` is asked for (once; the outcome is kept).

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
        init = object.__setattr__
        init(self, "source", source)
        init(self, "record", record)
        init(self, "line", line)
        init(self, "_data", data)
        init(self, "_problem", problem)
        init(self, "strict", strict)
        init(self, "notes", notes)
        init(self, "text", text if data is None and problem is None else None)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"RawRecord is read-only: cannot set {name}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"RawRecord is read-only: cannot delete {name}")

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled as it stands (undecoded text stays text): sent to worker processes."""
        if self.text is not None:
            return (
                _from_text,
                (self.source, self.record, self.line, self.text, self.strict, self.notes),
            )
        return (RawRecord, self._fields())

    def _decode(self) -> None:
        if self.text is not None:
            data, problem = decode_json(self.text)
            object.__setattr__(self, "_data", data)
            object.__setattr__(self, "_problem", problem)
            object.__setattr__(self, "text", None)

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


def _from_text(
    source: str | None,
    record: int | None,
    line: int | None,
    text: str | bytes,
    strict: bool,
    notes: tuple[Problem, ...],
) -> RawRecord:
    return RawRecord(source, record, line, strict=strict, notes=notes, text=text)
