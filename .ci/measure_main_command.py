"""Run the README's main command as a new user would (a fresh clone of the committed repository, a new venv) and
record its install time and size, its run time, memory and scores in nbs/tooling/main_command.json, from which the
README's "Two commands" section renders them. Time figures need a quiet machine: run nothing else beside it."""
import csv, json, os, platform, subprocess, sys, tempfile, time
from datetime import datetime, timezone
from pathlib import Path

repo = Path(__file__).resolve().parents[1]
out = repo/"nbs"/"tooling"/"main_command.json"

def readme_command() -> tuple[str, str]:
    "The README's main command, split into its set-up and its run."
    line = next((l for l in (repo/"README.md").read_text().splitlines()
                 if l.startswith("python3 -m venv") and "papermill nbs/benchmark.ipynb" in l), None)
    if line is None: sys.exit("README.md has no main command (a line 'python3 -m venv ... papermill nbs/benchmark.ipynb ...').")
    setup, run = line.split(" && .venv/bin/papermill ", 1)
    return setup, ".venv/bin/papermill " + run

def timed(command: str, cwd: Path) -> float:
    "Seconds `command` took in `cwd`; its output goes to a log beside it, and a failure stops with that log's tail."
    t0, log = time.perf_counter(), cwd/"measure.log"
    with open(log, "a") as f: done = subprocess.run(command, shell=True, cwd=cwd, stdout=f, stderr=subprocess.STDOUT)
    if done.returncode: sys.exit(f"'{command}' failed:\n" + "".join(log.read_text().splitlines(True)[-20:]))
    return round(time.perf_counter() - t0, 1)

def cpu_flags() -> set:
    "The processor's feature flags (Linux), or none where /proc/cpuinfo is missing."
    info = Path("/proc/cpuinfo")
    return set(next((l.split(":", 1)[1].split() for l in info.read_text().splitlines() if l.startswith("flags")), [])) \
        if info.exists() else set()

def main():
    setup, run = readme_command()
    with tempfile.TemporaryDirectory() as tmp:
        clone = Path(tmp)/"clone"
        subprocess.run(["git", "clone", "-q", str(repo), str(clone)], check=True)
        commit = subprocess.check_output(["git", "rev-parse", "--short", "HEAD"], cwd=clone, text=True).strip()
        install_s = timed(setup, clone)
        venv_mb = int(subprocess.check_output(["du", "-sm", ".venv"], cwd=clone, text=True).split()[0])
        run_s = timed(run, clone)
        row = list(csv.DictReader(open(clone/"results"/"runs.csv")))[-1]
    rounds = lambda start: [float(x) for x in next(v for k, v in row.items() if k.startswith(f"msa_rounds_{start}_")).split(";")]
    record = dict(command=f"{setup} && {run}", commit=commit, measured=datetime.now(timezone.utc).isoformat(timespec="seconds"),
                  machine=platform.machine(), cores=os.cpu_count(), avx512="avx512f" in cpu_flags(),
                  precision=row["precision"], install_s=install_s, venv_mb=venv_mb, run_s=run_s,
                  peak_mem_mb=int(float(row["peak_mem_mb"])), iterations=int(row["iterations"]),
                  box_rounds=rounds("box"), point_rounds=rounds("point"))
    out.write_text(json.dumps(record, indent=1) + "\n")
    print(json.dumps(record, indent=1))

if __name__ == "__main__": main()
