-- The operations log keeps what it tells as messages (a key and its
-- values, JSON; store/message_json.go) instead of English text, so each
-- page words it in its reader's language. detail_msg is what was done;
-- problems are the broken rules of a refused operation, whose result is
-- then 'refused'. Entries written before this migration keep their text in
-- detail and result ('refused: <reason>') and are shown as they are.
ALTER TABLE operations ADD COLUMN detail_msg TEXT NOT NULL DEFAULT '';
ALTER TABLE operations ADD COLUMN problems TEXT NOT NULL DEFAULT '';
