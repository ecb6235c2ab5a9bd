-- API tokens (POST /v3/auth/tokens): opaque random strings handed to API
-- clients; only their SHA-256 is kept, so a copy of the database cannot be
-- used to call the API.
CREATE TABLE api_tokens (
	hash       TEXT PRIMARY KEY,               -- hex SHA-256 of the token
	user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	project_id TEXT REFERENCES projects(id) ON DELETE CASCADE, -- NULL: domain-scoped or unscoped
	scope      TEXT NOT NULL,                  -- project, domain or unscoped
	issued_at  INTEGER NOT NULL,
	expires_at INTEGER NOT NULL
);
CREATE INDEX api_tokens_by_expiry ON api_tokens (expires_at);
