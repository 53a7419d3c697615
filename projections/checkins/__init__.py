"""The projector of check-in rounds, answers, survey plans and the notification outbox."""
