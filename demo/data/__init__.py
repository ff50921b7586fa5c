"""The demo's tables: names and figures of docs/domain.md §2 and §5, and no code that writes them.

``logins`` and ``funding`` are the installation's users, funders and programmes; ``fpx``,
``kaluga`` and ``innokam`` are one cluster each (every one defines the same tables);
``triip`` is what both TRIIP projects of fpx share, and ``triip_2016`` and ``triip_2026`` are one
project each (the same tables again). The steps walk the clusters and the projects in the
order of ``CLUSTERS`` and ``PROJECTS``, and every table from its first row to its last.
"""

from demo.data import fpx, innokam, kaluga, triip_2016, triip_2026

CLUSTERS = (fpx, kaluga, innokam)
PROJECTS = (triip_2016, triip_2026)
