"""`make bench`: the national-scale benchmark (issue 12).

``manage.py bench --scale S`` works in a database of its own (``database.py``), fills it through
the models with bulk inserts (``generate.py``), and measures each section: reports against their
SQL floor and pandas (``reports.py``), pages and API lists (``pages.py``), throughput under
gunicorn (``throughput.py``), the project import and the member export (``files.py``). Every
section returns a ``Section`` (``results.py``); the command prints them and writes
``BENCHMARKS.md`` and ``bench-results.json``. Figures are measured, never asserted by a test.
"""
