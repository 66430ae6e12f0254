"""How a chronology entry reads in the report (a table's date column, the public edition's name for it)."""

from __future__ import annotations


def entry_date(row: dict) -> str:
    """dd/mm/yyyy (and the time), mm/yyyy or yyyy: how the chronology's dates read in a table."""
    value, precision = row.get("date", ""), row.get("date_precision", "day")
    parts = value.split("-")
    if precision == "day" and len(parts) == 3:
        text = f"{parts[2]}/{parts[1]}/{parts[0]}"
    elif precision == "month" and len(parts) >= 2:
        text = f"{parts[1]}/{parts[0]}"
    else:
        text = value
    return f"{text} {row['time']}" if row.get("time") else text


def entry_label(row: dict) -> str:
    """An entry as the public edition names it: its agency and date, never its id."""
    return f"{row['agency']}, {entry_date(row)}"
