-- Search moved to an in-memory index (src/index.rs): the FTS table and its triggers only
-- slowed every write of a user down.
DROP TRIGGER users_search_insert;
DROP TRIGGER users_search_delete;
DROP TRIGGER users_search_update;
DROP TABLE users_search;
