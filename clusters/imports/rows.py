"""One row of a sheet, with its line number and typed readers for its cells.

Each reader returns the cell's value (or None / "" when it is empty or wrong) and keeps every
problem as "column: reason", so that one pass over a row says everything wrong with it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from clusters.imports.columns import Column
from clusters.text import TEXT_MAX_LENGTH, control_character, control_character_message

YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}


class Row:
    """A row's cells as {column: text}; ``problems`` are what its readers found wrong (the row
    is refused), ``warnings`` what is worth knowing though the row is imported."""

    def __init__(
        self, sheet: str, line: int, cells: dict[str, str], columns: Iterable[Column] = ()
    ):
        self.sheet = sheet
        self.line = line
        self.cells = cells
        self.columns = {column.name: column for column in columns}
        self.problems: list[str] = []
        self.warnings: list[str] = []
        self.refuse_bad_text()

    def refuse_bad_text(self) -> None:
        """A cell holding a control character, or longer than any text field takes, refuses
        the row, whichever importer reads it and however (clusters.text); a cell may run over
        several lines, so tab and line breaks pass. Shorter limits are the services' to check
        (their full_clean)."""
        for column, value in self.cells.items():
            if not isinstance(value, str):
                continue
            if character := control_character(value, multiline=True):
                self.problem(column, control_character_message(character))
            if len(value) > TEXT_MAX_LENGTH:
                self.problem(
                    column,
                    _("Enter at most %(limit)s characters (this cell has %(length)s).")
                    % {"limit": TEXT_MAX_LENGTH, "length": len(value)},
                )

    def problem(self, column: str, message: str) -> None:
        reason = f"{column}: {message}"
        if reason not in self.problems:
            self.problems.append(reason)

    def warn(self, column: str, message: str) -> None:
        """Something the report says about the row once it is imported; never a refusal."""
        warning = f"{column}: {message}"
        if warning not in self.warnings:
            self.warnings.append(warning)

    def text(self, column: str, *, required: bool = False) -> str:
        value = self.cells.get(column, "").strip()
        if required and not value:
            self.problem(column, _("This cell is required."))
        return value

    def day(self, column: str, *, required: bool = False) -> date | None:
        value = self.text(column, required=required)
        if not value:
            return None
        # A spreadsheet's date with a time of day reads "YYYY-MM-DD HH:MM:SS".
        if len(value) == 10 or (len(value) == 19 and value[10] == " "):
            try:
                return date.fromisoformat(value[:10])
            except ValueError:
                pass
        self.problem(column, _("Enter the date as YYYY-MM-DD, not “%(value)s”.") % {"value": value})
        return None

    def number(self, column: str, *, required: bool = False) -> Decimal | None:
        value = self.text(column, required=required)
        if not value:
            return None
        cleaned = "".join(value.split())
        if "," in cleaned and "." not in cleaned:
            cleaned = cleaned.replace(",", ".")  # a decimal comma
        try:
            number = Decimal(cleaned)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            self.problem(column, _("Enter a number, not “%(value)s”.") % {"value": value})
            return None
        return number

    def integer(self, column: str, *, required: bool = False) -> int | None:
        number = self.number(column, required=required)
        if number is None:
            return None
        if number != number.to_integral_value() or number < 0:
            self.problem(column, _("Enter a whole number of zero or more."))
            return None
        return int(number)

    def hours(
        self, column: str, check: Callable[[Decimal], str | None], *, required: bool = False
    ) -> Decimal | None:
        """A number of hours that ``check`` finds no problem with."""
        hours = self.number(column, required=required)
        if hours is not None and (problem := check(hours)):
            self.problem(column, problem)
            return None
        return hours

    def choice(self, column: str, *, required: bool = False) -> str:
        """One of the values the column declares, written as the value or as its label."""
        value = self.text(column, required=required)
        if not value:
            return ""
        declared = self.columns[column]
        token = value.lower().replace("-", "_").replace(" ", "_")
        if token in declared.values:
            return token
        by_label = {str(label).lower(): key for key, label in declared.labels.items()}
        if value.lower() in by_label:
            return by_label[value.lower()]
        self.problem(
            column,
            _("“%(value)s” is not one of %(allowed)s.")
            % {"value": value, "allowed": ", ".join(declared.values)},
        )
        return ""

    def yes_no(self, column: str) -> bool | None:
        value = self.text(column, required=True).lower()
        if value in YES:
            return True
        if value in NO:
            return False
        if value:
            self.problem(column, _("Answer yes or no, not “%(value)s”.") % {"value": value})
        return None

    def country(self, column: str, *, required: bool = False) -> str:
        return self.text(column, required=required).upper()

    def summary(self) -> str:
        """The row's shown cells, as a preview names it."""
        return " · ".join(
            self.cells[name]
            for name, column in self.columns.items()
            if column.shown and self.cells.get(name)
        )
