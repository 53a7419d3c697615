from __future__ import annotations

from domain.meta import Meta, make_meta


def meta(actor: str = "tester", **kwargs: object) -> Meta:
    return make_meta(actor=actor, channel="api", **kwargs)  # type: ignore[arg-type]
