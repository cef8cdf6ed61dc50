"""Starting and stopping the server a benchmark drives: its own process group, up when its port
answers, stopped with every worker it forked."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Mapping, Sequence

STARTUP_SECONDS = 300  # a busy 2-core machine starts a server slowly


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
