-- Version 2: an index for a lookup that scanned a table (SQLite's unique username index
-- already serves prefix search: it compares bytes).
-- An owner's zones (account deletion refuses while the user owns zones).
CREATE INDEX chats_by_owner ON chats(owner_id);
