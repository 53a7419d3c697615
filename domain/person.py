"""A person who takes part: the only aggregate that holds personal data."""

from __future__ import annotations

import re
import unicodedata
from typing import TypedDict

from eventsourcing.domain import event

from domain.base import SamverkaAggregate
from domain.commands import RegisterPerson
from domain.errors import ValidationFailed
from domain.meta import Meta
from domain.values import (
    Language,
    Reach,
    optional_pattern,
    optional_text,
    parse_enum,
    require_text,
)

_PART = r"[^@\s\x00-\x1f\x7f-\x9f]"  # no space, no control character
_EMAIL = re.compile(rf"^{_PART}{{1,64}}@{_PART}{{1,190}}\.{_PART}{{2,63}}$")
_SLACK_ID = re.compile(r"^[UW][A-Z0-9]{2,20}$")
ERASED_NAME = "[borttagen person]"


def folded_name(text: str) -> str:
    """A name as names are compared, case and spacing aside: normalised
    first (NFKC), so that a decomposed Å (as macOS sends it) is the one
    letter Å."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


class PersonalData(TypedDict):
    """Everything that identifies a person; stored encrypted per person."""

    name: str
    email: str | None
    slack_user_id: str | None


check_email = optional_pattern(_EMAIL, "email", "{value!r} is not an e-mail address")
check_slack_user_id = optional_pattern(
    _SLACK_ID, "slack_user_id", "{value!r} is not a Slack user id (like U024BE7LH)"
)


class Person(SamverkaAggregate):
    @event("Registered")
    def __init__(self, personal: PersonalData, organisation: str, meta: Meta) -> None:
        self.personal = personal
        self.organisation = organisation
        self.forgotten = False
        self.slack_unlinked = False  # an administrator took a Slack link away
        self.language = Language.SV.value
        self.reach = Reach.AUTO.value

    @classmethod
    def register(cls, cmd: RegisterPerson, *, meta: Meta) -> Person:
        personal = PersonalData(
            name=require_text(cmd.name, "name"),
            email=check_email(cmd.email),
            slack_user_id=check_slack_user_id(cmd.slack_user_id),
        )
        return cls(
            personal=personal,
            organisation=optional_text(
                cmd.organisation, "organisation", max_len=200, multiline=False
            ),
            meta=meta,
        )

    @property
    def name(self) -> str:
        return self.personal["name"]

    def check_not_forgotten(self) -> None:
        if self.forgotten:
            raise ValidationFailed("this person has been erased", field="person_id")

    def revise(
        self,
        *,
        name: str | None = None,
        email: str | None = None,
        organisation: str | None = None,
        meta: Meta,
    ) -> None:
        self.check_not_forgotten()
        personal = PersonalData(**self.personal)
        if name is not None:
            personal["name"] = require_text(name, "name")
        if email is not None:
            personal["email"] = check_email(email)
        new_org = self.organisation
        if organisation is not None:
            new_org = optional_text(organisation, "organisation", max_len=200, multiline=False)
        if personal == self.personal and new_org == self.organisation:
            return
        self._revised(personal=personal, organisation=new_org, meta=meta)

    @event("Revised")
    def _revised(self, personal: PersonalData, organisation: str, meta: Meta) -> None:
        self.personal = personal
        self.organisation = organisation

    def link_slack(self, slack_user_id: str, *, by_email: bool = False, meta: Meta) -> None:
        """Links the person to a Slack user. `by_email`: found by a confirmed
        e-mail address rather than named by an administrator; such a link
        never replaces another and never undoes an administrator's unlink."""
        self.check_not_forgotten()
        clean = check_slack_user_id(slack_user_id)
        if clean is None:
            raise ValidationFailed(
                "slack_user_id must not be empty", field="slack_user_id", rule="text.empty"
            )
        if clean == self.personal["slack_user_id"]:
            return
        if by_email:
            self.check_may_link_by_email()
        personal = PersonalData(**{**self.personal, "slack_user_id": clean})
        self._revised(personal=personal, organisation=self.organisation, meta=meta)

    def check_may_link_by_email(self) -> None:
        if self.personal["slack_user_id"] is not None:
            raise ValidationFailed(
                "this person is linked to another Slack user", field="slack_user_id"
            )
        if self.slack_unlinked:
            raise ValidationFailed(
                "an administrator unlinked this person from Slack; only an administrator "
                "links them again",
                field="slack_user_id",
            )

    def unlink_slack(self, *, meta: Meta) -> None:
        """Takes the Slack link away; the person is then reached by e-mail."""
        self.check_not_forgotten()
        if self.personal["slack_user_id"] is None:
            return
        personal = PersonalData(**{**self.personal, "slack_user_id": None})
        self._slack_unlinked(personal=personal, meta=meta)

    @event("SlackUnlinked")
    def _slack_unlinked(self, personal: PersonalData, meta: Meta) -> None:
        self.personal = personal
        self.slack_unlinked = True

    def set_preferences(
        self, *, language: str, channel: str, teams_linked: bool = False, meta: Meta
    ) -> None:
        """The language the person reads Samverka in, and how they want to be
        reached; a channel they cannot be reached on is refused (Teams links
        are kept by the Teams door: `teams_linked` says whether it has one)."""
        self.check_not_forgotten()
        lang = parse_enum(Language, language, "language").value
        reach = parse_enum(Reach, channel, "channel").value
        if reach == Reach.SLACK and not self.personal["slack_user_id"]:
            raise ValidationFailed(
                "the person is not linked to a Slack user", field="channel", rule="person.no_slack"
            )
        if reach == Reach.TEAMS and not teams_linked:
            raise ValidationFailed(
                "the person is not linked to a Teams user", field="channel", rule="person.no_teams"
            )
        if reach == Reach.EMAIL and not self.personal["email"]:
            raise ValidationFailed(
                "the person has no e-mail address", field="channel", rule="person.no_email"
            )
        if (lang, reach) == (self.language_chosen, self.reach_chosen):
            return
        self._preferences_set(language=lang, channel=reach, meta=meta)

    @event("PreferencesSet")
    def _preferences_set(self, language: str, channel: str, meta: Meta) -> None:
        self.language = language
        self.reach = channel

    # Persons recorded before preferences existed read as the defaults.
    @property
    def language_chosen(self) -> str:
        return str(getattr(self, "language", Language.SV.value))

    @property
    def reach_chosen(self) -> str:
        return str(getattr(self, "reach", Reach.AUTO.value))

    def forget(self, *, meta: Meta) -> None:
        """Right to be forgotten: the event names no personal data; the key that
        opens this person's earlier events is deleted once it is recorded."""
        self.check_not_forgotten()
        self._forgotten(meta=meta)

    @event("Forgotten")
    def _forgotten(self, meta: Meta) -> None:
        self.personal = erased()
        self.forgotten = True


def erased() -> PersonalData:
    """What a forgotten person's events decode to once the key is gone."""
    return PersonalData(name=ERASED_NAME, email=None, slack_user_id=None)
