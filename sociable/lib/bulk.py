"""Writing many rows at once where the ORM would be slow (its bulk_update builds one CASE per
field per row) or cannot say it (an insert that skips rows already held and reports which it
inserted). Only quoted names of the model's own table and columns are formatted into the SQL;
every value is a parameter.

Each function takes the database connection to write through (Django's `connection`): this
module imports no Django, it only reads the models' `_meta` and the fields it is given."""

from __future__ import annotations

INSERT_ROWS = 300  # rows per INSERT, well within every database's limit on parameters


def update_each(connection, objects, fields: list[str]) -> None:
    """Write `fields` of each saved object (their current values): one UPDATE per row, all sent
    together (executemany: one round trip on PostgreSQL)."""
    objects = list(objects)
    if not objects:
        return
    meta = type(objects[0])._meta
    quote = connection.ops.quote_name
    columns = [meta.get_field(name) for name in fields]
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in columns)
    sql = (
        f"UPDATE {quote(meta.db_table)} SET {assignments} "  # noqa: S608  # nosec B608 (quoted names, values are parameters)
        f"WHERE {quote(meta.pk.column)} = %s"
    )
    rows = [
        [field.get_db_prep_save(getattr(obj, field.attname), connection) for field in columns]
        + [obj.pk]
        for obj in objects
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def insert_new(
    connection, model, fields: list[str], rows: list[tuple], unique: list[str]
) -> list[tuple]:
    """Insert `rows` (values of `fields`), skipping each row whose `unique` values a row already
    holds (or holds uncommitted: the insert waits for that transaction to end). Returns
    (primary key, *unique values) for the rows this call inserted."""
    meta = model._meta
    quote = connection.ops.quote_name
    columns = [meta.get_field(name) for name in fields]
    keys = ", ".join(quote(meta.get_field(name).column) for name in unique)
    returned = ", ".join([quote(meta.pk.column), keys])
    inserted: list[tuple] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), INSERT_ROWS):
            chunk = rows[start : start + INSERT_ROWS]
            values = ", ".join(["(" + ", ".join(["%s"] * len(columns)) + ")"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {quote(meta.db_table)} "  # noqa: S608  # nosec B608 (quoted names, values are parameters)
                f"({', '.join(quote(field.column) for field in columns)}) VALUES {values} "
                f"ON CONFLICT ({keys}) DO NOTHING RETURNING {returned}",
                [
                    field.get_db_prep_save(value, connection)
                    for row in chunk
                    for field, value in zip(columns, row, strict=True)
                ],
            )
            inserted.extend(tuple(row) for row in cursor.fetchall())
    return inserted
