-- User names are unique regardless of case ("Admin" beside "admin" is
-- refused). A database made before this rule may hold such pairs: the
-- oldest user of each keeps the name, every later one is renamed to
-- "<name>~<id>" (no user name the console accepts contains "~", so the new
-- name is free) and logs in with that name from now on; an administrator
-- sees it on the Users page. SQLite's lower() folds ASCII letters, the only
-- letters a user name may hold.
UPDATE users SET name = name || '~' || id
WHERE EXISTS (SELECT 1 FROM users o WHERE lower(o.name) = lower(users.name) AND o.id < users.id);
CREATE UNIQUE INDEX users_name_nocase ON users (lower(name));
