-- Version 4: messages are indexed for search once per write transaction instead of once per
-- message. Every write job runs in its own savepoint, and FTS5 writes its pending terms out
-- as a new index segment at each savepoint of a transaction it takes part in, so indexing
-- from the insert trigger wrote (and later merged) one segment per message. The insert
-- trigger now only notes the message; the writer indexes what is noted right before each
-- commit, outside the jobs (before_commit in store/sqlite.c), so readers never see a note.
CREATE TABLE messages_fts_pending (id INTEGER PRIMARY KEY);

DROP TRIGGER messages_fts_insert;
DROP TRIGGER messages_fts_delete;
DROP TRIGGER messages_fts_update;

CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts_pending(id) VALUES (new.id);
END;
-- A noted message is not in the index yet: only indexed text may be deleted from it (FTS5
-- trusts the text it is given), so a noted one just loses its note. One trigger, so the
-- check comes before the note is dropped.
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, content)
        SELECT 'delete', old.id, old.content
        WHERE NOT EXISTS (SELECT 1 FROM messages_fts_pending WHERE id = old.id);
    DELETE FROM messages_fts_pending WHERE id = old.id;
END;
-- A noted message's new text is what the commit will index.
CREATE TRIGGER messages_fts_update AFTER UPDATE OF content ON messages
WHEN NOT EXISTS (SELECT 1 FROM messages_fts_pending WHERE id = old.id) BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
    INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content);
END;
