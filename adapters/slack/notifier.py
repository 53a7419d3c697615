"""The Slack side of the Notifier port: DMs to people, posts to channels.

Each (notification key, conversation) is posted at most once: what was
posted is recorded in `slack_deliveries` before the dispatcher records the
delivery, so a retried notification only posts what is still missing.
Slack's rate limits (HTTP 429 with Retry-After) are waited out by the Web
client's retry handler; what still cannot be posted is reported as failed
and retried by the dispatcher later, so nothing is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import structlog
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from sqlalchemy import select

from adapters.slack import blocks as b
from adapters.slack.config import SlackConfig
from adapters.slack.i18n import lang_of
from adapters.slack.moderator_views import evaluate_button
from adapters.slack.store import SlackStore
from services.notifications import Addressee, DeliveryIncomplete, OutgoingNotification

log = structlog.get_logger(__name__)

# Errors after which posting to that conversation will never work.
PERMANENT = frozenset(
    {
        "user_not_found",
        "channel_not_found",
        "account_inactive",
        "user_disabled",
        "cannot_dm_bot",
        "is_archived",
        "not_in_channel",
        "restricted_action",
        "invalid_channel",
        "messages_tab_disabled",
    }
)


def web_client(config: SlackConfig, token: str | None = None) -> WebClient:
    client = WebClient(
        token=token or config.bot_token, base_url=config.api_url, timeout=config.timeout
    )
    # Waits as long as Slack's Retry-After says (plus up to a second of
    # jitter), then tries again; after that the dispatcher retries later.
    client.retry_handlers.append(
        RateLimitErrorRetryHandler(max_retry_count=config.max_rate_limit_retries)
    )
    return client


class SlackNotifier:
    def __init__(
        self,
        client: WebClient,
        store: SlackStore,
        *,
        language: Callable[[str], str] | None = None,
    ) -> None:
        self.client = client
        self.store = store
        self.language = language or (lambda _user: "sv")

    def _render(self, n: OutgoingNotification, lang: str) -> list[dict[str, Any]]:
        round_id = n.data.get("round_id")
        if n.kind in ("checkin-open", "checkin-reminder") and round_id:
            return b.checkin_dm(n.subject, n.text, str(round_id), lang)
        if n.kind == "reminder":
            return b.announcement(n.subject, n.data, n.text, lang)
        if n.kind == "evaluation-prompt" and n.data.get("series_id"):
            # Asked in chat too: a button opens the evaluation form.
            return evaluate_button(n.subject, n.text, str(n.data["series_id"]), lang)
        return b.message_blocks(
            [
                b.section(f"*{b.mrkdwn_escape(b.cut(n.subject, 300))}*"),
                *b.paragraphs(b.mrkdwn_escape(n.text), 20),
            ]
        )

    def _post(self, n: OutgoingNotification, target: str, lang: str) -> str:
        response = self.client.chat_postMessage(
            channel=target,
            text=b.cut(f"{n.subject}\n{n.text}", b.FALLBACK_MAX),
            blocks=self._render(n, lang),
            unfurl_links=False,
            metadata={"event_type": "samverka_notification", "event_payload": {"key": n.key}},
        )
        ts = str(response.get("ts") or "")
        self.store.record(n.key, target, ts)
        return ts

    def send(self, notification: OutgoingNotification) -> dict[str, str]:
        done = self.store.delivered(notification.key)
        delivered: dict[str, str] = {}
        unreachable: dict[str, str] = {}
        failed: dict[str, str] = {}
        for person in notification.recipients:
            outcome = self._deliver(notification, person, done)
            if outcome is None:
                delivered[person.person_id] = "slack"
            elif outcome[0] == "permanent":
                unreachable[person.person_id] = outcome[1]
            else:
                failed[person.person_id] = outcome[1]
        channel = notification.slack_channel
        if channel and channel not in done:
            try:
                self._post(notification, channel, "sv")
            except SlackApiError as error:
                reason = str(error.response.get("error") or error)
                if reason not in PERMANENT:
                    raise  # the dispatcher tries again; DMs already posted are not repeated
                log.warning("slack.channel_unreachable", channel=channel, reason=reason)
        if unreachable or failed:
            raise DeliveryIncomplete(delivered, unreachable=unreachable, failed=failed)
        log.info("slack.sent", key=notification.key, people=len(delivered), channel=channel)
        return delivered

    def _deliver(
        self, n: OutgoingNotification, person: Addressee, done: dict[str, str]
    ) -> tuple[str, str] | None:
        user = person.slack_user_id
        if not user:
            return "permanent", "no Slack id"
        if user in done:
            return None
        try:
            # The person's own choice first, then the Slack user's or workspace's.
            self._post(n, user, lang_of(person.language or self.language(user)))
        except SlackApiError as error:
            reason = str(error.response.get("error") or error)[:300]
            status = error.response.status_code
            log.warning("slack.post_failed", key=n.key, user=user, reason=reason, status=status)
            return ("permanent" if reason in PERMANENT else "transient"), reason
        except Exception as error:  # network trouble: try again later
            return "transient", str(error)[:300]
        return None


def bot_token(config: SlackConfig, store: SlackStore) -> str | None:
    """Multi-workspace: the bot token of the (latest) installation."""
    from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore

    installations = SQLAlchemyInstallationStore(
        client_id=str(config.client_id), engine=store.engine
    )
    if config.team_id:
        bot = installations.find_bot(enterprise_id=None, team_id=config.team_id)
        return bot.bot_token if bot is not None else None
    bots = installations.bots
    latest = select(bots.c.bot_token).order_by(bots.c.installed_at.desc()).limit(1)
    with store.engine.connect() as conn:
        token = conn.execute(latest).scalar()
    return str(token) if token else None
