"""Import of a whole project from a spreadsheet: the project, its participants and their
activities, for clusters moving off spreadsheets.

One module per sheet (``project``, ``participants``, ``coaching``, ``workshops``,
``timbank``, ``trips``, ``export_lab``, ``outcomes``), each a sheet importer of the import
framework (``clusters.imports``, docs/imports.md), and ``orchestrator``, which reads the file
and runs the sheets in order inside one transaction. The browser page, the API endpoint and
the ``import_project`` command are thin faces of ``orchestrator.import_project``.
"""
