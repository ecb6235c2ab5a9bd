-- VPC v1 subnets, VPC descriptions and VPC tags, as the VPC API of the real
-- cloud has them (the Terraform provider reads all three).
--
-- A subnet lies inside its VPC's CIDR and overlaps no other subnet of that
-- VPC (the store checks both). A VPC with subnets cannot be deleted: the
-- foreign key has no ON DELETE action, so the database refuses it too.
-- neutron_network_id is the subnet's own id, as on the real service, where
-- the v1 subnet id is the id of its Neutron network.
ALTER TABLE vpcs ADD COLUMN description TEXT NOT NULL DEFAULT '';
ALTER TABLE vpcs ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
UPDATE vpcs SET updated_at = created_at;

CREATE TABLE subnets (
	id                 TEXT PRIMARY KEY,
	project_id         TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
	vpc_id             TEXT NOT NULL REFERENCES vpcs(id),
	name               TEXT NOT NULL,
	description        TEXT NOT NULL DEFAULT '',
	cidr               TEXT NOT NULL,            -- normalised IPv4 CIDR
	gateway_ip         TEXT NOT NULL,
	dhcp_enable        INTEGER NOT NULL DEFAULT 1,
	primary_dns        TEXT NOT NULL DEFAULT '',
	secondary_dns      TEXT NOT NULL DEFAULT '',
	availability_zone  TEXT NOT NULL DEFAULT '',
	neutron_subnet_id  TEXT NOT NULL,
	request_token      TEXT UNIQUE,              -- one create per submitted form
	created_at         INTEGER NOT NULL
);
CREATE INDEX subnets_by_vpc ON subnets (vpc_id, created_at, id);
CREATE INDEX subnets_by_project ON subnets (project_id, created_at, id);

CREATE TABLE vpc_tags (
	vpc_id TEXT NOT NULL REFERENCES vpcs(id) ON DELETE CASCADE,
	key    TEXT NOT NULL,
	value  TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (vpc_id, key)
);

-- Existing projects: every VPC-001 that still has its seeded block and no
-- subnet gets subnet-001 (192.168.0.0/24, gateway 192.168.0.1), as a new
-- project does. The ids are random version-4 UUIDs.
INSERT INTO subnets (id, project_id, vpc_id, name, cidr, gateway_ip, dhcp_enable, primary_dns, secondary_dns,
		neutron_subnet_id, created_at)
SELECT u.id, u.project_id, u.vpc_id, 'subnet-001', '192.168.0.0/24', '192.168.0.1', 1, '100.125.4.25', '100.125.129.199',
		u.nid, u.created_at
FROM (
	SELECT v.id AS vpc_id, v.project_id, v.created_at,
		lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' ||
			substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))) AS id,
		lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' ||
			substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))) AS nid
	FROM vpcs v
	WHERE v.name = 'VPC-001' AND v.cidr = '192.168.0.0/16'
		AND NOT EXISTS (SELECT 1 FROM subnets s WHERE s.vpc_id = v.id)
) u;
