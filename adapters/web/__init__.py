"""The web door: server-rendered pages (Jinja2, htmx) at `/`, beside the API."""
