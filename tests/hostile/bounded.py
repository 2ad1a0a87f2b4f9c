"""Run one command under an address-space cap and report how it ended, as one JSON object.

    python -m tests.hostile.bounded --as-bytes N --timeout S --out FILE --err FILE -- COMMAND...

This process becomes a child subreaper (prctl PR_SET_CHILD_SUBREAPER), so any process the command
leaves behind — an orphaned `soffice.bin`, an OCR worker whose parent died, even one that called
setsid — is reparented here instead of to init, and can be seen: after the command exits, what is
still alive under us is a leftover. Leftovers are listed, then killed and reaped. The command runs
in its own session (killed whole on timeout). Peak memory is the largest resident set of any
process of the tree (RUSAGE_CHILDREN's ru_maxrss: the command, its reaped children, the orphans).
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

PR_SET_CHILD_SUBREAPER = 36


def become_subreaper() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER) failed")


def children_of(pid: int) -> list[tuple[int, str, str]]:
    """Live (not zombie) processes whose parent is `pid`: (pid, state, command line)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
        except OSError:
            continue
        # pid (comm) state ppid …: comm may hold spaces and parentheses, so split after the last ')'
        state, ppid = stat[stat.rindex(")") + 2 :].split()[:2]
        if int(ppid) == pid and state != "Z":
            found.append((int(entry.name), state, cmdline or stat[stat.index("(") + 1 : stat.rindex(")")]))
    return found


def reap() -> None:
    while True:
        try:
            pid, _status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def run(command: list[str], as_bytes: int, timeout: float, out: Path, err: Path, grace: float) -> dict[str, object]:
    become_subreaper()

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (as_bytes, as_bytes))

    started = time.monotonic()
    with out.open("wb") as stdout, err.open("wb") as stderr:
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr, preexec_fn=cap, start_new_session=True
        )
        hung = False
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            hung = True
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    seconds = time.monotonic() - started
    # A child the command told to die may take a moment: wait `grace` seconds for the tree to empty.
    deadline = time.monotonic() + grace
    while (left := children_of(os.getpid())) and time.monotonic() < deadline:
        reap()
        time.sleep(0.1)
    left = children_of(os.getpid())
    for pid, _state, _cmd in left:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(os.getpgid(pid), signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    time.sleep(0.2)
    reap()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    code = process.returncode
    return {
        "returncode": code if code >= 0 else None,
        "signal": signal.Signals(-code).name if code < 0 else None,
        "hung": hung,
        "seconds": round(seconds, 1),
        "leftovers": [cmd[:200] for _pid, _state, cmd in left],
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--as-bytes", type=int, required=True)
    parser.add_argument("--timeout", type=float, required=True)
    parser.add_argument("--grace", type=float, default=3.0)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--err", type=Path, required=True)
    parser.add_argument("command", nargs="+")
    args = parser.parse_args(argv)
    report = run(args.command, args.as_bytes, args.timeout, args.out, args.err, args.grace)
    sys.stdout.write(json.dumps(report) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
