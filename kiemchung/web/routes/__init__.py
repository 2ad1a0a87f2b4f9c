"""HTTP routes: `auth` (login, users), `pages` (server-rendered pages), `api` (JSON under /api)."""
