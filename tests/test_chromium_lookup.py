"""tests.browser.find_chromium: the CHROMIUM variable first, then PATH, else one error."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests import browser as B


def fake_executable(directory: Path, name: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text("#!/bin/sh\nexit 0\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.fixture
def empty_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """PATH holds one empty directory and CHROMIUM is unset."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.delenv("CHROMIUM", raising=False)
    return bin_dir


def test_variable_comes_first(monkeypatch: pytest.MonkeyPatch, empty_path: Path) -> None:
    fake_executable(empty_path, "chromium")
    chosen = fake_executable(empty_path.parent / "elsewhere", "my-chrome")
    monkeypatch.setenv("CHROMIUM", str(chosen))
    assert B.find_chromium() == chosen


def test_variable_may_name_a_command(monkeypatch: pytest.MonkeyPatch, empty_path: Path) -> None:
    chosen = fake_executable(empty_path, "google-chrome")
    monkeypatch.setenv("CHROMIUM", "google-chrome")
    assert B.find_chromium() == chosen


def test_bad_variable_is_an_error_naming_it(
    monkeypatch: pytest.MonkeyPatch, empty_path: Path
) -> None:
    fake_executable(empty_path, "chromium")  # PATH would have one: the variable still wins
    monkeypatch.setenv("CHROMIUM", str(empty_path / "missing"))
    with pytest.raises(B.ChromiumMissing, match="CHROMIUM="):
        B.find_chromium()


@pytest.mark.parametrize("name", B.CHROMIUM_NAMES)
def test_path_names(empty_path: Path, name: str) -> None:
    expected = fake_executable(empty_path, name)
    assert B.find_chromium() == expected


def test_path_order(empty_path: Path) -> None:
    for name in reversed(B.CHROMIUM_NAMES):
        fake_executable(empty_path, name)
    assert B.find_chromium() == empty_path / B.CHROMIUM_NAMES[0]


def test_missing_is_one_error_saying_what_to_do(empty_path: Path) -> None:
    with pytest.raises(B.ChromiumMissing) as caught:
        B.find_chromium()
    message = str(caught.value)
    assert "CHROMIUM" in message and "apt-get install -y chromium" in message
    assert all(name in message for name in B.CHROMIUM_NAMES)


def test_missing_chromium_fails_the_browser_tests_once(tmp_path: Path) -> None:
    """A pytest run of the browser tests without Chromium: one failure, one message."""
    root = Path(__file__).resolve().parent.parent
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "CHROMIUM"}
    env["PATH"] = str(bin_dir)  # python is called by its full path below
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "tests/test_browser.py", "-k", "not thebe"],
        cwd=root, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    # one failing test with the full message (pytest repeats it in its summary line,
    # cut to the terminal's width except under CI=true, so the section is counted)
    assert out.count("ERROR at setup") == 1 and "or set CHROMIUM=/path/to/chrome" in out, out
    assert "1 error" in out and "deselected" in out, out
