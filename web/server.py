"""``matchmaker web``: the read model's follower, the app under uvicorn, the e-mail sender if configured."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from collections.abc import AsyncIterator

import uvicorn
from starlette.applications import Starlette

from streams.settings import Settings
from streams.topics import ensure_topics
from web.accounts import load_accounts
from web.app import Web, create_app
from web.auth import LoginLimiter
from web.follower import Follower
from web.publisher import Publisher
from web.readmodel import ReadModel, WebTopics
from web.settings import WebSettings

__all__ = ["build", "serve"]

log = logging.getLogger(__name__)


def _free_port(host: str) -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def build(settings: Settings, web: WebSettings) -> tuple[Web, Follower]:
    """The app's context and its (not yet started) follower."""
    model = ReadModel(WebTopics.for_prefix(settings.topic_prefix))
    follower = Follower(settings, model)
    ctx = Web(
        settings=settings,
        web=web,
        model=model,
        publisher=Publisher(settings),
        accounts=load_accounts(web.accounts_file),
        limiter=LoginLimiter(web.login_attempts, web.login_window_s),
        ready=follower.caught_up,
    )
    return ctx, follower


def serve(settings: Settings, web: WebSettings, *, mail: bool = True) -> None:
    """Run until interrupted: print the URL once listening; send e-mail when an SMTP host is set."""
    ensure_topics(settings)
    port = web.port or _free_port(web.host)
    web = web.model_copy(update={"port": port})
    ctx, follower = build(settings, web)
    if not ctx.accounts:
        log.warning("no manager accounts: set MATCHMAKER_WEB_ACCOUNTS_FILE (docs/WEB.md)")

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        follower.start()
        sender = None
        if mail and web.smtp.host:
            from web.mailer import Mailer

            sender = Mailer(settings, web, ctx.model)
            await sender.start()
        print(f"matchmaker web listening on {web.base_url(port)}", flush=True)
        try:
            yield
        finally:
            if sender is not None:
                await sender.stop()
            follower.stop()
            ctx.publisher.close()

    app = create_app(ctx, lifespan=lifespan)
    config = uvicorn.Config(app, host=web.host, port=port, log_level="warning", lifespan="on")
    asyncio.run(uvicorn.Server(config).serve())
