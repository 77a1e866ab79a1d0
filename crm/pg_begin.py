"""A PostgreSQL transaction whose BEGIN goes to the server with its first statement.

peewee keeps psycopg2 in autocommit mode and sends BEGIN on a round trip of its own when a
transaction starts. Logging a visit on a server takes five round trips in all, so that one
is a sixth of them. Here BEGIN waits and is sent in front of the transaction's first
statement, in the same message. Whatever reaches the connection another way (a cursor or the
connection taken directly: bulk writes, COPY, streamed reads) sends it first, so that no
statement runs outside its transaction; a transaction that sent nothing has nothing to commit
or roll back.
"""

from __future__ import annotations

import peewee


class DeferredBegin:
    """Mixed into :class:`peewee.PostgresqlDatabase` (before it)."""

    def begin(self, *args, **kwargs):
        if args or kwargs or self._isolation_level:
            return super().begin(*args, **kwargs)
        self.connection()  # connects now, where BEGIN would have
        self._state.begin_on = self._state.conn

    def take_begin(self) -> bool:
        """Whether this transaction's BEGIN is yet to be sent; the caller now sends it."""
        pending = getattr(self._state, "begin_on", None)
        if pending is None:
            return False
        self._state.begin_on = None
        return pending is self._state.conn  # not for a connection closed since

    def keep_begin(self) -> None:
        """BEGIN taken with :meth:`take_begin` was not sent after all: it is still to be sent."""
        self._state.begin_on = self._state.conn

    def _send_begin(self) -> None:
        if self.take_begin():
            with peewee.__exception_wrapper__:
                self._state.conn.cursor().execute("BEGIN")

    def cursor(self, *args, **kwargs):
        self._send_begin()
        return super().cursor(*args, **kwargs)

    def connection(self):
        conn = super().connection()
        self._send_begin()
        return conn

    def commit(self):
        if self.take_begin():
            return None
        return super().commit()

    def rollback(self):
        if self.take_begin():
            return None
        return super().rollback()
