"""SQL functions that SQLite and a hub's PostgreSQL spell differently, written once."""

from __future__ import annotations

from typing import Any

from sqlalchemy import String, cast, func, literal, literal_column
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class json_text(FunctionElement[str]):
    """The text of `key` in a JSON document held as text: json_extract on SQLite,
    json_extract_path_text on PostgreSQL."""

    type = String()
    inherit_cache = True
    name = "json_text"

    def __init__(self, document: Any, key: str) -> None:
        super().__init__(document, literal(key, String()))


@compiles(json_text)
def _json_text_sqlite(element: json_text, compiler: Any, **kw: Any) -> str:
    document, key = list(element.clauses)
    return f"json_extract({compiler.process(document, **kw)}, '$.' || {compiler.process(key, **kw)})"


@compiles(json_text, "postgresql")
def _json_text_postgresql(element: json_text, compiler: Any, **kw: Any) -> str:
    document, key = list(element.clauses)
    return f"json_extract_path_text(CAST({compiler.process(document, **kw)} AS json), {compiler.process(key, **kw)})"


def year_month(date_column: Any) -> Any:
    """'2026-03' of a DATE column. The positions are written into the SQL: a hub binds
    integer parameters as BIGINT, and PostgreSQL's substr takes INTEGER."""
    return func.substr(cast(date_column, String), literal_column("1"), literal_column("7"))
