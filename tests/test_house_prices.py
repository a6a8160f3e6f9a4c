"""The Ames house sales of data.house_prices: the file, its checksum, and no network."""

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mlpbook import data

ROOT = Path(__file__).resolve().parent.parent


def test_the_shipped_file_has_the_recorded_checksum():
    digest = hashlib.sha256(data._ames_file().read_bytes()).hexdigest()
    assert digest == data.AMES_SHA256


def test_table_shape_types_and_values():
    features, price = data.house_prices()
    assert isinstance(features, pd.DataFrame) and isinstance(price, pd.Series)
    assert features.shape == (2930, 79) and price.shape == (2930,)
    assert price.name == "price" and price.dtype == np.float64
    assert price.min() == 12789.0 and price.max() == 755000.0
    categorical = [c for c in features if isinstance(features[c].dtype, pd.CategoricalDtype)]
    assert len(categorical) == 44 and "MS SubClass" in categorical
    assert features["Neighborhood"].nunique() == 28
    # NaN marks "none" in Alley (2,732 sales without alley access) and gaps in Lot Frontage.
    assert features["Alley"].isna().sum() == 2732
    assert features["Lot Frontage"].isna().sum() == 490
    assert int(features["Gr Liv Area"].max()) == 5642


def test_a_changed_file_is_refused(monkeypatch, tmp_path):
    bad = tmp_path / "ames.pkl.compress"
    bad.write_bytes(data._ames_file().read_bytes()[:-1])
    monkeypatch.setattr(data, "_ames_file", lambda: bad)
    with pytest.raises(RuntimeError, match="SHA-256"):
        data.house_prices()


_LOAD = "from mlpbook import data; f, p = data.house_prices(); print(f.shape[0], p.shape[0])"
#: The same load with every socket refused, for machines where unshare is not allowed.
_GUARDED = (
    "import socket\n"
    "def _no(*a, **k): raise OSError('network disabled by the test')\n"
    "socket.socket = _no; socket.create_connection = _no; socket.getaddrinfo = _no\n" + _LOAD
)


def _command() -> list[str]:
    if os.name == "posix" and os.geteuid() == 0 and shutil.which("unshare"):
        probe = subprocess.run(["unshare", "-n", "true"], capture_output=True, check=False)
        if probe.returncode == 0:
            return ["unshare", "-n", sys.executable, "-c", _LOAD]
    return [sys.executable, "-c", _GUARDED]


def test_loads_with_the_network_disabled():
    out = subprocess.run(
        _command(), cwd=ROOT, capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.split() == ["2930", "2930"]


def test_the_guard_really_blocks_sockets():
    code = _GUARDED.replace(_LOAD, "import socket; socket.create_connection(('127.0.0.1', 9))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode != 0 and "network disabled by the test" in out.stderr
