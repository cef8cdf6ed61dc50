"""The app as an import path, for servers that start several worker processes (`--workers`).

Every worker reads the same database URL and session secret from the environment, which
`civcas serve` sets before starting them.
"""

from civcas.web.app import create_app

app = create_app()
