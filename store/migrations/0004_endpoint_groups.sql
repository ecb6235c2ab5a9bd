-- Direct Connect endpoint groups: the CIDR lists of the API
-- (/v2.0/dcaas/dc-endpoint-groups). A virtual gateway's local subnets are
-- the endpoints of its local group (IPv4) and local IPv6 group; a virtual
-- interface's remote subnets are the endpoints of its remote group.
-- Endpoints never change; a new list is a new group.
--
-- The gateway's cidrs (and the new ipv6_cidrs) and the interface's
-- remote_subnets stay as copies of their groups' endpoints, so the rules and
-- pages that read them need no join; the store writes both in one
-- transaction.
--
-- owner_id is set on the groups the console makes by itself for a gateway or
-- interface created or modified in the browser (NULL: made through the API).
-- The console removes those when it replaces or deletes their owner; the API
-- removes a group only when a client deletes it, as the real service does.
CREATE TABLE endpoint_groups (
	id          TEXT PRIMARY KEY,
	project_id  TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
	name        TEXT NOT NULL DEFAULT '',
	description TEXT NOT NULL DEFAULT '',
	type        TEXT NOT NULL DEFAULT 'cidr',
	family      TEXT NOT NULL,                -- ipv4 or ipv6
	endpoints   TEXT NOT NULL,                -- canonical CIDRs, comma separated
	owner_id    TEXT,                         -- gateway or interface the console made it for
	created_at  INTEGER NOT NULL
);
CREATE INDEX endpoint_groups_by_project ON endpoint_groups (project_id, created_at DESC, id);
CREATE INDEX endpoint_groups_by_owner ON endpoint_groups (owner_id) WHERE owner_id IS NOT NULL;

ALTER TABLE virtual_gateways ADD COLUMN local_ep_group_id TEXT REFERENCES endpoint_groups(id);
ALTER TABLE virtual_gateways ADD COLUMN local_ep_group_ipv6_id TEXT REFERENCES endpoint_groups(id);
ALTER TABLE virtual_gateways ADD COLUMN ipv6_cidrs TEXT NOT NULL DEFAULT '';
ALTER TABLE virtual_interfaces ADD COLUMN remote_ep_group_id TEXT REFERENCES endpoint_groups(id);
CREATE INDEX virtual_gateways_by_local_group ON virtual_gateways (local_ep_group_id);
CREATE INDEX virtual_gateways_by_local_ipv6_group ON virtual_gateways (local_ep_group_ipv6_id);
CREATE INDEX virtual_interfaces_by_remote_group ON virtual_interfaces (remote_ep_group_id);

-- Gateways and interfaces made before endpoint groups existed get a group
-- of their own, as if the console had made it (random version-4 UUIDs).
INSERT INTO endpoint_groups (id, project_id, name, description, type, family, endpoints, owner_id, created_at)
SELECT lower(substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-4' || substr(h, 14, 3) || '-a' || substr(h, 18, 3) || '-' || substr(h, 21, 12)),
	project_id, substr('local-' || name, 1, 64), 'CIDR blocks of virtual gateway ' || name, 'cidr', 'ipv4', cidrs, id, created_at
FROM (SELECT hex(randomblob(16)) AS h, * FROM virtual_gateways);
UPDATE virtual_gateways SET local_ep_group_id = (SELECT e.id FROM endpoint_groups e WHERE e.owner_id = virtual_gateways.id);

INSERT INTO endpoint_groups (id, project_id, name, description, type, family, endpoints, owner_id, created_at)
SELECT lower(substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-4' || substr(h, 14, 3) || '-a' || substr(h, 18, 3) || '-' || substr(h, 21, 12)),
	project_id, substr('remote-' || name, 1, 64), 'Remote subnets of virtual interface ' || name, 'cidr', 'ipv4', remote_subnets, id, created_at
FROM (SELECT hex(randomblob(16)) AS h, * FROM virtual_interfaces);
UPDATE virtual_interfaces SET remote_ep_group_id = (SELECT e.id FROM endpoint_groups e WHERE e.owner_id = virtual_interfaces.id);
