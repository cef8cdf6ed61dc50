"""What the benchmarks that drive a server with wrk share: their common command-line options, the
check that wrk is installed, and starting and stopping the server: its own process group, up when
its port answers, stopped with every worker it forked."""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence

STARTUP_SECONDS = 300  # a busy 2-core machine starts a server slowly


def serving_parser(
    description: str, *, clients: int, seconds: int, workers: int, server: str
) -> argparse.ArgumentParser:
    """A parser with the options every such benchmark takes, with its defaults; `server` names
    what runs the worker processes."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--clients", type=int, default=clients, help="concurrent wrk connections")
    parser.add_argument("--seconds", type=int, default=seconds)
    parser.add_argument("--workers", type=int, default=workers, help=f"{server} worker processes")
    return parser


def require_wrk() -> None:
    """Exit with a hint unless wrk, which drives the load, is installed."""
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed: apt-get install wrk")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start(
    command: Sequence[str], port: int, env: Mapping[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """Run `command` and return once `port` accepts connections."""
    process = subprocess.Popen(
        list(command),
        env=None if env is None else {**os.environ, **env},
        stdout=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: stop() ends the workers with it
    )
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline and process.poll() is None:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return process
        time.sleep(0.1)
    stop(process)
    raise TimeoutError(f"{command[0]} did not listen on port {port}")


def stop(process: subprocess.Popen[bytes]) -> None:
    """End the server and its worker processes."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=15)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # any worker left behind
