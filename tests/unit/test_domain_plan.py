"""Every invariant of persons, arenas and initiatives, without a database."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from domain.arena import Arena
from domain.commands import CreateArena, RegisterPerson
from domain.due import parse_due
from domain.errors import Duplicate, InvalidTransition, NotFound, StaleVersion, ValidationFailed
from domain.person import Person
from domain.values import Health, Status
from tests.unit.helpers import meta, new_arena, new_initiative

# -- person --------------------------------------------------------------------------


def _unchecked_person(**fields: object) -> RegisterPerson:
    """A command the model did not validate: the factory's own rules answer
    (the bench and the demo build their commands without a door)."""
    given = {"email": None, "organisation": None, "slack_user_id": None, **fields}
    return RegisterPerson.model_construct(**given)


def test_person_needs_a_name_and_a_real_email() -> None:
    with pytest.raises(ValidationFailed) as err:
        Person.register(_unchecked_person(name="  "), meta=meta())
    assert err.value.field == "name"
    with pytest.raises(ValidationFailed) as err:
        Person.register(_unchecked_person(name="Anna", email="not-an-email"), meta=meta())
    assert err.value.field == "email"


def test_person_slack_id_must_look_like_one() -> None:
    with pytest.raises(ValidationFailed):
        Person.register(_unchecked_person(name="Anna", slack_user_id="anna"), meta=meta())
    person = Person.register(RegisterPerson(name="Anna", slack_user_id="U024BE7LH"), meta=meta())
    assert person.personal["slack_user_id"] == "U024BE7LH"


def test_revising_a_person_without_change_records_nothing() -> None:
    person = Person.register(
        RegisterPerson(name="Anna Jonsson", email="anna@example.se", organisation="UPH"),
        meta=meta(),
    )
    person.collect_events()
    person.revise(name="Anna Jonsson", meta=meta())
    assert person.pending_events == []
    person.revise(organisation="Region Skåne", meta=meta())
    assert [type(e).__name__ for e in person.pending_events] == ["Revised"]


def test_unlinking_takes_the_slack_id_away_and_stops_links_by_email() -> None:
    person = Person.register(RegisterPerson(name="Anna", email="anna@example.se"), meta=meta())
    person.link_slack("U024BE7LH", by_email=True, meta=meta())
    with pytest.raises(ValidationFailed):  # a link by e-mail never replaces another
        person.link_slack("U0OTHER01", by_email=True, meta=meta())
    person.collect_events()
    person.unlink_slack(meta=meta())
    person.unlink_slack(meta=meta())  # already unlinked: nothing more to record
    assert [type(e).__name__ for e in person.pending_events] == ["SlackUnlinked"]
    assert person.personal == {"name": "Anna", "email": "anna@example.se", "slack_user_id": None}
    with pytest.raises(ValidationFailed) as err:
        person.link_slack("U024BE7LH", by_email=True, meta=meta())
    assert "administrator" in err.value.message
    person.link_slack("U024BE7LH", meta=meta())  # an administrator may link again
    assert person.personal["slack_user_id"] == "U024BE7LH"


# -- arena ---------------------------------------------------------------------------


def test_arena_code_and_kind_are_checked() -> None:
    def unchecked(**fields: object) -> CreateArena:
        return CreateArena.model_construct(name="x", description=None, **fields)

    with pytest.raises(ValidationFailed):
        Arena.create(unchecked(code="2 7", kind="delarena"), meta=meta())
    with pytest.raises(ValidationFailed) as err:
        Arena.create(unchecked(code="2.7", kind="klubb"), meta=meta())
    assert err.value.field == "kind"


def test_arena_member_added_once_role_changed_removed() -> None:
    arena = new_arena()
    anna = uuid.uuid4()
    arena.add_member(anna, "participant", meta=meta())
    with pytest.raises(Duplicate):
        arena.add_member(anna, "moderator", meta=meta())
    with pytest.raises(ValidationFailed):
        arena.change_member_role(anna, "boss", meta=meta())
    arena.change_member_role(anna, "secretary", meta=meta())
    assert arena.members[str(anna)] == "secretary"
    arena.remove_member(anna, meta=meta())
    with pytest.raises(NotFound):
        arena.remove_member(anna, meta=meta())


# -- initiative ----------------------------------------------------------------------


def test_new_initiative_is_proposed_or_active() -> None:
    with pytest.raises(ValidationFailed):
        new_initiative(status="completed")
    assert new_initiative(status="active").status is Status.ACTIVE


def test_perspectives_must_be_known_and_are_kept_sorted() -> None:
    initiative = new_initiative()
    assert initiative.perspectives == ["barnperspektivet", "tillganglighet"]
    with pytest.raises(ValidationFailed):
        initiative.tag_perspectives(["klimat"], meta=meta())


def test_status_follows_the_allowed_transitions() -> None:
    initiative = new_initiative()
    with pytest.raises(InvalidTransition):
        initiative.change_status("completed", reason=None, meta=meta())  # proposed -> completed
    initiative.change_status("active", reason=None, meta=meta())
    initiative.change_status("paused", reason="sommar", meta=meta())
    initiative.change_status("active", reason=None, meta=meta())
    initiative.change_status("completed", reason=None, meta=meta())
    initiative.change_status("active", reason="återupptaget", meta=meta())  # reopen
    assert initiative.status is Status.ACTIVE


def test_no_completing_a_cancelled_initiative_and_no_changes_after_cancel() -> None:
    initiative = new_initiative()
    initiative.change_status("cancelled", reason="prioriteras bort", meta=meta())
    with pytest.raises(InvalidTransition):
        initiative.change_status("completed", reason=None, meta=meta())
    with pytest.raises(InvalidTransition):
        initiative.revise(changes={"title": "Ny titel"}, meta=meta())
    with pytest.raises(InvalidTransition):
        initiative.report_health("on-track", comment=None, meta=meta())
    with pytest.raises(InvalidTransition):
        initiative.add_milestone("m1", "x", parse_due("Oktober?", default_year=2020), meta=meta())


def test_health_is_one_of_three_and_not_reported_on_completed_work() -> None:
    initiative = new_initiative(status="active")
    with pytest.raises(ValidationFailed):
        initiative.report_health("great", comment=None, meta=meta())
    initiative.report_health("at-risk", comment="Väntar på Inera", meta=meta())
    assert initiative.health is Health.AT_RISK
    initiative.change_status("completed", reason=None, meta=meta())
    with pytest.raises(InvalidTransition):
        initiative.report_health("on-track", comment=None, meta=meta())


def test_revise_checks_fields_and_records_only_changes() -> None:
    initiative = new_initiative()
    initiative.collect_events()
    with pytest.raises(ValidationFailed) as err:
        initiative.revise(changes={"status": "active"}, meta=meta())
    assert err.value.field == "status"
    with pytest.raises(ValidationFailed):
        initiative.revise(changes={"title": ""}, meta=meta())
    initiative.revise(changes={"title": initiative.title, "goal": "Ny målbild"}, meta=meta())
    (event,) = initiative.collect_events()
    assert event.changes == {"goal": "Ny målbild"}  # type: ignore[attr-defined]


def test_milestones_complete_once_and_not_rescheduled_after() -> None:
    initiative = new_initiative()
    initiative.add_milestone(
        "m1",
        "Bjuda in till första samordningsmöte",
        parse_due("Oktober?", default_year=2020),
        meta=meta(),
    )
    with pytest.raises(Duplicate):
        initiative.add_milestone("m1", "igen", parse_due("2020", default_year=None), meta=meta())
    with pytest.raises(NotFound):
        initiative.complete_milestone("nope", date(2020, 10, 20), meta=meta())
    initiative.complete_milestone("m1", date(2020, 10, 20), meta=meta())
    assert initiative.milestones["m1"]["completed_on"] == "2020-10-20"
    with pytest.raises(InvalidTransition):
        initiative.complete_milestone("m1", date(2020, 10, 21), meta=meta())
    with pytest.raises(InvalidTransition):
        initiative.reschedule_milestone("m1", parse_due("2021", default_year=None), meta=meta())


def test_links_need_a_title_and_a_web_address() -> None:
    initiative = new_initiative()
    with pytest.raises(ValidationFailed):
        initiative.add_link("l1", "BUP.se", "ftp://bup.se", meta=meta())
    initiative.add_link("l1", "BUP.se", "https://www.bup.se", meta=meta())
    with pytest.raises(NotFound):
        initiative.remove_link("l2", meta=meta())


def test_stale_version_names_the_current_version() -> None:
    initiative = new_initiative()
    initiative.check_version(None)
    initiative.check_version(1)
    with pytest.raises(StaleVersion) as err:
        initiative.check_version(3)
    assert err.value.current == 1 and err.value.expected == 3


def test_a_person_chooses_language_and_channel_they_can_be_reached_on() -> None:
    from domain.handlers.checkins import channel_of

    person = Person.register(RegisterPerson(name="Anna", email="anna@example.se"), meta=meta())
    assert (person.language_chosen, person.reach_chosen) == ("sv", "auto")
    with pytest.raises(ValidationFailed) as err:
        person.set_preferences(language="sv", channel="slack", meta=meta())
    assert (err.value.field, err.value.rule) == ("channel", "person.no_slack")
    with pytest.raises(ValidationFailed) as err:
        person.set_preferences(language="fi", channel="auto", meta=meta())
    assert err.value.field == "language"
    person.link_slack("U024BE7LH", meta=meta())
    assert channel_of(person) == "slack"  # auto: Slack when linked
    person.collect_events()
    person.set_preferences(language="en", channel="email", meta=meta())
    person.set_preferences(language="en", channel="email", meta=meta())  # no change: no event
    assert [type(e).__name__ for e in person.pending_events] == ["PreferencesSet"]
    assert (person.language_chosen, person.reach_chosen) == ("en", "email")
    assert channel_of(person) == "email"
    person.forget(meta=meta())
    assert channel_of(person) == "none"


def test_teams_is_chosen_only_by_a_person_the_teams_door_links() -> None:
    from domain.handlers.checkins import channel_of

    person = Person.register(RegisterPerson(name="Anna", email="anna@example.se"), meta=meta())
    with pytest.raises(ValidationFailed) as err:
        person.set_preferences(language="sv", channel="teams", meta=meta())
    assert (err.value.field, err.value.rule) == ("channel", "person.no_teams")
    person.collect_events()
    person.set_preferences(language="sv", channel="teams", teams_linked=True, meta=meta())
    assert [type(e).__name__ for e in person.pending_events] == ["PreferencesSet"]
    assert person.reach_chosen == "teams"
    # The domain's channel is `auto`'s: where the notifier goes when Teams cannot.
    assert channel_of(person) == "email"
    person.link_slack("U024BE7LH", meta=meta())
    assert channel_of(person) == "slack"
