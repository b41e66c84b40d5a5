"""A real full disk, where one can be made: a small tmpfs mounted in a private mount
namespace (`unshare`, which needs either root or unprivileged user namespaces). The
workstation is copied onto it, the disk is filled, and `bjstc` must refuse plainly and
change nothing; once there is room again, everything verifies. Skipped, with the reason,
where no such file system can be mounted (test_full_disk.py covers every machine)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import OFFICER_PASS
from tests.faults.conftest import AUDITOR_PASS, CONTRACT, Bench

_SCRIPT = r"""
set -u
mount -t tmpfs -o size=4m tmpfs "$MNT" || exit 97
cp -a "$SRC" "$MNT/ws"
export BJSTC_DATA_DIR="$MNT/ws"
bjstc() { "$PY" -m bjstc_desktop.cli "$@"; }
new_case() { BJSTC_PASSPHRASE="$OFFICER" bjstc --user zhang case new --type tech_contract --title "$1" $FIELDS; }
dd if=/dev/zero of="$MNT/filler" bs=4096 2>/dev/null
new_case 满盘一; echo "rc_full=$?"
truncate -s -96K "$MNT/filler"
new_case 满盘二; echo "rc_nearly=$?"
rm "$MNT/filler"
new_case 有空间; echo "rc_room=$?"
BJSTC_PASSPHRASE="$AUDITOR" bjstc --user shen audit verify; echo "rc_verify=$?"
BJSTC_PASSPHRASE="$OFFICER" bjstc --user zhang case list --json | "$PY" -c 'import json,sys; print("titles=" + ",".join(sorted(c["title"] for c in json.load(sys.stdin))))'
"""


@pytest.mark.slow
def test_a_real_full_disk(bench: Bench, tmp_path: Path) -> None:
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.skip("no unshare(1): a small tmpfs cannot be mounted here")
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    fields = " ".join(f"--field {k}={v}" for k, v in CONTRACT.items())
    env = {**bench.env(), "MNT": str(mnt), "SRC": str(bench.data_dir), "PY": sys.executable,
           "OFFICER": OFFICER_PASS, "AUDITOR": AUDITOR_PASS, "FIELDS": fields}
    env.pop("BJSTC_DATA_DIR")
    proc = subprocess.run([unshare, "--user", "--map-root-user", "--mount", "bash", "-c", _SCRIPT], env=env,
                          capture_output=True, text=True, timeout=600)
    if proc.returncode == 97 or "unshare failed" in proc.stderr or "Operation not permitted" in proc.stderr:
        pytest.skip(f"no private tmpfs can be mounted here: {proc.stderr.strip()[:200]}")
    out, err = proc.stdout, proc.stderr
    assert "Traceback" not in out + err, err
    results = dict(line.split("=", 1) for line in out.splitlines() if "=" in line and line.split("=", 1)[0].isidentifier())
    assert results["rc_full"] == "1" and results["rc_nearly"] in ("0", "1"), (out, err)
    assert err.count("磁盘空间不足") >= 1 + (results["rc_nearly"] == "1"), err
    assert results["rc_room"] == "0" and results["rc_verify"] == "0", (out, err)
    expected = {"有空间"} | ({"满盘二"} if results["rc_nearly"] == "0" else set())
    assert set(results["titles"].split(",")) == expected, out
