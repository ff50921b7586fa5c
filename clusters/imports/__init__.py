"""The import framework: one small core that every spreadsheet import stands on.

- ``files``: reading CSV and XLSX files (type, size and row limits) and writing templates;
- ``workbook``: a file's sheets as numbered rows of {column: text}, with whole-sheet problems;
- ``rows``: one row with typed cell readers that collect "column: reason" problems;
- ``sheets``: a sheet's columns (with the accepted values of coded ones) and the
  ``SheetImporter`` protocol: how a row is read into data and how data is written;
- ``report``: what an import did, per sheet and row, and every refused row;
- ``run``: the atomic dry run: every row written in a savepoint of its own, everything
  rolled back when it is a dry run or when any row was refused.

It lives in ``clusters``, the lowest domain app, so that every app above may import with it;
see docs/imports.md for how to add a sheet importer.
"""
