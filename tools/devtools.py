"""Developer commands behind the Makefile (``python -m tools.devtools …``)."""

from __future__ import annotations

import argparse
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
    parser = argparse.ArgumentParser(prog="python -m tools.devtools", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    lab = commands.add_parser("lab-settings", help="write JupyterLab's overrides.json")
    lab.add_argument("venv", type=Path, help="the virtual environment, e.g. .venv")
    args = parser.parse_args(argv)  # exits with status 2 and the usage on bad input
    print(f"wrote {lab_settings(args.venv)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
