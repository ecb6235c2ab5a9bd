-- Settings the server keeps for itself (for example the generated session keys).
CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value BLOB NOT NULL
);

-- Projects belong to one region; every resource belongs to one project.
CREATE TABLE projects (
	id                TEXT PRIMARY KEY,          -- 32 hex characters, like OTC project IDs
	name              TEXT NOT NULL UNIQUE,      -- e.g. eu-de, eu-de_training1
	region            TEXT NOT NULL,
	quota_connections INTEGER NOT NULL DEFAULT 10,
	quota_gateways    INTEGER NOT NULL DEFAULT 5,
	quota_interfaces  INTEGER NOT NULL DEFAULT 50,
	created_at        INTEGER NOT NULL
);

CREATE TABLE users (
	id            INTEGER PRIMARY KEY,
	name          TEXT NOT NULL UNIQUE,
	password_hash TEXT NOT NULL,               -- bcrypt
	is_admin      INTEGER NOT NULL DEFAULT 0,
	disabled      INTEGER NOT NULL DEFAULT 0,
	created_at    INTEGER NOT NULL
);

CREATE TABLE user_projects (
	user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
	PRIMARY KEY (user_id, project_id)
);

CREATE TABLE connections (
	id              TEXT PRIMARY KEY,          -- UUID
	project_id      TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
	name            TEXT NOT NULL,
	description     TEXT NOT NULL DEFAULT '',
	location        TEXT NOT NULL,
	peer_location   TEXT NOT NULL DEFAULT '',
	bandwidth       INTEGER NOT NULL,          -- Mbit/s
	port_type       TEXT NOT NULL,             -- 1G, 10G, ...
	provider        TEXT NOT NULL DEFAULT 'OTC',
	type            TEXT NOT NULL DEFAULT 'standard',
	status          TEXT NOT NULL,             -- BUILD, ACTIVE, DOWN, ERROR
	provider_status TEXT NOT NULL DEFAULT 'ACTIVE',
	ready_at        INTEGER,                   -- when BUILD becomes ACTIVE
	request_token   TEXT UNIQUE,               -- one create per submitted form
	created_at      INTEGER NOT NULL,
	updated_at      INTEGER NOT NULL
);
CREATE INDEX connections_by_project ON connections (project_id, created_at DESC, id);
CREATE INDEX connections_building ON connections (ready_at) WHERE status = 'BUILD';

-- Virtual Private Clouds a virtual gateway attaches to.
CREATE TABLE vpcs (
	id         TEXT PRIMARY KEY,
	project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
	name       TEXT NOT NULL,
	cidr       TEXT NOT NULL,                  -- normalised IPv4 CIDR
	request_token TEXT UNIQUE,                 -- one create per submitted form
	created_at INTEGER NOT NULL
);
CREATE INDEX vpcs_by_project ON vpcs (project_id, created_at, id);

CREATE TABLE virtual_gateways (
	id            TEXT PRIMARY KEY,
	project_id    TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
	vpc_id        TEXT NOT NULL UNIQUE REFERENCES vpcs(id),  -- one gateway per VPC
	name          TEXT NOT NULL,
	description   TEXT NOT NULL DEFAULT '',
	cidrs         TEXT NOT NULL,               -- normalised, comma separated
	type          TEXT NOT NULL DEFAULT 'default',
	status        TEXT NOT NULL,
	bgp_asn       INTEGER NOT NULL DEFAULT 64512,
	ready_at      INTEGER,                     -- when PENDING_CREATE becomes ACTIVE
	request_token TEXT UNIQUE,
	created_at    INTEGER NOT NULL,
	updated_at    INTEGER NOT NULL
);
CREATE INDEX virtual_gateways_by_project ON virtual_gateways (project_id, created_at DESC, id);
CREATE INDEX virtual_gateways_creating ON virtual_gateways (ready_at) WHERE status = 'PENDING_CREATE';

CREATE TABLE virtual_interfaces (
	id                TEXT PRIMARY KEY,
	project_id        TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
	connection_id     TEXT NOT NULL REFERENCES connections(id),
	gateway_id        TEXT NOT NULL REFERENCES virtual_gateways(id),
	name              TEXT NOT NULL,
	description       TEXT NOT NULL DEFAULT '',
	vlan              INTEGER NOT NULL,
	bandwidth         INTEGER NOT NULL,
	remote_subnets    TEXT NOT NULL,           -- normalised, comma separated
	type              TEXT NOT NULL DEFAULT 'private',
	service_type      TEXT NOT NULL DEFAULT 'vpc',
	route_mode        TEXT NOT NULL DEFAULT 'static',
	local_gateway_ip  TEXT NOT NULL DEFAULT '',
	remote_gateway_ip TEXT NOT NULL DEFAULT '',
	status            TEXT NOT NULL,
	ready_at          INTEGER,                 -- when PENDING_CREATE becomes ACTIVE
	request_token     TEXT UNIQUE,
	created_at        INTEGER NOT NULL,
	updated_at        INTEGER NOT NULL,
	UNIQUE (connection_id, vlan)
);
CREATE INDEX virtual_interfaces_by_project ON virtual_interfaces (project_id, created_at DESC, id);
CREATE INDEX virtual_interfaces_by_gateway ON virtual_interfaces (gateway_id);

-- Operations log: every state change and every create/modify/delete, append-only for users.
CREATE TABLE operations (
	id            INTEGER PRIMARY KEY,
	at            INTEGER NOT NULL,
	user_name     TEXT NOT NULL,
	project_id    TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
	resource_type TEXT NOT NULL,               -- connection, virtual_gateway, virtual_interface, vpc, project
	resource_id   TEXT NOT NULL,
	resource_name TEXT NOT NULL,
	action        TEXT NOT NULL,               -- create, modify, delete, fail, restore, provisioned, reset
	result        TEXT NOT NULL,               -- success, or why it was refused
	detail        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX operations_by_project ON operations (project_id, at DESC, id DESC);
