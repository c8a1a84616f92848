"""The cross-cluster view: links between the nine clusters and the eight ecosystems, the funnel, CSVs."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from web.app import render, web_of
from web.login import require_manager
from web.readmodel import STAGES
from web.stats import CLUSTERS, ECOSYSTEMS, LINKS, funnel, links, to_csv

__all__ = ["routes"]


def _scope(request: Request) -> set[str] | None:
    manager = require_manager(request)
    return None if manager.is_admin else {manager.cluster}


async def cross_cluster(request: Request) -> Response:
    """The 9×9 cluster picture, the ecosystem picture and the outcome funnel."""
    scope = _scope(request)
    model = web_of(request).model
    clusters = links(model, "clusters")
    ecosystems = links(model, "ecosystems")
    peak = max((c["suggested"] for c in clusters.values()), default=0)
    eco_peak = max((c["suggested"] for c in ecosystems.values()), default=0)
    return render(
        request,
        "cross_cluster.html",
        clusters=clusters,
        ecosystems=ecosystems,
        cluster_codes=CLUSTERS,
        peak=peak,
        eco_peak=eco_peak,
        own=funnel(model, scope),
        region=funnel(model, None),
        stages=STAGES,
        scope=scope,
        nav="cross",
    )


async def export(request: Request) -> Response:
    """``clusters.csv``, ``ecosystems.csv`` or ``funnel.csv``."""
    scope = _scope(request)
    model = web_of(request).model
    what = request.path_params["what"]
    if what in ("clusters", "ecosystems"):
        matrix = links(model, what)
        groups = CLUSTERS if what == "clusters" else ECOSYSTEMS
        rows = [
            [a, b, *(matrix[(a, b)][k] if (a, b) in matrix else 0 for k in LINKS)]
            for a in groups
            for b in groups
        ]
        body = to_csv(["from", "to", *LINKS], rows)
    elif what == "funnel":
        own, region = funnel(model, scope), funnel(model, None)
        stages = [*STAGES, "declined"]
        body = to_csv(["stage", "your_opportunities", "region"], [[s, own[s], region[s]] for s in stages])
    else:
        raise HTTPException(404, "clusters, ecosystems or funnel")
    headers = {"content-disposition": f'attachment; filename="matchmaker-{what}.csv"'}
    return Response(body, media_type="text/csv; charset=utf-8", headers=headers)


routes = [Route("/cross-cluster", cross_cluster), Route("/cross-cluster/{what}.csv", export)]
