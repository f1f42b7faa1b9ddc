"""Query results as Polars frames, for analytics over many rows.

On PostgreSQL the query is streamed out with ``COPY (…) TO STDOUT`` as CSV and parsed by
Polars, which is many times faster than building a Python tuple per row; other databases go
through the cursor. Either way the caller's queryset keeps its policy scope and filters.
"""

from __future__ import annotations

import io

import polars as pl
from django.db import connections
from django.db.models import QuerySet


def frame_of(queryset: QuerySet, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """The rows of ``queryset.values_list(*schema)`` as a frame with ``schema``'s types.

    Use numbers, strings and dates; booleans should be annotated as integers (PostgreSQL's
    CSV writes them as ``t``/``f``).
    """
    rows = queryset.values_list(*schema)
    connection = connections[rows.db]
    if connection.vendor != "postgresql":
        return pl.DataFrame(list(rows), schema=schema, orient="row")
    sql, params = rows.query.sql_with_params()
    text = io.BytesIO()
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY ({sql}) TO STDOUT (FORMAT csv)", params) as copy:
            for block in copy:
                text.write(block)
    if not text.tell():
        return pl.DataFrame(schema=schema)
    text.seek(0)
    return pl.read_csv(text, has_header=False, new_columns=list(schema), schema=schema)
