"""The generated firms of the closed TRIIP: the rest of the 55 firms the project supported
(docs/domain.md §2), and a few applicants it did not, built from the word lists and counts of
``demo.data.triip_2016`` into rows of the same tables as the hand-written ones.

Nothing is random: a firm's name, registry id, region, dates and activities follow from its
place in the list, so every run yields the same rows. Every activity falls between the day the
firm started (``demo.timeline``) and the day it completed or dropped out, within the project's
activity window; ``_Builder.check`` refuses anything else.

Last come what the EU common indicators count besides the support (``_indicator_outcomes``):
the young firms, the joint research and the innovations, chosen among the firms already made,
so that the rows before them stay as they were.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from demo.data import triip
from demo.timeline import decided_on, started_on
from members.choices import Helix, OrganizationType

SERVICES = ["legal", "translation", "patent", "marketing", "social_media"]
# Outcomes of the firm itself, not of its market abroad.
WITHOUT_MARKET = {"prototype", "process_innovation", "organisational_innovation"}
INNOVATION_NOTES = {
    "product_new_to_market": "The prototype, launched as a product new to the market.",
    "product_new_to_firm": "The prototype, launched as a new product of the firm.",
    "process_innovation": "A new production process, introduced after the market analysis.",
    "marketing_innovation": "New packaging and pricing for the export market.",
    "organisational_innovation": "An export desk set up with staff of its own.",
}
PRODUCTS = ("product_new_to_market", "product_new_to_firm")


def _days(n: int) -> timedelta:
    return timedelta(days=n)


def _spread(first: date, last: date, n: int, k: int) -> date:
    """The k-th of n days spread evenly from ``first`` to ``last``, moved off the weekend to
    the Monday after."""
    day = first if n == 1 else first + _days(round((last - first).days * k / (n - 1)))
    return day + _days(max(0, 7 - day.weekday()) if day.weekday() >= 5 else 0)


def _before_29th(day: date) -> date:
    """A decision day on or before the 28th: the consultants log their hours on the 28th."""
    return day if day.day <= 28 else day - _days(day.day - 28)


@dataclass
class Firm:
    registry_id: str
    cohort: str
    market: tuple[str, str, str]  # country, city, trade fair
    region: str
    applied_on: date
    ended_on: date | None
    status: str = ""
    commitment: str = ""
    accepted: bool = False
    invited: int = 0  # workshops held while it took part
    prototype_on: date | None = None

    @property
    def started_on(self) -> date:
        return started_on(self.applied_on)


@dataclass
class Crowd:
    """The generated rows, one list per table of ``demo.data.triip_2016``."""

    FIRMS: list = field(default_factory=list)
    ENROLMENTS: list = field(default_factory=list)
    SESSIONS: list = field(default_factory=list)
    ATTENDED: dict = field(default_factory=dict)
    TIMBANK: list = field(default_factory=list)
    TRIPS: list = field(default_factory=list)
    TRACKS: list = field(default_factory=list)
    OUTCOMES: list = field(default_factory=list)


class _Builder:
    def __init__(self, story):
        self.story = story
        self.crowd = Crowd()
        self.names: set[str] = set()
        self.firms: list[Firm] = []
        self.workshop_days = [row[1] for row in story.WORKSHOPS]
        self.caps = {country: Decimal(cap) for country, cap in story.CAPS}
        self.member_days = [
            (date(2018, 2, 1), date(2018, 3, 1)),
            (date(2018, 4, 3), date(2018, 5, 2)),
            (date(2018, 6, 1), date(2018, 8, 1)),
            (date(2018, 9, 3), date(2018, 10, 1)),
            (date(2018, 10, 15), date(2018, 11, 1)),
        ][: story.CROWD_BECAME_MEMBERS]

    # -- the firm and its enrolment -------------------------------------------------------------

    def _organization(self, number: int, employees: int) -> dict:
        cohorts = list(self.story.CROWD_TRADES)
        cohort = cohorts[number % len(cohorts)]
        trades = self.story.CROWD_TRADES[cohort]
        trade, sector = trades[(number // len(cohorts)) % len(trades)]
        region = "Gävleborg" if number % 5 in (0, 1, 3) else "Dalarna"
        towns = dict(self.story.CROWD_TOWNS)[region]
        place = number // 2
        city, prefix = towns[place % len(towns)]
        while f"{prefix} {trade}" in self.names:
            place += 1
            city, prefix = towns[place % len(towns)]
        self.names.add(f"{prefix} {trade}")
        return {
            "registry_id": f"559310-{2001 + number}",
            "legal_name": f"{prefix} {trade} AB",
            "short_name": f"{prefix} {trade}",
            "helix": Helix.INDUSTRY,
            "org_type": OrganizationType.MICRO_FIRM,
            "employees": employees,
            "turnover": Decimal(600_000 + (number * 1_370_000) % 11_000_000),
            "currency": "SEK",
            "figures_year": 2017,
            "sectors": sector,
            # Long before the project: a young firm gets a later day (_young_firms).
            "founded_on": date(1984 + (number * 7) % 29, 1 + (number * 5) % 12, 1 + number % 28),
            "region": region,
            "city": city,
            "member_since": None,
        }

    def firm(
        self,
        status: str,
        applied_on: date,
        ended_on: date | None = None,
        dropout: tuple | None = None,
        commitment: str = "follower",
    ) -> Firm:
        number = len(self.crowd.FIRMS)
        accepted = status in ("active", "completed") or bool(dropout and dropout[0] != "intake")
        employees = 1 + (number * 7) % 9 if status != "rejected" else 11 + number % 5
        organization = self._organization(number, employees)
        self.crowd.FIRMS.append(organization)
        cohort = list(self.story.CROWD_TRADES)[number % len(self.story.CROWD_TRADES)]
        markets = self.story.CROWD_MARKETS[cohort]
        firm = Firm(
            registry_id=organization["registry_id"],
            cohort=cohort,
            market=markets[(number // 3) % len(markets)],
            region=organization["region"],
            applied_on=applied_on,
            ended_on=ended_on,
            status=status,
            commitment=commitment,
            accepted=accepted,
        )
        self.firms.append(firm)
        coach = next(e for e, _n, _p, regions in triip.COACHES if organization["region"] in regions)
        self.crowd.ENROLMENTS.append(
            (
                firm.registry_id,
                status,
                applied_on,
                coach if accepted else "",
                commitment if accepted else "inactive" if dropout else "",
                ended_on,
                dropout,
                cohort if accepted else "",
            )
        )
        if accepted:
            last = ended_on or date.max
            firm.invited = sum(firm.started_on <= day <= last for day in self.workshop_days)
        return firm

    def became_member(self, firm: Firm) -> None:
        """The firm joined fpx as a member in 2018 (it applied for membership, then was
        admitted): the first firms asked for it, as long as days are left."""
        if not self.member_days:
            return
        applied_on, since = self.member_days.pop(0)
        self.check(firm, applied_on)
        self.crowd.FIRMS[self._index(firm)].update(member_since=since, applied_on=applied_on)

    def _index(self, firm: Firm) -> int:
        return next(
            i for i, row in enumerate(self.crowd.FIRMS) if row["registry_id"] == firm.registry_id
        )

    # -- what the firm did ----------------------------------------------------------------------

    def _last_day(self, firm: Firm) -> date:
        return min(firm.ended_on or self.story.PROJECT["end"], self.story.PROJECT["end"])

    def took_part_on(self, firm: Firm, day: date) -> bool:
        return firm.accepted and firm.started_on <= day <= self._last_day(firm)

    def check(self, firm: Firm, day: date) -> date:
        if not self.took_part_on(firm, day):
            last = self._last_day(firm)
            raise ValueError(f"{firm.registry_id}: {day} is outside {firm.started_on}–{last}")
        return day

    def sessions(self, firm: Firm, *sessions: tuple[date, str, str]) -> None:
        rows = [(self.check(firm, day), hours, topic, True) for day, hours, topic in sessions]
        total = sum(Decimal(hours) for _day, hours, _topic, _confirmed in rows)
        if total > self.story.PROJECT["coaching_hours_default"]:
            raise ValueError(f"{firm.registry_id}: {total} h of coaching is over the allotment")
        self.crowd.SESSIONS.append((firm.registry_id, rows))

    def attended(self, firm: Firm, workshops: int) -> None:
        if firm.invited:
            self.crowd.ATTENDED[firm.registry_id] = max(0, min(workshops, firm.invited))

    def track(self, firm: Firm, *steps: tuple[str, date]) -> None:
        rows = [(stage, self.check(firm, day)) for stage, day in steps]
        self.crowd.TRACKS.append((firm.registry_id, firm.market[0], rows))

    def trip(self, firm: Firm, start: date, reimbursed_on: date | None, report: tuple) -> date:
        """A trip to the firm's market's fair, asked for on the 1st of its month; the claim
        reimbursed that day, or never (the trip money firms gave up on)."""
        country, city, event = firm.market
        self.check(firm, start.replace(day=1))
        end = self.check(firm, start + _days(3))
        budget = self.caps[country] - 200
        claim = (
            "Travel and hotel",
            str((budget * Decimal("0.85")).quantize(Decimal(1))),
            "reimbursed" if reimbursed_on else "submitted",
            reimbursed_on,
        )
        self.crowd.TRIPS.append(
            (firm.registry_id, country, city, event, start, end, "fair", str(budget), "done")
            + ([claim], report)
        )
        return end

    def timbank(self, firm: Firm, service: str, hours: int, asked_on: date, used: int) -> date:
        """A request decided nine weeks later (firms found approval slow), then closed."""
        decided_on = self.check(firm, _before_29th(asked_on + _days(63)))
        self.check(firm, asked_on)
        if used:
            self.check(firm, decided_on.replace(day=28))
        self.crowd.TIMBANK.append(
            (firm.registry_id, service, str(hours), str(hours), str(used), asked_on)
            + (decided_on, "closed")
        )
        return decided_on

    def outcome(
        self, firm: Firm, kind: str, day: date, quantity: int = 1, note: str = "", source="firm"
    ) -> None:
        country = "" if kind in WITHOUT_MARKET else firm.market[0]
        row = (firm.registry_id, kind, self.check(firm, day), country, quantity, note, source)
        self.crowd.OUTCOMES.append(row)
        if kind == "prototype":
            firm.prototype_on = firm.prototype_on or day

    def joint_research(self, firm: Firm, day: date, note: str) -> None:
        """A joint activity with the research organisation the TRIIP firms work with."""
        row = (firm.registry_id, "research_cooperation", self.check(firm, day), "", 1, note)
        self.crowd.OUTCOMES.append(row + ("firm", triip.RESEARCH_PARTNER))

    def founded(self, firm: Firm, day: date) -> None:
        self.crowd.FIRMS[self._index(firm)]["founded_on"] = day

    def contact(self, firm: Firm, day: date, note: str = "") -> None:
        self.outcome(firm, "international_contact", day, 2 + len(self.crowd.OUTCOMES) % 4, note)


def _completed(b: _Builder, n: int) -> None:
    """Firms that went through the whole process: coaching, the workshops, the export lab up
    to the market analysis at least; half of them travelled to a fair."""
    for k in range(n):
        firm = b.firm(
            "completed",
            _spread(date(2016, 8, 22), date(2017, 4, 10), n, k),
            _spread(date(2018, 3, 16), date(2018, 11, 30), n, k),
            commitment="leader" if k % 3 == 0 else "follower",
        )
        a, (_country, city, event) = firm.started_on, firm.market
        hours = ["4", "3.5", "3", "3"] if k % 2 == 0 else ["3", "3", "2.5", "2.5"]
        # The pitch before the end of the entry phase; a last session before completing.
        days = [a + _days(7), a + _days(42), a + _days(91), date(2017, 11, 6) + _days(3 * k)]
        topics = ["Export vision", "Market choice", f"Market analysis: {city}"]
        topics.append(f"Pitch for {event}")
        days.append(firm.ended_on - _days(21))
        hours.append("1")
        topics.append("Evaluation of the whole process")
        b.sessions(firm, *zip(days, hours, topics, strict=True))
        b.attended(firm, firm.invited if k % 4 != 3 else max(2, firm.invited - 1))
        steps = [("market_choice", a + _days(42)), ("market_analysis", a + _days(91))]
        if k % 3 == 0:
            steps.append(("incubation", a + _days(168)))
        if k % 6 == 0:
            steps.append(("pilot_launch", date(2018, 2, 15)))
        b.track(firm, *steps)
        if k % 2 == 0:
            start = a + _days(120)
            end = b.trip(firm, start, start + _days(100), (4 + k % 5, 2 + k % 3, 1, 0))
            b.contact(firm, end - _days(1))
            if k % 4 == 0:
                b.outcome(firm, "new_customer", end + _days(60), source="coach")
        else:
            b.contact(firm, a + _days(130), "Met during the market analysis.")
            b.outcome(firm, "prototype", a + _days(150), source="coach")
            b.timbank(firm, SERVICES[k % len(SERVICES)], 8, a + _days(60), 8 if k % 3 else 6)
        if k % 7 == 0:
            b.outcome(firm, "market_entered", date(2018, 3, 1), source="manager")
        if k % 4 == 2:
            b.became_member(firm)


def _dropped_after_workshops(b: _Builder, j: int, n: int, dropout: tuple) -> None:
    firm = b.firm(
        "dropped",
        _spread(date(2016, 8, 29), date(2017, 4, 17), n, j),
        _spread(date(2017, 9, 28), date(2017, 12, 15), n, j),
        dropout,
        commitment="inactive" if j % 2 else "follower",
    )
    a = firm.started_on
    b.sessions(firm, (a + _days(7), "2", "Export vision"), (a + _days(49), "3", "Market choice"))
    b.attended(firm, max(1, firm.invited - j % 2))
    if j % 2 == 0:
        b.track(firm, ("market_choice", a + _days(49)))
    if j < 2:
        b.contact(firm, date(2017, 6, 1), "Met through the Enterprise Europe Network.")


def _dropped_in_coaching(b: _Builder, j: int, n: int, dropout: tuple) -> None:
    applied_on = _spread(date(2017, 5, 15), date(2017, 10, 2), n, j)
    firm = b.firm("dropped", applied_on, started_on(applied_on) + _days(49), dropout, "inactive")
    a = firm.started_on
    b.sessions(firm, (a + _days(7), "2", "Export vision"), (a + _days(28), "1.5", "Market choice"))
    b.attended(firm, 1 if j % 2 == 0 else 0)


def _dropped_over_the_trip_money(b: _Builder, j: int, n: int, dropout: tuple) -> None:
    """Travelled, met people at the fair, and gave up waiting for the money."""
    applied_on = _spread(date(2016, 10, 10), date(2016, 12, 5), n, j)
    start = started_on(applied_on) + _days(150)
    firm = b.firm("dropped", applied_on, start + _days(3 + 84), dropout)
    a = firm.started_on
    b.sessions(firm, (a + _days(7), "3", "Export vision"), (a + _days(56), "3", "Market choice"))
    b.attended(firm, firm.invited)
    b.track(firm, ("market_choice", a + _days(56)))
    end = b.trip(firm, start, None, (3, 1, 0, 0))
    b.contact(firm, end - _days(1))


def _dropped_waiting_for_the_timbank(b: _Builder, j: int, n: int, dropout: tuple) -> None:
    applied_on = _spread(date(2017, 1, 16), date(2017, 1, 16), n, j)
    asked_on = started_on(applied_on) + _days(30)
    decided_on = _before_29th(asked_on + _days(63))
    firm = b.firm("dropped", applied_on, decided_on + _days(14), dropout, "inactive")
    b.sessions(firm, (firm.started_on + _days(7), "2", "Export vision"))
    b.attended(firm, 1)
    b.timbank(firm, "legal", 10, asked_on, 0)


def _dropped_in_2018_over_the_trip_money(b: _Builder, j: int, n: int, dropout: tuple) -> None:
    start = _spread(date(2017, 11, 6), date(2018, 3, 5), n, j)
    firm = b.firm(
        "dropped",
        _spread(date(2016, 9, 26), date(2017, 7, 3), n, j),
        start + _days(3 + 70),
        dropout,
    )
    a, (_country, city, _event) = firm.started_on, firm.market
    b.sessions(
        firm,
        (a + _days(7), "3", "Export vision"),
        (a + _days(49), "3", "Market choice"),
        (a + _days(98), "3", f"Market analysis: {city}"),
    )
    b.attended(firm, firm.invited)
    b.track(firm, ("market_choice", a + _days(49)), ("market_analysis", a + _days(98)))
    end = b.trip(firm, start, None, (5 + j % 3, 2 + j % 2, j % 2, 0))
    b.contact(firm, end - _days(1))
    if j % 3 == 0:
        b.timbank(firm, "translation", 6, a + _days(60), 6)


def _dropped_in_the_export_lab(b: _Builder, j: int, n: int, dropout: tuple) -> None:
    firm = b.firm(
        "dropped",
        _spread(date(2016, 11, 7), date(2017, 6, 12), n, j),
        _spread(date(2018, 4, 16), date(2018, 10, 15), n, j),
        dropout,
    )
    a, (_country, city, _event) = firm.started_on, firm.market
    b.sessions(
        firm,
        (a + _days(7), "3", "Export vision"),
        (a + _days(49), "3", "Market choice"),
        (a + _days(98), "2", f"Market analysis: {city}"),
        (a + _days(160), "2", "International incubation"),
        (firm.ended_on - _days(40), "2", "Pilot launch plan"),
    )
    b.attended(firm, firm.invited)
    b.track(
        firm,
        ("market_choice", a + _days(49)),
        ("market_analysis", a + _days(98)),
        ("incubation", a + _days(150)),
    )
    b.contact(firm, a + _days(120), "A buyer met during the market analysis.")
    if j == 0:
        b.outcome(firm, "prototype", a + _days(170), source="coach")


def _active_at_closure(b: _Builder, n: int) -> None:
    """Late starters, still at work when the project closed: too late for two workshops."""
    for j in range(n):
        firm = b.firm("active", _spread(date(2017, 8, 7), date(2017, 11, 6), n, j))
        a, (_country, city, _event) = firm.started_on, firm.market
        b.sessions(
            firm,
            (a + _days(14), "2", "Export vision"),
            (date(2018, 3, 13), "3", "Market choice"),
            (date(2018, 9, 11), "3", f"Market analysis: {city}"),
        )
        b.attended(firm, firm.invited)
        b.track(firm, ("market_choice", date(2018, 3, 13)), ("market_analysis", date(2018, 9, 11)))
        b.contact(firm, date(2018, 5, 15) + _days(14 * j))
        if j < 2:
            b.outcome(firm, "prototype", date(2018, 10, 2) + _days(14 * j), source="coach")
            b.became_member(firm)


def _not_supported(b: _Builder) -> None:
    """Applicants the project did not take: too many employees, or gone at the intake."""
    applied = [date(2017, 3, 6), date(2017, 9, 4), date(2017, 12, 13)]
    for applied_on in applied[: b.story.CROWD_REJECTED]:
        b.firm("rejected", applied_on)
    for applied_on, dropout in zip(
        [date(2016, 10, 17), date(2017, 6, 19)], b.story.CROWD_DROPPED_AT_INTAKE, strict=False
    ):
        b.firm("dropped", applied_on, applied_on + _days(21), dropout)


DROPOUT_STEPS = {
    (2017, "after_workshops"): _dropped_after_workshops,
    (2017, "coaching"): _dropped_in_coaching,
    (2017, "trip"): _dropped_over_the_trip_money,
    (2017, "timbank"): _dropped_waiting_for_the_timbank,
    (2018, "trip"): _dropped_in_2018_over_the_trip_money,
    (2018, "export_lab"): _dropped_in_the_export_lab,
}


def _dropped(b: _Builder, year: int, table) -> None:
    by_phase: dict[str, list[tuple]] = {}
    for phase, reason, note, firms in table:
        by_phase.setdefault(phase, []).extend([(phase, reason, note)] * firms)
    for phase, dropouts in by_phase.items():
        for j, dropout in enumerate(dropouts):
            DROPOUT_STEPS[year, phase](b, j, len(dropouts), dropout)


def _enough(firms: list, n: int, what: str) -> None:
    if len(firms) < n:
        raise ValueError(f"{n} firms wanted for {what}, {len(firms)} fit")


def _young_firms(b: _Builder, n: int) -> None:
    """The ``n`` supported firms of the smallest turnover were founded less than three years
    before they applied: the first 200 days before, each next one 250 days earlier."""
    turnover = {row["registry_id"]: row["turnover"] for row in b.crowd.FIRMS}
    supported = sorted(
        (firm for firm in b.firms if firm.accepted), key=lambda f: turnover[f.registry_id]
    )
    _enough(supported, n, "young firms")
    for k, firm in enumerate(supported[:n]):
        founded_on = firm.applied_on - _days(200 + 250 * k)
        if founded_on + _days(3 * 365) <= decided_on(firm.applied_on):
            raise ValueError(f"{firm.registry_id}: founded {founded_on}, not a young firm")
        b.founded(firm, founded_on)


def _joint_research(b: _Builder, n: int) -> None:
    """The first ``n`` firms of the industrial cohort from Gävleborg that completed worked with
    the University of Gävle seven months after they started."""
    firms = [
        firm
        for firm in b.firms
        if (firm.status, firm.cohort, firm.region) == ("completed", "Industrial", "Gävleborg")
    ]
    _enough(firms, n, "joint research")
    for firm in firms[:n]:
        note = "Joint tests with the University of Gävle."
        b.joint_research(firm, firm.started_on + _days(200), note)


def _innovations(b: _Builder, wanted: dict[str, int]) -> None:
    """Half a year after its prototype, a firm launched it as a product: new to the market for a
    leader while any is wanted, else new to the firm; the firms that completed first, then the
    others, as long as the product comes before the firm ended. Of the firms that completed
    without a prototype, the first introduced a process, marketing or organisational innovation
    ten months after it started, one firm of each kind wanted."""
    left = dict(wanted)
    firms = sorted(b.firms, key=lambda firm: firm.status != "completed")
    for firm in firms:
        if firm.prototype_on is None:
            continue
        day = firm.prototype_on + _days(182)
        kinds = PRODUCTS if firm.commitment == "leader" else PRODUCTS[1:]
        kind = next((kind for kind in kinds if left.get(kind)), None)
        if kind and b.took_part_on(firm, day):
            left[kind] -= 1
            b.outcome(firm, kind, day, note=INNOVATION_NOTES[kind], source="coach")
    others = [kind for kind in left if kind not in PRODUCTS for _n in range(left[kind])]
    completed = [f for f in b.firms if f.status == "completed" and f.prototype_on is None]
    for firm, kind in zip(completed, others, strict=False):
        left[kind] -= 1
        b.outcome(firm, kind, firm.started_on + _days(300), note=INNOVATION_NOTES[kind])
    if any(left.values()):
        raise ValueError(f"No firm left for the innovations {left}")


def _indicator_outcomes(b: _Builder) -> None:
    """What the EU common indicators count besides the support (docs/domain.md §6), added
    after every other row: young firms, joint research and innovations."""
    _young_firms(b, b.story.CROWD_YOUNG_FIRMS)
    _joint_research(b, b.story.CROWD_RESEARCH_COOPERATIONS)
    _innovations(b, b.story.CROWD_INNOVATIONS)


def crowd_of(story) -> Crowd:
    """The generated rows of ``story`` (``demo.data.triip_2016``)."""
    builder = _Builder(story)
    _completed(builder, story.CROWD_COMPLETED)
    _dropped(builder, 2017, story.CROWD_DROPPED_IN_2017)
    _dropped(builder, 2018, story.CROWD_DROPPED_IN_2018)
    _active_at_closure(builder, story.CROWD_ACTIVE_AT_CLOSURE)
    _not_supported(builder)
    _indicator_outcomes(builder)
    return builder.crowd
