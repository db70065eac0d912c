"""UTC timestamps as sortable text, and the study day that starts at 04:00 local time."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta, tzinfo

DAY_START_HOUR = 4
_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def utc(dt: datetime) -> datetime:
    if dt.tzinfo is None:
        raise ValueError("naive datetime: Blueprint keeps every time in UTC")
    return dt.astimezone(UTC)


def format_utc(dt: datetime) -> str:
    """Fixed-width UTC text, so that string order is time order in SQLite."""
    return utc(dt).strftime(_FORMAT)


def parse_utc(text: str | None) -> datetime | None:
    if text is None:
        return None
    if len(text) == 27 and text[-1] == "Z":  # our own fixed-width form: the fast C parser
        return datetime.fromisoformat(text)
    return datetime.strptime(text, _FORMAT).replace(tzinfo=UTC)


def parse_utc_required(text: str) -> datetime:
    """A time column that is never empty (created_at, modified_at, reviewed_at)."""
    value = parse_utc(text)
    if value is None:
        raise ValueError("a required time is missing")
    return value


def local_tz() -> tzinfo:
    tz = datetime.now().astimezone().tzinfo
    return tz if tz is not None else UTC


def day_bounds(now: datetime, tz: tzinfo | None = None,
               hour: int = DAY_START_HOUR) -> tuple[datetime, datetime]:
    """The study day holding `now`: [today 04:00 local, tomorrow 04:00 local), in UTC."""
    tz = tz or local_tz()
    local = utc(now).astimezone(tz)
    start_day = local.date() if local.time() >= time(hour) else local.date() - timedelta(days=1)
    start = datetime.combine(start_day, time(hour), tzinfo=tz)
    end = datetime.combine(start_day + timedelta(days=1), time(hour), tzinfo=tz)
    return utc(start), utc(end)
