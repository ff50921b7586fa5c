"""What an import did, or in a dry run would do: an action per row, counts per sheet, every
row or sheet that was refused with its reasons, and the warnings of rows imported all the
same."""

from __future__ import annotations

from dataclasses import dataclass, field

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"


@dataclass(frozen=True)
class RowMessages:
    """Messages about one line of one sheet (``line`` None: the sheet as a whole; ``sheet``
    empty: the file as a whole)."""

    sheet: str
    line: int | None
    messages: tuple[str, ...]

    @property
    def where(self) -> str:
        if self.line is None:
            return self.sheet or "file"
        return f"{self.sheet}:{self.line}"

    def lines(self) -> list[str]:
        """One "sheet:line: reason" per message."""
        return [f"{self.where}: {message}" for message in self.messages]


@dataclass(frozen=True)
class RowError(RowMessages):
    """What is wrong with a line, a sheet or the file: it was refused, and nothing is written."""


def whole_file_messages(errors: list[RowError]) -> list[str]:
    """The reasons the file as a whole was refused (no sheet, no line): the type, a cap, the
    encoding, the first line. A page shows them at its file field."""
    return [message for error in errors if not error.sheet for message in error.messages]


@dataclass(frozen=True)
class RowWarning(RowMessages):
    """What is worth knowing about a row that was imported all the same (a firm accepted
    without a coach): it never makes the import fail."""


@dataclass(frozen=True)
class RowAction:
    """What one row did: ``action`` is CREATE, UPDATE or UNCHANGED; ``summary`` names the row
    in a preview."""

    sheet: str
    line: int
    action: str
    summary: str


@dataclass(frozen=True)
class SheetCounts:
    """How many rows of one sheet were created, updated and left unchanged."""

    sheet: str
    created: int
    updated: int
    unchanged: int


@dataclass
class ImportReport:
    """What the import did (or, in a dry run or when rows were refused, would have done).

    ``sheets`` are the import's sheets in their order, which counts and lists follow.
    """

    source: str
    sheets: tuple[str, ...]
    dry_run: bool = False
    actions: list[RowAction] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowWarning] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def counts(self) -> list[SheetCounts]:
        """Per sheet that has rows, in the import's order."""
        counts = []
        for sheet in self.sheets:
            done = [a.action for a in self.actions if a.sheet == sheet]
            if done:
                created, updated = done.count(CREATE), done.count(UPDATE)
                counts.append(SheetCounts(sheet, created, updated, done.count(UNCHANGED)))
        return counts

    @property
    def created(self) -> int:
        return sum(a.action == CREATE for a in self.actions)

    @property
    def updated(self) -> int:
        return sum(a.action == UPDATE for a in self.actions)

    @property
    def unchanged(self) -> int:
        return sum(a.action == UNCHANGED for a in self.actions)

    def error_lines(self) -> list[str]:
        return [line for error in self.errors for line in error.lines()]

    def warning_lines(self) -> list[str]:
        return [line for warning in self.warnings for line in warning.lines()]

    def sort(self) -> None:
        """Rows in the order of the sheets and their lines (the import may take them in
        another order); the file's own problems first."""
        order = {sheet: index for index, sheet in enumerate(self.sheets)}
        self.actions.sort(key=lambda a: (order[a.sheet], a.line))
        self.errors.sort(key=lambda e: (order.get(e.sheet, -1), e.line or 0))
        self.warnings.sort(key=lambda w: (order.get(w.sheet, -1), w.line or 0))
