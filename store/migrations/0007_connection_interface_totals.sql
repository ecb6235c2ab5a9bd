-- Each connection keeps how many virtual interfaces it carries and the
-- bandwidth they use, so reading a connection is reading its row: the list
-- page, the API's list of 1,000 connections and the details page asked two
-- correlated subqueries per connection before (42% of the API list's time).
-- Triggers keep both right whatever inserts, deletes or changes interfaces,
-- inside the same transaction. The rules that must be exact under
-- concurrency (the bandwidth sum of a connection) still sum the interfaces
-- inside the writing transaction.
ALTER TABLE connections ADD COLUMN interface_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE connections ADD COLUMN used_bandwidth INTEGER NOT NULL DEFAULT 0;
UPDATE connections SET
	interface_count = (SELECT COUNT(*) FROM virtual_interfaces v WHERE v.connection_id = connections.id),
	used_bandwidth = (SELECT COALESCE(SUM(v.bandwidth), 0) FROM virtual_interfaces v WHERE v.connection_id = connections.id);

CREATE TRIGGER connection_totals_insert AFTER INSERT ON virtual_interfaces
BEGIN
	UPDATE connections SET interface_count = interface_count + 1, used_bandwidth = used_bandwidth + NEW.bandwidth
	WHERE id = NEW.connection_id;
END;

CREATE TRIGGER connection_totals_delete AFTER DELETE ON virtual_interfaces
BEGIN
	UPDATE connections SET interface_count = interface_count - 1, used_bandwidth = used_bandwidth - OLD.bandwidth
	WHERE id = OLD.connection_id;
END;

CREATE TRIGGER connection_totals_update AFTER UPDATE OF bandwidth, connection_id ON virtual_interfaces
BEGIN
	UPDATE connections SET interface_count = interface_count - 1, used_bandwidth = used_bandwidth - OLD.bandwidth
	WHERE id = OLD.connection_id;
	UPDATE connections SET interface_count = interface_count + 1, used_bandwidth = used_bandwidth + NEW.bandwidth
	WHERE id = NEW.connection_id;
END;
