"""`make run`: create the demo workstation on first run, then start the program on it.

The demo workstation holds invented data only; its passphrase is printed in the
terminal (and documented), because a demonstration must be repeatable. With no display
the main window is rendered offscreen and the screenshot's path is printed.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

DEMO_PASSPHRASE = "演示工作站-demo-2026"
ACCOUNTS = (  # name, role, what they show
    ("admin", "sysadmin", "系统管理员"),
    ("zhang", "officer", "科员（全部业务模块，秘密）"),
    ("li", "approver", "处长（全部业务模块，秘密）"),
    ("shen", "auditor", "安全审计员"),
)


def _create(data_dir: Path, cases: int) -> None:
    from bjstc_desktop.core.classification import Level
    from bjstc_desktop.core.modules import MODULE_CODES
    from bjstc_desktop.core.roles import Role
    from bjstc_desktop.demo import populate
    from bjstc_desktop.workstation import Workstation

    print(f"正在创建演示工作站：{data_dir}", flush=True)
    result = Workstation.init(data_dir, "演示工作站", "admin", DEMO_PASSPHRASE, office="北京市科学技术委员会",
                              ceiling=Level.SECRET)
    with Workstation.open(data_dir, "admin", DEMO_PASSPHRASE) as ws:
        scope = frozenset(MODULE_CODES)
        ws.accounts.add("zhang", Role.OFFICER, DEMO_PASSPHRASE, Level.SECRET, scope)
        ws.accounts.add("li", Role.APPROVER, DEMO_PASSPHRASE, Level.SECRET, scope)
        ws.accounts.add("shen", Role.AUDITOR, DEMO_PASSPHRASE, recovery_code=result.recovery_code)
    with Workstation.open(data_dir, "zhang", DEMO_PASSPHRASE) as ws, \
            Workstation.open(data_dir, "li", DEMO_PASSPHRASE) as approver:
        made = populate(ws, cases, others=[approver])
    print(f"已生成 {made} 件演示案件。恢复码（演示用）：{result.recovery_code}", flush=True)


def main(argv: list[str] | None = None) -> int:
    """Create if needed, then launch the GUI (or a screenshot without a display)."""
    parser = argparse.ArgumentParser(prog="demo_run")
    parser.add_argument("--data-dir", type=Path, default=Path(".demo"))
    parser.add_argument("--cases", type=int, default=300)
    args = parser.parse_args(argv)
    data_dir = args.data_dir.resolve()
    if not (data_dir / "workstation.json").exists():
        _create(data_dir, args.cases)
    print(f"演示账户（口令均为：{DEMO_PASSPHRASE}）：")
    for name, _, label in ACCOUNTS:
        print(f"  {name:<6} {label}")
    env = {**os.environ, "BJSTC_PASSPHRASE": DEMO_PASSPHRASE, "BJSTC_USER": "zhang"}
    gui = [sys.executable, "-m", "bjstc_desktop", "--data-dir", str(data_dir), "--user", "zhang"]
    headless = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) or \
        os.environ.get("QT_QPA_PLATFORM") == "offscreen"
    if headless:
        shots = []
        for tab in ("workbench", "market"):
            out = data_dir / f"screenshot-{tab}.png"
            proc = subprocess.run([*gui, "--screenshot", str(out), "--tab", tab],
                                  env={**env, "QT_QPA_PLATFORM": "offscreen"})
            if proc.returncode != 0:
                return proc.returncode
            shots.append(out)
        print("没有显示器：已在屏幕外绘制主窗口。截图：")
        for s in shots:
            print(f"  {s}")
        return 0
    env.pop("BJSTC_PASSPHRASE")  # on a real screen the officer types it into the login dialog
    return subprocess.call(gui, env=env)


if __name__ == "__main__":
    raise SystemExit(main())
