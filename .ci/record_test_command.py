"""Record what the README's test command (as .ci/run ran it) cost in this CI run, in .ci/test_command.json (not committed).

Copied to nbs/tooling/test_command.json from a CI run on a quiet machine, it gives the README its test time; a record
from a busy machine (load above 0.5 when CI began) is refused there; `cores` are the threads the tests used."""
import json, os, platform, subprocess, sys
from datetime import datetime, timezone
from pathlib import Path

repo = Path(__file__).resolve().parents[1]

def notebooks() -> list[Path]:
    "The notebooks nbdev_test runs: every one under nbs/ outside hidden and underscored folders."
    return [p for p in (repo/"nbs").rglob("*.ipynb") if not any(part.startswith((".", "_")) for part in p.relative_to(repo).parts)]

def main(command: str, load_before: str, seconds: str):
    flags = Path("/proc/cpuinfo").read_text().split() if Path("/proc/cpuinfo").exists() else []
    record = dict(command=command, commit=subprocess.check_output(["git", "rev-parse", "--short", "HEAD"], cwd=repo,
                  text=True).strip(), measured=datetime.now(timezone.utc).isoformat(timespec="seconds"),
                  load_before=float(load_before), machine=platform.machine(),
                  cores=min(len(os.sched_getaffinity(0)), int(os.environ.get("OMP_NUM_THREADS") or 10**6)),
                  avx512="avx512f" in flags, bf16="avx512_bf16" in flags, install_and_tests_s=int(seconds),
                  notebooks=len(notebooks()))
    (repo/".ci"/"test_command.json").write_text(json.dumps(record, indent=1) + "\n")
    print(f"recorded .ci/test_command.json: {record['install_and_tests_s']} s at load {record['load_before']}")

if __name__ == "__main__": main(*sys.argv[1:])
