-- Version 2: indexes for two lookups that scanned a table.
-- An owner's zones (account deletion refuses while the user owns zones).
CREATE INDEX chats_by_owner ON chats(owner_id);
-- Username prefix search compares bytes ("C" collation) whatever the database's locale.
CREATE INDEX users_username_bytes ON users (username COLLATE "C");
