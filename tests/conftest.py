"""Shared fixtures: a complete, correct report and a JSON Merge Patch helper."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from missingreport.reference.postal import CACHE_FOLDER_VARIABLE

HERE = Path(__file__).parent
BASE_REPORT = HERE / "rules" / "base.json"
#: The moment the fixtures are judged against (after every date in the base report).
AS_OF = "2024-04-01T00:00:00+00:00"


@pytest.fixture(autouse=True, scope="session")
def _session_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Cached reference tables go to a folder of the test session, not the user's."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(CACHE_FOLDER_VARIABLE, str(tmp_path_factory.mktemp("cache")))
        yield


def load_base() -> dict[str, Any]:
    """The complete, correct report every rule case starts from."""
    data: dict[str, Any] = json.loads(BASE_REPORT.read_text(encoding="utf-8"))
    return data


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7396 JSON Merge Patch: objects merge, ``null`` removes a key, the rest replaces."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = copy.deepcopy(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


@pytest.fixture
def report() -> dict[str, Any]:
    """A fresh copy of the complete, correct base report."""
    return load_base()
