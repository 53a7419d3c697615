"""The kinds of event the Händelselogg can be filtered by, in groups, each
said in the reader's language: `Aggregate.Event`, as the audit trail keeps
them (`aggregate_type`, `event_type`)."""

from __future__ import annotations

from services.i18n import N_

# (group, [(kind, words)]) in the order the select shows them.
KIND_GROUPS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        N_("People"),
        [
            ("Person.Registered", N_("person registered")),
            ("Person.Revised", N_("person's details changed")),
            ("Person.SlackUnlinked", N_("Slack link removed")),
            ("Person.PreferencesSet", N_("settings changed")),
            ("Person.Forgotten", N_("person forgotten")),
        ],
    ),
    (
        N_("API tokens"),
        [
            ("AccessToken.Issued", N_("API token issued")),
            ("AccessToken.Revoked", N_("API token revoked")),
        ],
    ),
    (
        N_("Arenas"),
        [
            ("Arena.Created", N_("arena created")),
            ("Arena.Revised", N_("arena changed")),
            ("Arena.MemberAdded", N_("member added")),
            ("Arena.MemberRoleChanged", N_("member's role changed")),
            ("Arena.MemberRemoved", N_("member removed")),
        ],
    ),
    (
        N_("Initiatives"),
        [
            ("Initiative.Created", N_("initiative created")),
            ("Initiative.Revised", N_("initiative changed")),
            ("Initiative.PerspectivesTagged", N_("perspectives given")),
            ("Initiative.StatusChanged", N_("status changed")),
            ("Initiative.HealthReported", N_("health reported")),
            ("Initiative.MilestoneAdded", N_("milestone added")),
            ("Initiative.MilestoneRescheduled", N_("milestone moved")),
            ("Initiative.MilestoneCompleted", N_("milestone done")),
            ("Initiative.MilestoneRemoved", N_("milestone removed")),
            ("Initiative.LinkAdded", N_("link added")),
            ("Initiative.LinkRemoved", N_("link removed")),
            ("Initiative.ParticipantAdded", N_("participant added")),
            ("Initiative.ParticipantRemoved", N_("participant removed")),
        ],
    ),
    (
        N_("Decisions"),
        [
            ("Decision.Recorded", N_("decision recorded")),
            ("Decision.Superseded", N_("decision replaced")),
            ("Decision.Revoked", N_("decision revoked")),
            ("Decision.ReviewDateSet", N_("review date set")),
            ("Decision.InitiativeLinked", N_("decision linked to an initiative")),
        ],
    ),
    (
        N_("Meeting series"),
        [
            ("MeetingSeries.Scheduled", N_("meeting series scheduled")),
            ("MeetingSeries.Rescheduled", N_("meeting series given a new time")),
            ("MeetingSeries.InviteeAdded", N_("invitee added")),
            ("MeetingSeries.InviteeRemoved", N_("invitee removed")),
            ("MeetingSeries.RsvpRecorded", N_("answer to a series' invitation")),
            ("MeetingSeries.OccurrenceCancelled", N_("meeting cancelled in a series")),
            ("MeetingSeries.OccurrenceMoved", N_("meeting moved in a series")),
            ("MeetingSeries.HolidaySkipped", N_("meeting skipped for a holiday")),
            ("MeetingSeries.Ended", N_("meeting series ended")),
            ("MeetingSeries.Evaluated", N_("meeting series evaluated")),
            ("MeetingSeries.TeamsChannelSet", N_("Teams channel set for a series")),
            ("MeetingSeries.SlackChannelSet", N_("Slack channel set for a series")),
        ],
    ),
    (
        N_("Meetings"),
        [
            ("Meeting.Planned", N_("meeting planned")),
            ("Meeting.AgendaItemAdded", N_("agenda item added")),
            ("Meeting.AgendaItemWithdrawn", N_("agenda item withdrawn")),
            ("Meeting.AttendanceRecorded", N_("attendance recorded")),
            ("Meeting.NotesWritten", N_("running notes written")),
            ("Meeting.DecisionNoted", N_("decision in a meeting")),
            ("Meeting.NoteAdded", N_("note added")),
            ("Meeting.ActionItemAssigned", N_("action item assigned")),
            ("Meeting.ActionItemCompleted", N_("action item done")),
            ("Meeting.Closed", N_("meeting closed")),
            ("Meeting.Cancelled", N_("meeting cancelled")),
            ("Meeting.RsvpRecorded", N_("answer to a meeting's invitation")),
            ("Meeting.Retimed", N_("meeting given a new time")),
        ],
    ),
    (
        N_("Check-ins"),
        [
            ("CheckInRound.Opened", N_("check-in round opened")),
            ("CheckInRound.Answered", N_("check-in answered")),
            ("CheckInRound.AnswerCorrected", N_("check-in answer corrected")),
            ("CheckInRound.Closed", N_("check-in round closed")),
        ],
    ),
    (
        N_("Surveys"),
        [
            ("SurveyPlan.Scheduled", N_("survey planned")),
            ("SurveyPlan.ContactAdded", N_("survey contact added")),
            ("SurveyPlan.ContactRemoved", N_("survey contact removed")),
            ("SurveyPlan.Ended", N_("survey ended")),
        ],
    ),
    (
        N_("Funds"),
        [
            ("FundingAgreement.Registered", N_("agreement registered")),
            ("Grant.Granted", N_("funds granted")),
            ("Grant.Requisitioned", N_("funds requisitioned")),
            ("Grant.Booked", N_("funds booked")),
            ("Grant.Spent", N_("expenditure recorded")),
            ("Grant.Released", N_("booked funds released")),
            ("Grant.Repaid", N_("funds repaid")),
            ("Grant.Reversed", N_("entry corrected")),
            ("FundReport.Submitted", N_("funds report submitted")),
        ],
    ),
    (
        N_("Plans and follow-up"),
        [
            ("Plan.Created", N_("plan created")),
            ("PlanStructure.TargetAdded", N_("målbild added")),
            ("PlanStructure.DirectionAdded", N_("strategic direction added")),
            ("PlanStructure.FocusAreaAdded", N_("insatsområde added")),
            ("PlanStructure.FollowUpQuestionAdded", N_("uppföljningsfråga added")),
            ("Plan.ActivityAdded", N_("activity added")),
            ("Plan.FollowUpSent", N_("yearly follow-up sent")),
            ("Plan.NarrativeWritten", N_("narrative written")),
        ],
    ),
    (
        N_("Organisations"),
        [
            ("Organisation.Registered", N_("organisation registered")),
            ("Organisation.PersonAdded", N_("person added to an organisation")),
            ("Organisation.PersonRemoved", N_("person removed from an organisation")),
            ("Organisation.ContactChanged", N_("contact person changed")),
        ],
    ),
    (
        N_("Indicators"),
        [
            ("Indicator.Defined", N_("indicator defined")),
            ("Indicator.TargetSet", N_("indicator's target set")),
            ("Indicator.LinkedToGoal", N_("indicator linked to a målbild")),
            ("Indicator.LinkedToArea", N_("indicator linked to an insatsområde")),
            ("Indicator.LinkedToInitiative", N_("indicator linked to an initiative")),
            ("Indicator.Unlinked", N_("indicator link removed")),
            ("IndicatorSeries.Started", N_("indicator series started")),
            ("IndicatorSeries.ValueRecorded", N_("indicator value recorded")),
        ],
    ),
    (
        N_("Notifications"),
        [
            ("Notification.Queued", N_("notification queued")),
            ("Notification.Sent", N_("notification sent")),
            ("Notification.Delivered", N_("notification delivered")),
            ("Notification.Skipped", N_("notification skipped")),
            ("Notification.Failed", N_("notification failed")),
        ],
    ),
]
KINDS = {kind: words for _, kinds in KIND_GROUPS for kind, words in kinds}
