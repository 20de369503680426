-- Version 3: what real-time messaging needs beyond the rows of version 1.

-- Who a message mentions (<@id> in its text), per conversation, so a conversation's mention
-- count after the user's read position is one index range. conv_id as in read_states.
CREATE TABLE mentions (
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    conv_id    INTEGER NOT NULL,
    message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, conv_id, message_id)
);
CREATE INDEX mentions_by_message ON mentions(message_id);

-- Presence: whether the user has a connected socket (last_seen says since when they have
-- not); set by the live layer, so the REST API shows friends' presence as the sockets do.
ALTER TABLE users ADD COLUMN online INTEGER NOT NULL DEFAULT 0;

-- Pins, newest pin first; a partial index holds only pinned messages.
ALTER TABLE messages ADD COLUMN pinned_at INTEGER;
DROP INDEX messages_pinned;
CREATE INDEX messages_pins_by_chat ON messages(chat_id, pinned_at) WHERE pinned = 1;
CREATE INDEX messages_pins_by_channel ON messages(channel_id, pinned_at) WHERE pinned = 1;

-- Uploads not (yet) attached to a message, oldest first, for the clean-up of abandoned ones;
-- and one uploader's pending uploads.
CREATE INDEX attachments_unclaimed ON attachments(created_at) WHERE message_id IS NULL;
CREATE INDEX attachments_by_uploader ON attachments(uploader_id, created_at)
    WHERE message_id IS NULL;

-- A channel's read positions go with it (read_states has no foreign key: conv_id names a
-- channel or a DM chat).
CREATE INDEX read_states_by_conv ON read_states(conv_id);
CREATE TRIGGER channels_drop_read_states AFTER DELETE ON channels BEGIN
    DELETE FROM read_states WHERE conv_id = old.id;
END;
CREATE TRIGGER chats_drop_read_states AFTER DELETE ON chats BEGIN
    DELETE FROM read_states WHERE conv_id = old.id;
END;

-- Full-text search over message text: an external-content FTS5 index kept in step with
-- messages by triggers (deleted messages have empty content, so they drop out).
CREATE VIRTUAL TABLE messages_fts USING fts5(
    content, content = 'messages', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content);
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF content ON messages BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
    INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content);
END;
INSERT INTO messages_fts(messages_fts) VALUES ('rebuild');
