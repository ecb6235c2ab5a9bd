-- Server-side session identities: the session cookie carries a random ID
-- whose SHA-256 is kept here. Logout, expiry and disabling a user delete
-- the row, so a copy of a cookie is worth nothing afterwards.
CREATE TABLE sessions (
	id_hash    TEXT PRIMARY KEY,               -- hex SHA-256 of the cookie's session ID
	user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	created_at INTEGER NOT NULL,               -- login time (absolute timeout)
	seen_at    INTEGER NOT NULL                -- last use, refreshed at most every 30 s (idle timeout)
);
CREATE INDEX sessions_by_user ON sessions (user_id);

-- Failed logins per user name ("user:NAME") and per client address
-- ("ip:ADDR"), for throttling and locking (console login and API tokens).
CREATE TABLE login_failures (
	key          TEXT PRIMARY KEY,
	failures     INTEGER NOT NULL,
	last_at      INTEGER NOT NULL,
	locked_until INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX login_failures_by_age ON login_failures (last_at);
