-- Classes: a trainer's room of trainees made in one step. Each member is a
-- trainee user with a project of their own; deleting the class deletes
-- them (the store does it, with their projects and resources), and deleting
-- a user or project on its own takes its membership with it.
CREATE TABLE classes (
	id         INTEGER PRIMARY KEY,
	name       TEXT NOT NULL,
	region     TEXT NOT NULL,
	prefix     TEXT NOT NULL,               -- user names are <prefix>-01, <prefix>-02, ...
	created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX classes_name_nocase ON classes (lower(name));

CREATE TABLE class_members (
	class_id   INTEGER NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
	seq        INTEGER NOT NULL,            -- 1, 2, ... in the order of the user names
	user_id    INTEGER NOT NULL UNIQUE REFERENCES users(id) ON DELETE CASCADE,
	project_id TEXT NOT NULL UNIQUE REFERENCES projects(id) ON DELETE CASCADE,
	PRIMARY KEY (class_id, seq)
);
