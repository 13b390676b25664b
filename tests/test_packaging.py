"""The project installs as one ``teplovoda`` namespace: nothing else at the top of site-packages."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile

from tests.conftest import REPO

OLD_IMPORT = re.compile(r"^\s*(from|import) (models|ui|telemetry)\b", re.M)


def test_wheel_holds_only_the_teplovoda_namespace(tmp_path):
    """``pip install .`` installs what the wheel holds: teplovoda/... and its dist-info, with the data files.

    Built from a copy of the checkout: setuptools writes build/ and *.egg-info into the tree it builds."""
    src = tmp_path / "src"
    keep = ("models", "telemetry", "ui", "pyproject.toml", "README.md")
    src.mkdir()
    for name in keep:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(REPO / name, src / name)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(src)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("teplovoda-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names}
    assert {t for t in tops if not t.endswith(".dist-info")} == {"teplovoda"}
    for needed in (
        "teplovoda/models/water/hydraulics.py",
        "teplovoda/models/costing/data/technology_costs.csv",
        "teplovoda/models/recovery/data/repair_durations.csv",
        "teplovoda/models/power/data/diesel_fuel_consumption_chart.csv",
        "teplovoda/telemetry/config/mosquitto.conf.template",
        "teplovoda/telemetry/registers/dse_gencomm.csv",
        "teplovoda/telemetry/gateway.modbus.sample.toml",
        "teplovoda/ui/app.py",
        "teplovoda/ui/assets/favicon.png",
        "teplovoda/ui/app_pages/live.py",
        "teplovoda/ui/views/water.py",
    ):
        assert needed in names, needed
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    assert "teplovoda = teplovoda.ui.cli:main" in zipfile.ZipFile(wheel).read(entry).decode()


def test_the_namespace_imports_from_anywhere(tmp_path):
    """Outside the checkout (no folder named models/ on the path) the installed names are the only ones."""
    code = (
        "import teplovoda.models.water, teplovoda.telemetry.schema, teplovoda.ui.cli\n"
        "try:\n    import models\nexcept ImportError:\n    print('ok')"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_no_module_imports_the_old_top_level_names():
    """In the checkout ``models`` is also importable as a folder; code that used it would load every module twice."""
    files = subprocess.run(["git", "ls-files", "*.py"], cwd=REPO, capture_output=True, text=True, check=True).stdout.split()
    offenders = [f for f in files if OLD_IMPORT.search((REPO / f).read_text(encoding="utf-8"))]
    assert offenders == []
