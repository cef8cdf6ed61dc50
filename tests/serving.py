"""`civcas serve` as a real process on a free local port, for tests that need real HTTP
(browsers, truly concurrent requests)."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(port: int, process: subprocess.Popen[bytes], seconds: float = 180) -> None:
    """Until `process` itself listens on `port`: a connection alone could reach another xdist
    worker's server that took the port first (its tokens and ledger are not this test's)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"civcas serve exited with {process.returncode}")
        if listens(process.pid, port):
            return
        time.sleep(0.1)
    raise TimeoutError(f"civcas serve did not listen on {port} within {seconds} s")


def listens(pid: int, port: int) -> bool:
    """Whether process `pid` holds the socket listening on 127.0.0.1:`port` (Linux /proc)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError), open(table) as lines:
            for line in list(lines)[1:]:
                fields = line.split()
                if fields[1].endswith(f":{port:04X}") and fields[3] == "0A":  # 0A: LISTEN
                    inodes.add(fields[9])
    try:
        links = [os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")]
    except OSError:
        return False
    return any(link == f"socket:[{inode}]" for link in links for inode in inodes)


@contextmanager
def serving(database_url: str, secret_key: str, attempts: int = 3) -> Iterator[str]:
    """The base URL of `civcas serve` over `database_url`, stopped afterwards. A port found free
    can be taken before the server binds it (by another xdist worker's server): then the server
    exits at once, and is started again on another port."""
    civcas = Path(sys.executable).with_name("civcas")
    env = {**os.environ, "CIVCAS_SECRET_KEY": secret_key}
    command = [str(civcas), "--db", database_url, "serve", "--host", "127.0.0.1"]
    for attempt in range(1, attempts + 1):
        port = free_port()
        process = subprocess.Popen([*command, "--port", str(port)], env=env)
        try:
            wait_for(port, process)
        except RuntimeError:
            if attempt == attempts:
                raise
            continue
        except BaseException:
            process.kill()
            process.wait()
            raise
        break
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)
