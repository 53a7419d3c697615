"""What the listeners share: who the Slack user is, their language, running a
command on their behalf (channel `slack`, a source_id from Slack's ids) and
reading what they see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import structlog
from slack_bolt import Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from adapters.slack import blocks as b
from adapters.slack.config import SlackConfig
from adapters.slack.i18n import lang_of, not_linked
from adapters.slack.parse import confirmed_email, source_id
from adapters.slack.store import SlackStore
from domain import commands as c
from domain.commands import Command
from domain.errors import DomainError
from domain.meta import Channel
from domain.values import Language, Reach
from services.application import CommandResult
from services.chat_commands import ChatServices
from services.commands import Context
from services.queries.checkins import CheckInQueries
from services.queries.meetings import MeetingQueries
from services.queries.plan import PlanQueries

log = structlog.get_logger(__name__)


# What the Slack door is given (never the container).
SlackServices = ChatServices


@dataclass(frozen=True)
class Asked:
    """A slash command from a linked person: who, in which language, the
    request's body, and the client and `respond` to answer with."""

    person: str
    lang: str
    body: dict[str, Any]
    client: WebClient
    respond: Respond


class FrontDoor:
    def __init__(self, services: SlackServices, config: SlackConfig, store: SlackStore) -> None:
        self.services = services
        self.config = config
        self.store = store

    def now(self) -> datetime:
        return self.services.clock.now()

    @property
    def plan(self) -> PlanQueries:
        return self.services.plan

    @property
    def meetings(self) -> MeetingQueries:
        return self.services.meetings

    @property
    def checkins(self) -> CheckInQueries:
        return self.services.checkins

    def caught_up(self) -> None:
        """Until the views show every event stored so far."""
        self.services.views.wait_for(self.services.views.head())

    # -- who -----------------------------------------------------------------------------

    def person(self, client: WebClient, user_id: str, *, link: bool = True) -> str | None:
        """The person linked to this Slack user. An unknown user is linked to the
        one person with the e-mail address of their Slack profile, but only when
        Slack says they confirmed it: anyone can type another's address there.
        `link=False` (someone else chosen in a people picker): found by the same
        rule, not linked, as linking is recorded as that person's own act."""
        if not user_id:
            return None  # a payload without a user: nobody to look up
        row = self.plan.person_by_slack_id(user_id)
        if row is not None:
            return None if row["forgotten"] else str(row["id"])
        try:
            user = client.users_info(user=user_id)["user"]
        except SlackApiError as error:
            log.info(
                "slack.users_info_failed", user=user_id, error=str(error.response.get("error"))
            )
            return None
        email = confirmed_email(user)
        if email is None:
            log.info("slack.not_linked", user=user_id, reason="no_confirmed_email")
            return None
        found = [p for p in self.plan.persons_by_email(email) if not p["forgotten"]]
        if len(found) != 1 or found[0]["slack_user_id"] not in (None, user_id):
            log.info("slack.not_linked", user=user_id, reason="no_single_person")
            return None
        person_id = str(found[0]["id"])
        if not link:
            return person_id
        command = c.LinkSlackUserByEmail(person_id=UUID(person_id), slack_user_id=user_id)
        try:
            result = self.run(command, person_id, source_id("link", user_id))
        except DomainError as error:
            log.info("slack.link_refused", user=user_id, reason=error.code)
            return None
        if result.replayed and not self._linked(user_id, person_id):
            # Linked once by this very command and unlinked by an administrator since.
            log.info("slack.link_refused", user=user_id, reason="unlinked")
            return None
        log.info("slack.linked", user=user_id, person_id=person_id)
        return person_id

    def _linked(self, user_id: str, person_id: str) -> bool:
        """Whether the views, once they show every event, link these two."""
        self.caught_up()
        row = self.plan.person_by_slack_id(user_id)
        return row is not None and not row["forgotten"] and str(row["id"]) == person_id

    def sender(self, client: WebClient, body: dict[str, Any]) -> tuple[str, str, str | None]:
        """Who pressed a button or used a shortcut: their Slack user id, their
        language (`lang`, with their workspace's) and their person (`person`)."""
        user = body["user"]["id"]
        lang = self.lang(user, (body.get("team") or {}).get("id"))
        return user, lang, self.person(client, user)

    def lang(self, user_id: str | None, team_id: str | None = None) -> str:
        """The language the linked person chose (their settings, in any door),
        else the Slack user's, the workspace's, the door's default."""
        if user_id:
            row = self.plan.person_by_slack_id(user_id)
            if row is not None and not row["forgotten"] and row.get("language"):
                return lang_of(str(row["language"]))
        found = self.store.language(f"user:{user_id}", f"team:{team_id}", "team:default")
        return lang_of(found or self.config.language)

    def choose_language(self, user_id: str, chosen: str, trigger_id: str | None) -> None:
        """A linked person's choice in Slack is their language everywhere (the
        same `SetPreferences` as their web settings, how they are reached kept),
        so that it is not overruled by an earlier choice on the web."""
        row = self.plan.person_by_slack_id(user_id)
        if row is None or row["forgotten"] or row.get("language") == chosen:
            return
        command = c.SetPreferences(
            person_id=UUID(str(row["id"])),
            language=Language(chosen),
            channel=Reach(str(row.get("channel") or Reach.AUTO.value)),
        )
        try:
            self.run(command, str(row["id"]), source_id("language", trigger_id, chosen), wait=True)
        except DomainError as error:
            log.info("slack.language_refused", user=user_id, reason=error.code)

    # -- do --------------------------------------------------------------------------------

    def run(
        self, command: Command, actor: str, source: str, *, wait: bool = False
    ) -> CommandResult:
        context = Context(actor=actor, channel=Channel.SLACK, source_id=source)
        return self.services.commands.run(command, context, wait=wait)

    # -- see -------------------------------------------------------------------------------

    def home_view(self, person_id: str | None, user_id: str, lang: str) -> dict[str, Any]:
        if person_id is None:
            return b.notice_home(not_linked(lang, user_id))
        return b.home_view(self.checkins.home(person_id, self.now()), lang)

    def publish_home(
        self, client: WebClient, user_id: str, person_id: str | None, lang: str
    ) -> None:
        client.views_publish(user_id=user_id, view=self.home_view(person_id, user_id, lang))
