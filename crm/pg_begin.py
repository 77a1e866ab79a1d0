"""A PostgreSQL transaction whose BEGIN goes to the server with its first statement.

peewee keeps psycopg2 in autocommit mode and sends BEGIN on a round trip of its own when a
transaction starts: one of the few a visit logged on a server takes. Here BEGIN waits and
is sent in front of the transaction's first statement, in the same message. Whatever
reaches the connection another way (a cursor or the connection taken directly: bulk writes,
COPY, streamed reads) sends it first, so that no statement runs outside its transaction; a
transaction that sent nothing has nothing to commit or roll back. The other way round, a
caller whose last statements end the transaction may send its COMMIT with them
(:meth:`DeferredBegin.committed_with_last`).
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

    def committed_with_last(self) -> None:
        """The transaction's COMMIT went to the server with its last statements
        (:func:`crm.statements.send_together` with ``last``): there is nothing left to send."""
        self._state.committed_on = self._state.conn

    def _take_committed(self) -> bool:
        committed = getattr(self._state, "committed_on", None)
        self._state.committed_on = None
        return committed is not None and committed is self._state.conn

    def commit(self):
        if self.take_begin() or self._take_committed():
            return None
        return super().commit()

    def rollback(self):
        if self.take_begin() or self._take_committed():
            return None
        return super().rollback()
