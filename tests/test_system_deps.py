"""``tools/system-deps.sh``, the first step of ``make test``: the logic that decides
what is missing and what to do about it, on a PATH where nothing is installed (a
fake ``id`` says who runs it). Nothing is installed: as root it runs ``--dry-run``."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "tools" / "system-deps.sh"
EVERYTHING = (
    "apt-get update && apt-get install -y chromium && apt-get install -y "
    "--no-install-recommends texlive-xetex texlive-latex-extra texlive-fonts-recommended "
    "latexmk fonts-freefont-otf librsvg2-bin poppler-utils nodejs npm"
)


def _run(tmp_path: Path, uid: int, *args: str) -> subprocess.CompletedProcess[str]:
    """The script with only a fake ``id`` on PATH: no dpkg, TeX, Chromium or Node."""
    fake_id = tmp_path / "id"
    fake_id.write_text(f"#!/bin/bash\necho {uid}\n", encoding="utf8")
    fake_id.chmod(0o755)
    return subprocess.run(
        ["/bin/bash", str(SCRIPT), *args],
        env={"PATH": str(tmp_path)},
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    )


def test_as_another_user_it_stops_with_the_apt_get_line(tmp_path: Path) -> None:
    result = _run(tmp_path, 1000)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == "  " + EVERYTHING
    assert result.stdout == ""


def test_as_root_it_installs_what_is_missing(tmp_path: Path) -> None:
    result = _run(tmp_path, 0, "--dry-run")
    assert result.returncode == 0
    assert result.stdout.strip() == EVERYTHING


def test_chromium_named_by_the_environment_counts(tmp_path: Path) -> None:
    chrome = tmp_path / "my-chrome"
    chrome.write_text("#!/bin/bash\n", encoding="utf8")
    chrome.chmod(0o755)
    fake_id = tmp_path / "id"
    fake_id.write_text("#!/bin/bash\necho 0\n", encoding="utf8")
    fake_id.chmod(0o755)
    result = subprocess.run(
        ["/bin/bash", str(SCRIPT), "--dry-run"],
        env={"PATH": str(tmp_path), "CHROMIUM": "my-chrome"},
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    )
    assert result.returncode == 0
    assert "chromium" not in result.stdout and "texlive-xetex" in result.stdout


@pytest.mark.parametrize("argument", ["--install", "-n"])
def test_an_unknown_argument_is_refused(tmp_path: Path, argument: str) -> None:
    assert _run(tmp_path, 0, argument).returncode == 2
