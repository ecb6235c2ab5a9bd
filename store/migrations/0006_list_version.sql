-- Each project keeps a number that changes with every change to what its
-- Connections list shows: a connection created, modified, moved, deleted or
-- changing status (the provisioning worker and the failover drill write
-- rows too), and a virtual interface created, deleted or moved (the list
-- shows each connection's interface count). The console keys its cache of
-- rendered list pages by this number, so a page is rendered again exactly
-- when its rows change, whatever process or code path wrote them.
--
-- The number is drawn from one counter for the whole database, so it never
-- repeats: not when a project is deleted and another takes its ID, not after
-- a test reset. The triggers run inside the writing transaction, so a reader
-- that sees new rows also sees the new number.
CREATE TABLE change_counter (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	n  INTEGER NOT NULL
);
INSERT INTO change_counter (id, n) VALUES (1, 0);

ALTER TABLE projects ADD COLUMN list_version INTEGER NOT NULL DEFAULT 0;

CREATE TRIGGER list_version_project_insert AFTER INSERT ON projects
BEGIN
	UPDATE change_counter SET n = n + 1;
	UPDATE projects SET list_version = (SELECT n FROM change_counter) WHERE id = NEW.id;
END;

CREATE TRIGGER list_version_connection_insert AFTER INSERT ON connections
BEGIN
	UPDATE change_counter SET n = n + 1;
	UPDATE projects SET list_version = (SELECT n FROM change_counter) WHERE id = NEW.project_id;
END;

CREATE TRIGGER list_version_connection_update AFTER UPDATE ON connections
BEGIN
	UPDATE change_counter SET n = n + 1;
	UPDATE projects SET list_version = (SELECT n FROM change_counter) WHERE id IN (OLD.project_id, NEW.project_id);
END;

CREATE TRIGGER list_version_connection_delete AFTER DELETE ON connections
BEGIN
	UPDATE change_counter SET n = n + 1;
	UPDATE projects SET list_version = (SELECT n FROM change_counter) WHERE id = OLD.project_id;
END;

CREATE TRIGGER list_version_interface_insert AFTER INSERT ON virtual_interfaces
BEGIN
	UPDATE change_counter SET n = n + 1;
	UPDATE projects SET list_version = (SELECT n FROM change_counter) WHERE id = NEW.project_id;
END;

CREATE TRIGGER list_version_interface_update AFTER UPDATE OF project_id, connection_id ON virtual_interfaces
BEGIN
	UPDATE change_counter SET n = n + 1;
	UPDATE projects SET list_version = (SELECT n FROM change_counter) WHERE id IN (OLD.project_id, NEW.project_id);
END;

CREATE TRIGGER list_version_interface_delete AFTER DELETE ON virtual_interfaces
BEGIN
	UPDATE change_counter SET n = n + 1;
	UPDATE projects SET list_version = (SELECT n FROM change_counter) WHERE id = OLD.project_id;
END;
