"""Columns of many rows as numpy arrays per group, for analytics over large result sets.

On PostgreSQL each group's values travel as arrays (``array_agg``) in the binary protocol,
so a million rows arrive as a few long arrays instead of a million Python tuples; other
databases go through the cursor. Either way the caller's queryset keeps its policy scope and
filters.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from django.db import connections
from django.db.models import Expression, QuerySet


def arrays_by(
    queryset: QuerySet, key: str, columns: dict[str, tuple[Expression, type]]
) -> dict[object, dict[str, np.ndarray]]:
    """``{key value: {column: array}}`` over the rows of ``queryset``.

    ``key`` is a field name or lookup path of the queryset's model; ``columns`` maps each
    column name to an expression and the numpy dtype of its array (``float``, ``bool``…).
    Rows where an expression is null keep their null (NaN in a float array).
    """
    connection = connections[queryset.db]
    if connection.vendor == "postgresql":
        from django.contrib.postgres.aggregates import ArrayAgg
        from psycopg import Cursor  # Django's own cursors bind on the client: text only

        rows = (
            queryset.values(key)
            .annotate(**{f"_{name}": ArrayAgg(expr) for name, (expr, _t) in columns.items()})
            .order_by()
            .values_list(key, *(f"_{name}" for name in columns))
        )
        sql, params = rows.query.sql_with_params()
        connection.ensure_connection()
        with Cursor(connection.connection) as cursor:
            cursor.execute(sql, params, binary=True)
            fetched = cursor.fetchall()
        return {
            row[0]: {
                name: np.asarray(values, dtype=dtype)
                for (name, (_e, dtype)), values in zip(columns.items(), row[1:], strict=True)
            }
            for row in fetched
        }
    annotated = queryset.annotate(**{f"_{name}": expr for name, (expr, _t) in columns.items()})
    lists: dict[object, list[list]] = defaultdict(lambda: [[] for _ in columns])
    names = [f"_{name}" for name in columns]
    for row in annotated.values_list(key, *names).order_by().iterator(chunk_size=20_000):
        for target, value in zip(lists[row[0]], row[1:], strict=True):
            target.append(value)
    return {
        group: {
            name: np.asarray(values, dtype=dtype)
            for (name, (_e, dtype)), values in zip(columns.items(), found, strict=True)
        }
        for group, found in lists.items()
    }
