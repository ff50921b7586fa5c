"""Import of organizations from a CSV or XLSX file, on the import framework
(``clusters.imports``, docs/imports.md): ``organizations`` is the sheet importer (its
columns, how a line is read and how it is written through ``members.services``), ``plan``
the plan to preview and its application, which the browser page and the ``import_members``
command are thin faces of."""
