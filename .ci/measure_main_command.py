"""Run the README's main command as a new user would and record what it cost in nbs/tooling/main_command.json, from
which the README's "Two commands" section renders its install time and size, run time, memory and scores.

A fresh clone of the committed repository, a new venv, no pip cache, none of this shell's thread, data or Python path
settings (the machine's own pip configuration stays). Time figures need a quiet machine: the script stops if anything
else keeps the processor busy (--busy-ok measures anyway, to check the script itself; do not commit such a record)."""
import csv, json, os, platform, signal, subprocess, sys, tempfile, time
from datetime import datetime, timezone
from pathlib import Path

repo = Path(__file__).resolve().parents[1]
out = repo/"nbs"/"tooling"/"main_command.json"
SEPARATOR = " && .venv/bin/papermill "  # between the command's set-up and its run
INHERITED = ("OMP_", "MKL_", "OPENBLAS_", "PEFT_SAM_", "PYTHONPATH", "VIRTUAL_ENV")  # this shell's, not a new user's

def readme_command(readme: Path) -> tuple[str, str]:
    "The README's main command, split into its set-up and its run."
    line = next((l for l in readme.read_text().splitlines() if l.startswith("python3 -m venv") and SEPARATOR in l), None)
    if line is None: sys.exit(f"{readme} has no main command (a line 'python3 -m venv ...{SEPARATOR}nbs/benchmark.ipynb ...').")
    setup, run = line.split(SEPARATOR, 1)
    return setup, SEPARATOR.removeprefix(" && ") + run

def timed(command: str, cwd: Path, env: dict) -> float:
    "Seconds `command` took in `cwd`; its output goes to a log beside it, and a failure stops with that log's tail."
    t0, log = time.perf_counter(), cwd/"measure.log"
    with open(log, "a") as f: done = subprocess.run(command, shell=True, cwd=cwd, env=env, stdout=f, stderr=subprocess.STDOUT)
    if done.returncode: sys.exit(f"'{command}' failed:\n" + "".join(log.read_text().splitlines(True)[-20:]))
    return round(time.perf_counter() - t0, 1)

def cpu_flags() -> set:
    "The processor's feature flags (Linux), or none where /proc/cpuinfo is missing."
    info = Path("/proc/cpuinfo")
    return set(next((l.split(":", 1)[1].split() for l in info.read_text().splitlines() if l.startswith("flags")), [])) \
        if info.exists() else set()

def score_rounds(row: dict, start: str) -> list[float]:
    "mSA after each prompting round from `start` (box or point), from the run's results row."
    column = f"msa_rounds_{start}" + ("" if row["corrections"] == "center" else f"_{row['corrections']}")
    if not row.get(column): sys.exit(f"The run's row has no {column}: the benchmark's columns changed; update this script.")
    return [float(x) for x in row[column].split(";")]

def main():
    load = os.getloadavg()[0]
    if load > 0.5 and "--busy-ok" not in sys.argv:
        sys.exit(f"The machine is busy (load {load:.2f}): time figures need a quiet one. Stop other jobs and run again.")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # a timeout still removes the clone and its venv
    env = {k: v for k, v in os.environ.items() if not k.startswith(INHERITED)} | {"PIP_NO_CACHE_DIR": "1"}
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as tmp:
        clone = Path(tmp)/"clone"
        subprocess.run(["git", "clone", "-q", str(repo), str(clone)], check=True)
        commit = subprocess.check_output(["git", "rev-parse", "--short", "HEAD"], cwd=clone, text=True).strip()
        setup, run = readme_command(clone/"README.md")
        install_s = timed(setup, clone, env)
        venv_mb = int(subprocess.check_output(["du", "-sm", ".venv"], cwd=clone, text=True).split()[0])
        run_s = timed(run, clone, env)
        with open(clone/"results"/"runs.csv") as f: row = list(csv.DictReader(f))[-1]
    record = dict(command=f"{setup}{SEPARATOR}{run.removeprefix('.venv/bin/papermill ')}", commit=commit,
                  measured=datetime.now(timezone.utc).isoformat(timespec="seconds"), load_before=round(load, 2),
                  machine=platform.machine(), cores=len(os.sched_getaffinity(0)), avx512="avx512f" in cpu_flags(),
                  precision=row["precision"], install_s=install_s, venv_mb=venv_mb, run_s=run_s,
                  peak_mem_mb=int(float(row["peak_mem_mb"])), iterations=int(row["iterations"]),
                  box_rounds=score_rounds(row, "box"), point_rounds=score_rounds(row, "point"))
    out.write_text(json.dumps(record, indent=1) + "\n")
    print(json.dumps(record, indent=1))

if __name__ == "__main__": main()
