"""Demo data, apart from the product: the clusters, people and projects of docs/domain.md §2 and §5,
built through the services a user's forms call, and the ``seed_demo`` command that writes them.

This app stands at the top of the dependency order: it imports every product app, and no
product app imports it. ``demo.data`` holds the tables (names, figures, dates) and no code;
``demo.crowd`` generates the rest of the closed TRIIP's firms from its word lists and counts, and
``demo.stories`` joins them to the hand-written rows. The modules beside them write the tables,
one step each, in this order (``demo.steps.seed_demo``):

1. ``demo.accounts``: the demo users, the logins seed_demo prints.
2. ``demo.clusters``: the three clusters, their staff roles, the funders and the funder user.
3. ``demo.clusters``: the funders' programmes and the clusters taking part in them.
4. ``demo.members.organizations``: the member organizations, their memberships and the firm
   representative.
5. ``demo.members.governance``: people and affiliations, governing bodies and seats, meetings
   with attendance, decisions and action items.
6. ``demo.projects``: the TRIIP projects of fpx with the firms they brought in (participants,
   not members, unless they joined), funding shares, partners and their coaches, targets,
   completion rules and cohorts.
7. ``demo.enrolments``: every firm's enrolment and the dated status changes that led to it.
8. ``demo.members.alliances`` and ``demo.members.fees``: fpx's alliances, and every active
   member's fees (after step 6, whose firms pay fees too).
9. ``demo.activities``: coaching, workshops, the timbank, trips, the export lab and outcomes.
10. ``demo.reports``: a finished indicator report of each of the demo funder's programmes.
11. ``demo.notifications``: the reminders the beat would send today and a message from the
    manager to the firm, so the demo logins' inboxes are not empty.

Every step is idempotent (``demo.seeding.upsert``): a second run creates and changes nothing.
"""
