"""One sync import in a process of its own, for bench_sync: the import timed, and the
process's peak resident memory (VmHWM) taken after it — so the memory figure is the
importing process's alone, not the export's or the benchmark's.

Reads {"data_dir", "package", "user"} and the passphrase as JSON from stdin (never
argv), writes {"import_s", "import_cpu_s", "new", "status", "peak_rss_mb"} as JSON to stdout
(`import_cpu_s`: the process's CPU time over the import, every thread: what a loaded
machine's waiting for a core does not inflate)."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def peak_rss_mb() -> float:
    """This process's peak resident set size, MB (VmHWM on Linux, ru_maxrss elsewhere)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def main() -> None:
    """Import the package named on stdin and report."""
    from bjstc_desktop.workstation import Workstation

    job = json.loads(sys.stdin.read())
    with Workstation.open(Path(job["data_dir"]), job["user"], job["passphrase"]) as ws:
        t0, c0 = time.perf_counter(), time.process_time()
        report = ws.sync.import_package(Path(job["package"]))
        import_s, import_cpu_s = time.perf_counter() - t0, time.process_time() - c0
    print(json.dumps({"import_s": round(import_s, 3), "import_cpu_s": round(import_cpu_s, 3), "new": report.new,
                      "status": report.status,
                      "peak_rss_mb": peak_rss_mb()}))


if __name__ == "__main__":
    main()
