"""`make bench`: every benchmark, its reference measured in the same run, as a table.

    python -m bench.run [--only replay,throughput,lag] [--backend sqlite|postgres|both]
                        [--events 200000] [--seconds 10] [--no-write] [--keep-stores]

The table is printed and, unless --no-write, written to bench/RESULTS.md with
the machine it ran on.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Callable
from pathlib import Path

import structlog

from bench.backends import postgres_available
from bench.funds import bench_fund_report, bench_verify
from bench.indicators import bench_indicator_import
from bench.lag import bench_lag
from bench.mail import bench_mail
from bench.mail_inbound import bench_mail_inbound
from bench.meetings import bench_checkins, bench_scheduler
from bench.memory import bench_memory
from bench.name_search import bench_name_search
from bench.plans import bench_plan_follow_up
from bench.replay import bench_replay
from bench.report import Line, machine, table
from bench.slack import bench_slack
from bench.teams import bench_teams
from bench.throughput import bench_throughput
from bench.timetravel import bench_timetravel
from bench.trail import bench_trail
from bench.web import bench_web

RESULTS = Path(__file__).with_name("RESULTS.md")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--only",
        default=(
            "replay,replay-1m,throughput,lag,memory,report,verify,checkins,scheduler,slack,teams,"
            "mail,mail-inbound,web,trail,names,timetravel,indicators,plans"
        ),
    )
    parser.add_argument("--backend", default="both", choices=["sqlite", "postgres", "both"])
    parser.add_argument(
        "--events", type=int, default=200_000, help="events for the replay benchmark"
    )
    parser.add_argument(
        "--big-events", type=int, default=1_000_000, help="events for replay-1m and memory"
    )
    parser.add_argument("--seconds", type=float, default=10.0, help="duration of timed runs")
    parser.add_argument("--ledger", type=int, default=100_000, help="ledger entries for report")
    parser.add_argument(
        "--verify-events", type=int, default=1_000_000, help="events for audit verify"
    )
    parser.add_argument("--people", type=int, default=5000, help="people in the check-in round")
    parser.add_argument("--series", type=int, default=1000, help="active series for the scheduler")
    parser.add_argument("--dms", type=int, default=1000, help="check-in DMs in the Slack round")
    parser.add_argument("--invitees", type=int, default=500, help="invitees in the mail run")
    parser.add_argument("--replies", type=int, default=1000, help="inbound mail replies")
    parser.add_argument(
        "--municipalities", type=int, default=290, help="organisations in the plan survey"
    )
    parser.add_argument("--web-rounds", type=int, default=200, help="requests per web page")
    parser.add_argument("--no-write", action="store_true", help="do not write bench/RESULTS.md")
    parser.add_argument(
        "--keep-stores",
        action="store_true",
        help="keep the web and trail lines' prepared store and reuse it later (bench/kept.py)",
    )
    args = parser.parse_args(argv)
    if args.keep_stores:
        os.environ["SAMVERKA_BENCH_KEEP"] = "1"
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(30))

    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    if "postgres" in backends and not postgres_available():
        print(
            "PostgreSQL is not reachable (SAMVERKA_BENCH_POSTGRES_URL); skipping it",
            file=sys.stderr,
        )
        backends.remove("postgres")
    wanted = set(args.only.split(","))
    suites: dict[str, Callable[[str], list[Line]]] = {
        "replay": lambda b: bench_replay(b, args.events),
        "replay-1m": lambda b: bench_replay(b, args.big_events),
        "memory": lambda b: bench_memory(b, args.big_events),
        "throughput": lambda b: bench_throughput(b, args.seconds),
        "lag": lambda b: bench_lag(b, seconds=args.seconds),
        "report": lambda b: bench_fund_report(b, args.ledger),
        "verify": lambda b: bench_verify(b, args.verify_events),
        "checkins": lambda b: bench_checkins(b, args.people),
        "scheduler": lambda b: bench_scheduler(b, args.series),
        "slack": lambda b: bench_slack(b, args.dms),
        "teams": lambda b: bench_teams(b, args.dms),
        "mail": lambda b: bench_mail(b, args.invitees),
        "mail-inbound": lambda b: bench_mail_inbound(b, args.replies),
        "web": lambda b: bench_web(b, args.big_events, args.web_rounds),
        "trail": lambda b: bench_trail(b, args.big_events, args.web_rounds),
        "names": bench_name_search,
        "timetravel": lambda b: bench_timetravel(b, args.big_events, args.web_rounds),
        "indicators": bench_indicator_import,
        "plans": lambda b: bench_plan_follow_up(b, args.municipalities),
    }
    lines: list[Line] = []
    for name, suite in suites.items():
        if name not in wanted:
            continue
        for backend in backends:
            print(f"running {name} on {backend} ...", file=sys.stderr, flush=True)
            done = suite(backend)
            # Shown as it comes: a long run that fails late still told what it measured.
            print(table(done), file=sys.stderr, flush=True)
            lines += done
    output = table(lines)
    print(output)
    if not args.no_write:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        RESULTS.write_text(
            f"# Benchmark results\n\nRun {stamp} with `make bench` on {machine()}.\n\n"
            "Each line puts Samverka's figure next to the reference measured in the same run.\n\n"
            + output
            + "\n"
            + NOTES
        )
    return 0


NOTES = """## What is measured

Where the reference is "the library", it is eventsourcing 9.5 as shipped, in a
store of its own on the same backend: its stock recorder, without the SHA-256
hash chain Samverka's recorder adds to every write (that cost is part of
Samverka's figure).

- **replay**: `samverka replay` work (drop every read table, rebuild from event 1,
  recreate the indexes) over a generated history with a realistic mix (55% health
  reports, revisions, milestones, status changes, participants, decisions), against
  the library reading the same events with `select_notifications` and decoding them
  with its stock JSON mapper. Best of two alternating rounds for each.
- **throughput**: `samverka serve` as its own process driven over HTTP by 8
  keep-alive clients (two client processes) that create an initiative and change
  it four times, with `Prefer: return=minimal`; against eventsourcing's
  `Application.save()` of an equivalent aggregate from 8 threads, same backend.
- **lag**: commands at a fixed rate through the application with the projector
  thread running; lag is commit → the projector's commit that includes it.
- **report**: `samverka report funds --year 2021` over a generated ledger of
  100,000 entries on 128 grants (16 principals × 4 areas × 2 years), from the
  live tables and as known at a moment (all events replayed in memory), against
  the library reading and decoding the same events. Best of two.
- **plans**: the yearly follow-up of a plan with 5 insatsområden × 10
  uppföljningsfrågor answered by 290 municipalities in two years, compiled
  per insatsområde, municipality and perspective (this year beside last) from
  the live tables, against the library reading and decoding the same events.
- **indicators**: `IndicatorImport.run` on a Kolada CSV of 100,050 values (5
  indicators × 290 municipalities × 23 years × 3 sexes), checked, recorded in
  one save with the hash chain, against the library making and saving plain
  aggregates with the same events (on PostgreSQL in saves of ~10,000 events);
  then projecting them. Best of two.
- **verify**: `samverka audit verify` over 1,000,000 stored events of about
  450 bytes, against SHA-256 alone over the same bytes (the physical limit) and
  against reading the same rows without hashing.
- **checkins**: open a check-in round for 5,000 people (one command that loads
  every person for their channel and records one event) and record 5,000
  answers one command at a time, each with a source_id (receipt) as a Slack
  event would; against the library saving the same opening event and then one
  answer event per `save()` on one aggregate. Then the projector's rate on them.
- **scheduler**: 1,000 active series: the leader's first tick (lock, APScheduler
  with the SQL job store, deriving every job and storing it) against APScheduler
  alone storing as many jobs; the restart (jobs already stored) and the RSS; and
  the next year of occurrences (zone, holidays, overrides) against bare rrule.
- **mail**: invitations for a series with 500 invitees, queued by the
  scheduler and sent by the dispatcher through the e-mail notifier to a local
  aiosmtpd server (one personal message each: text, HTML and an iTIP calendar
  with the person's reply address; the sent ledger written before and after
  each); against raw smtplib sending the same 500 messages, prebuilt, over one
  connection to the same server.
- **slack**: 20 users sending signed `/samverka status` commands back to back
  (HTTP round trip of POST /slack/events, the ack; the answer follows from a
  lazy listener) while the dispatcher sends a check-in round of 1,000 DMs
  through the local fake Slack, against a bare Bolt app in FastAPI that only
  acks, without load. Delivering the 1,000 DMs with the fake limiting
  chat.postMessage to a burst of 50 and 50/s (429 with Retry-After in whole
  seconds), against the least time those limits allow.
- **teams**: 20 users sending signed `status` messages back to back (HTTP
  round trip of POST /api/messages: the token checked, the member found, the
  answer posted to the fake Bot Connector, then 200) while the dispatcher
  sends a check-in round of 1,000 proactive cards through the Teams notifier,
  against a bare Agents SDK handler (CloudAdapter with an agent that does
  nothing) that only acknowledges, without load. Delivering the 1,000 cards
  with the fake Connector limiting proactive posts to a burst of 50 and 50/s
  (429 with Retry-After in whole seconds; replies not limited), against the
  least time that limit allows.
- **mail-inbound**: 1,000 check-in replies written as Outlook quotes them (reply,
  signature, "Från:/Skickat:" header, quoted prompt), each to its own signed
  `svar+<token>@` address, appended to a pymap IMAP server (in-memory backend);
  one `mail poll --once` pass fetches them 100 per FETCH, parses, strips,
  verifies token and sender, records the answer with its Message-ID receipt,
  and flags each chunk \\Seen with one STORE;
  against the library saving one answer event per `save()`.
- **timetravel**: with 1,000,000 events (the web line's history and a
  ledger of 100,000 entries), an initiative and a grant as of a moment
  against the same page now (target ≤ 2 × and < 150 ms), and the
  Händelselogg's first and next page under each filter against the first
  page unfiltered (target < 100 ms), one request at a time.
- **web**: the web pages (Min översikt, an arena, an initiative, the series
  list, a meeting's page) with
  1,000,000 events stored over 200 initiatives, `samverka serve` as its own
  process and a moderator signed in through a real sign-in link; each page
  asked 200 times, one request at a time, alternating with the JSON API
  requests that carry the same data (for the overview: the arena, the
  upcoming meetings and the person's action items; for an initiative:
  the initiative and its arena; for a meeting, the meeting by id). p95 of the round trip;
  target: at most 1.5 × the API's and under 100 ms. Then the server process's CPU time
  per request (user + system from /proc), over the rounds of the page and then of its
  API requests: on a shared host the round trip moves with the load, the CPU time much
  less.
"""

if __name__ == "__main__":
    raise SystemExit(main())
