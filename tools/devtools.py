"""Developer commands behind the Makefile (``python -m tools.devtools …``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

#: JupyterLab settings that open Markdown files as (jupytext) notebooks.
LAB_OVERRIDES = {
    "@jupyterlab/docmanager-extension:plugin": {
        "defaultViewers": {"markdown": "Jupytext Notebook", "myst": "Jupytext Notebook"}
    }
}


def lab_settings(venv: Path) -> Path:
    """Write JupyterLab's ``overrides.json`` into the virtual environment."""
    target = venv / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    current = json.loads(target.read_text(encoding="utf8")) if target.exists() else {}
    current.update(LAB_OVERRIDES)
    target.write_text(json.dumps(current, indent=2) + "\n", encoding="utf8")
    return target


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "lab-settings":
        print(f"wrote {lab_settings(Path(argv[1]))}")
        return 0
    print("usage: python -m tools.devtools lab-settings VENV", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
