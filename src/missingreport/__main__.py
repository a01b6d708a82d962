"""``python -m missingreport``."""

from __future__ import annotations

from .cli import main

raise SystemExit(main())
