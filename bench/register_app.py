"""The app the register benchmark serves: the civcas site plus a no-op endpoint as the baseline."""

from __future__ import annotations

import os

from civcas.web.app import create_app

app = create_app(os.environ["CIVCAS_BENCH_URL"], secret_key="bench")


@app.get("/bench/noop")
async def noop() -> dict[str, bool]:
    """Does nothing: what FastAPI and uvicorn cost on their own on this machine."""
    return {"ok": True}
