"""The floors of the reports: the same figures computed without the app, to time it against.

One module per report kind (``participation``, ``outcomes``, ``indicators``), each exposing
two functions of the same signature::

    def sql(project_ids: list[int], as_of: date, programme_id: int | None = None) -> dict: ...
    def pandas(project_ids: list[int], as_of: date, programme_id: int | None = None) -> dict: ...

- ``project_ids``: the projects of the scope, as the app resolves them (``[project.pk]`` for a
  project; ``figures.projects_of_programme(programme)`` for a programme), sorted.
- ``as_of``: the report's day (``world.AS_OF`` in the bench).
- ``programme_id``: the programme asked for (``None`` for a project scope). Only the
  indicators kind reads it (``report_body`` passes ``programme`` to
  ``indicators(projects, programme, as_of)``); the other kinds accept and ignore it.

Each returns exactly the ``figures`` of the app's report (``report_body(...)["figures"]``):
every key, the same rounding, JSON-like values (int, float, None, str, dict, list).

``sql`` is the floor: hand-written PostgreSQL, one statement per figure group, run through
``django.db.connection.cursor()``, as fast as it can be made. ``pandas`` reads only the needed
columns of the same tables, filtered to the projects, into DataFrames (``pd.read_sql`` or a
cursor) and computes the same figures with pandas. pandas is imported inside the functions
(it is in the optional ``bench`` dependency group, never a runtime dependency of the app).

``config.bench.reports`` times the app, ``sql`` and ``pandas`` side by side and fails the bench
when the three disagree (floats compared rounded to 2 places). All three run on the same
connection, with its settings: PostgreSQL connections have JIT off (config/settings.py), as
compiling a report's statements took seconds at scale 10.
"""
