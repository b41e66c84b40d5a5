"""After cases with distinctive text are made, no file under the data directory (store,
-wal, -shm, blobs, logs, backups) and nothing in the temp directory holds that text or
a passphrase in plain. Runs the real `bjstc` in subprocesses with real Argon2 costs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import env_for

ADMIN = "Admin-Passphrase-Zebra-7781"
OFFICER = "Officer-Passphrase-Quokka-5512"
SECRET_TITLE = "鸿蒙七号量子芯片绝密试验XQZ"
SECRET_FIELD = "ZZTOPSECRETMARKER9931"


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([sys.executable, "-m", "bjstc_desktop.cli", *args], env=env, capture_output=True,
                          text=True, timeout=120)
    assert "Traceback" not in proc.stderr
    return proc


def _needles() -> list[bytes]:
    out = []
    for text in (SECRET_TITLE, SECRET_FIELD, ADMIN, OFFICER, "鸿蒙七号"):
        out += [text.encode("utf-8"), text.encode("utf-16-le")]
    return out


@pytest.mark.real_kdf
@pytest.mark.slow
def test_no_plaintext_case_content_or_passphrase_on_disk(tmp_path: Path) -> None:
    data, tmp = tmp_path / "data", tmp_path / "tmp"
    tmp.mkdir()
    base = env_for(data, TMPDIR=str(tmp), TEMP=str(tmp), TMP=str(tmp))
    assert _run(["init", "--workstation", "保密测试", "--admin", "admin"], {**base, "BJSTC_PASSPHRASE": ADMIN}).returncode == 0
    rc = _run(["user", "add", "zhang", "--role", "officer", "--clearance", "秘密", "--modules", "all"],
              {**base, "BJSTC_USER": "admin", "BJSTC_PASSPHRASE": ADMIN, "BJSTC_NEW_PASSPHRASE": OFFICER})
    assert rc.returncode == 0, rc.stderr
    officer = {**base, "BJSTC_USER": "zhang", "BJSTC_PASSPHRASE": OFFICER}
    for i in range(3):
        p = _run(["case", "new", "--type", "tech_contract", "--title", f"{SECRET_TITLE}{i}",
                  "--field", "contract_type=技术开发", "--field", f"seller=北京{SECRET_FIELD}有限公司",
                  "--field", "seller_uscc=91110000600037341L", "--field", "contract_amount=100万",
                  "--field", "tech_amount=90万", "--classification", "秘密", "--secrecy-period", "10年"], officer)
        assert p.returncode == 0, p.stderr
    assert "鸿蒙七号" in _run(["search", "鸿蒙"], officer).stdout
    case_id = _run(["case", "list", "--json"], officer).stdout.split('"id": "')[1].split('"')[0]
    attachment = tmp / "附件.txt"
    attachment.write_text(f"{SECRET_TITLE} {SECRET_FIELD}", encoding="utf-8")
    assert _run(["case", "attach", case_id, str(attachment)], officer).returncode == 0
    attachment.unlink()  # the officer's own source file is not the program's to keep
    assert _run(["backup", "-o", str(data / "backups" / "full.bak")],
                {**base, "BJSTC_USER": "admin", "BJSTC_PASSPHRASE": ADMIN}).returncode == 0
    _run(["info"], {**base, "BJSTC_USER": "zhang", "BJSTC_PASSPHRASE": "a wrong passphrase"})

    files = [p for root in (data, tmp) for p in root.rglob("*") if p.is_file()]
    assert any(p.name == "store.db" for p in files) and any(p.suffix == ".log" for p in files)
    for path in files:
        content = path.read_bytes()
        for needle in _needles():
            assert needle not in content, f"{needle!r} found in plain in {path}"
