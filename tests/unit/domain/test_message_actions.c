/* Tests for src/domain/conversations.c and message_actions.c against a real SQLite database
 * (message_fixture.h): opening conversations (members, outsiders, voice channels, blocked DMs),
 * every message action and each of its refusals (with nothing changed after a refusal), nonce
 * idempotency, reply rules, mentions only of members, delete tombstones, the pin limit,
 * reaction counts and limit, and what a message looks like once its author's account is
 * gone. Pages and search are in test_message_pages.c. */
#include "message_fixture.h"

/* ---- refusal codes, conversations ------------------------------------------------------ */

static void test_refusal_codes(void **state)
{
    (void)state;
    const char *codes[OC_MR_COUNT] = {"",
                                      "chat_not_found",
                                      "channel_not_found",
                                      "channel_not_text",
                                      "blocked",
                                      "message_not_found",
                                      "not_author",
                                      "admin_required",
                                      "reply_not_found",
                                      "attachment_not_found",
                                      "pin_limit",
                                      "reaction_limit"};
    for (int i = 0; i < OC_MR_COUNT; i++) {
        assert_string_equal(oc_msg_refusal_code((oc_msg_refusal_t)i), codes[i]);
        const char *m = oc_msg_refusal_message((oc_msg_refusal_t)i);
        assert_non_null(m);
        assert_int_equal(strlen(m) > 0, i != 0);
    }
    assert_string_equal(oc_msg_refusal_code(OC_MR_COUNT), "");
}

static void test_open(void **state)
{
    (void)state;
    act_t a = act((act_t){.what = OPEN, .user = admin, .channel = general});
    assert_int_equal(a.rc, 0);
    assert_int_equal(a.conv.kind, OC_CONV_CHANNEL);
    assert_int_equal(a.conv.id, general);
    assert_int_equal(a.conv.chat_id, zone);
    assert_int_equal(a.conv.channel_id, general);
    assert_int_equal(a.conv.role, OC_ROLE_ADMIN);
    assert_false(a.conv.blocked);
    a = act((act_t){.what = OPEN, .user = owner, .chat = zone, .channel = general});
    assert_int_equal(a.rc, 0);
    assert_int_equal(a.conv.role, OC_ROLE_OWNER);
    a = act((act_t){.what = OPEN, .user = member, .channel = voice, .allow_voice = true});
    assert_int_equal(a.rc, 0);
    assert_int_equal(a.conv.role, OC_ROLE_MEMBER);
    refused((act_t){.what = OPEN, .user = member, .channel = voice}, OC_MR_CHANNEL_NOT_TEXT);
    refused((act_t){.what = OPEN, .user = outsider, .channel = general}, OC_MR_CHANNEL_NOT_FOUND);
    refused((act_t){.what = OPEN, .user = outsider, .channel = voice, .allow_voice = true},
            OC_MR_CHANNEL_NOT_FOUND);
    refused((act_t){.what = OPEN, .user = owner, .chat = zone2, .channel = general},
            OC_MR_CHANNEL_NOT_FOUND);
    refused((act_t){.what = OPEN, .user = owner, .channel = other_ch}, OC_MR_CHANNEL_NOT_FOUND);
    refused((act_t){.what = OPEN, .user = owner, .channel = 12345}, OC_MR_CHANNEL_NOT_FOUND);

    a = act((act_t){.what = OPEN, .user = peer, .chat = dm});
    assert_int_equal(a.rc, 0);
    assert_int_equal(a.conv.kind, OC_CONV_DM);
    assert_int_equal(a.conv.id, dm);
    assert_int_equal(a.conv.chat_id, dm);
    assert_int_equal(a.conv.channel_id, 0);
    assert_int_equal(a.conv.peer_id, owner);
    assert_int_equal(a.conv.role, OC_ROLE_MEMBER);
    assert_false(a.conv.blocked);
    a = act((act_t){.what = OPEN, .user = member, .chat = dm_blocked});
    assert_int_equal(a.rc, 0);
    assert_true(a.conv.blocked);
    assert_int_equal(a.conv.peer_id, stranger);
    a = act((act_t){.what = OPEN, .user = stranger, .chat = dm_blocked});
    assert_int_equal(a.rc, 0);
    assert_true(a.conv.blocked);
    refused((act_t){.what = OPEN, .user = outsider, .chat = dm}, OC_MR_CHAT_NOT_FOUND);
    refused((act_t){.what = OPEN, .user = owner, .chat = zone}, OC_MR_CHAT_NOT_FOUND);
    refused((act_t){.what = OPEN, .user = owner}, OC_MR_CHAT_NOT_FOUND);
    refused((act_t){.what = OPEN, .user = owner, .chat = 98765}, OC_MR_CHAT_NOT_FOUND);
}

/* ---- send ------------------------------------------------------------------------------ */

static void test_send_shape(void **state)
{
    (void)state;
    act_t a = act((act_t){
        .what = SEND, .user = member, .channel = general, .text = "hello <3", .nonce = "n-1"});
    assert_int_equal(a.rc, 0);
    assert_false(a.r.duplicate);
    assert_int_equal(a.r.conv.kind, OC_CONV_CHANNEL);
    assert_int_equal(a.r.conv.chat_id, zone);
    const cJSON *m = a.json;
    char want[1024];
    snprintf(want, sizeof(want),
             "{\"id\":\"%lld\",\"chat_id\":\"%lld\",\"channel_id\":\"%lld\",\"author\":{\"id\":"
             "\"%lld\",\"username\":\"member\",\"display_name\":\"member\",\"avatar_url\":null},"
             "\"content\":\"hello \\u003c3\",\"reply\":null,\"attachments\":[],\"reactions\":[],"
             "\"mentions\":[],\"pinned\":false,\"nonce\":\"n-1\",\"created_at\":%lld,"
             "\"edited_at\":null}",
             (long long)a.r.message_id, (long long)zone, (long long)general, (long long)member,
             (long long)now_ms);
    assert_int_equal(a.r.json.len, strlen(want));
    assert_memory_equal(a.r.json.data, want, strlen(want));
    assert_non_null(m);
    /* What one wrote is read. */
    assert_int_equal(sql("SELECT last_read_id FROM read_states WHERE user_id = ? AND conv_id = ?",
                         "ii", member, general),
                     a.r.message_id);
    act_free(&a);

    /* A DM message has no channel. */
    a = act((act_t){.what = SEND, .user = peer, .chat = dm, .text = "hi"});
    assert_int_equal(a.rc, 0);
    assert_int_equal(a.r.conv.kind, OC_CONV_DM);
    assert_true(cJSON_IsNull(get(a.json, "channel_id")));
    assert_int_equal(id_of(a.json, "chat_id"), dm);
    assert_true(cJSON_IsNull(get(a.json, "nonce")));
    act_free(&a);
}

static void test_send_refusals(void **state)
{
    (void)state;
    int64_t before = count_messages();
    refused((act_t){.what = SEND, .user = outsider, .channel = general, .text = "x"},
            OC_MR_CHANNEL_NOT_FOUND);
    refused((act_t){.what = SEND, .user = member, .channel = voice, .text = "x"},
            OC_MR_CHANNEL_NOT_TEXT);
    refused((act_t){.what = SEND, .user = member, .chat = zone2, .channel = general, .text = "x"},
            OC_MR_CHANNEL_NOT_FOUND);
    refused((act_t){.what = SEND, .user = outsider, .chat = dm, .text = "x"}, OC_MR_CHAT_NOT_FOUND);
    refused((act_t){.what = SEND, .user = owner, .chat = zone, .text = "x"}, OC_MR_CHAT_NOT_FOUND);
    /* Either side of a block. */
    refused((act_t){.what = SEND, .user = member, .chat = dm_blocked, .text = "x"}, OC_MR_BLOCKED);
    refused((act_t){.what = SEND, .user = stranger, .chat = dm_blocked, .text = "x"},
            OC_MR_BLOCKED);
    assert_int_equal(count_messages(), before);
}

static void test_replies(void **state)
{
    (void)state;
    /* The preview is the first 200 characters (here two-byte ones). */
    char long_text[1024] = "";
    for (int i = 0; i < 300; i++)
        strcat(long_text, "é");
    int64_t target = send_text(admin, 0, general, long_text);
    act_t a = act((act_t){
        .what = SEND, .user = member, .channel = general, .text = "re", .reply_to = target});
    assert_int_equal(a.rc, 0);
    const cJSON *reply = get(a.json, "reply");
    assert_int_equal(id_of(reply, "id"), target);
    assert_int_equal(id_of(reply, "author_id"), admin);
    assert_int_equal(strlen(str_of(reply, "content")), 400);
    assert_true(cJSON_IsFalse(get(reply, "deleted")));
    int64_t reply_id = a.r.message_id;
    act_free(&a);

    int64_t before = count_messages();
    int64_t elsewhere = send_text(admin, 0, random_ch, "other channel");
    int64_t in_dm = send_text(owner, dm, 0, "dm");
    before += 2;
    refused(
        (act_t){
            .what = SEND, .user = member, .channel = general, .text = "x", .reply_to = elsewhere},
        OC_MR_REPLY_NOT_FOUND);
    refused(
        (act_t){.what = SEND, .user = member, .channel = general, .text = "x", .reply_to = in_dm},
        OC_MR_REPLY_NOT_FOUND);
    refused((act_t){.what = SEND, .user = peer, .chat = dm, .text = "x", .reply_to = target},
            OC_MR_REPLY_NOT_FOUND);
    refused(
        (act_t){.what = SEND, .user = member, .channel = general, .text = "x", .reply_to = 424242},
        OC_MR_REPLY_NOT_FOUND);
    /* A deleted message takes no new replies; older replies show it as deleted. */
    a = act((act_t){.what = DELETE, .user = admin, .message = target});
    assert_int_equal(a.rc, 0);
    act_free(&a);
    refused(
        (act_t){.what = SEND, .user = member, .channel = general, .text = "x", .reply_to = target},
        OC_MR_REPLY_NOT_FOUND);
    assert_int_equal(count_messages(), before);
    a = act((act_t){.what = LOAD, .user = owner, .message = reply_id});
    assert_int_equal(a.rc, 0);
    reply = get(a.json, "reply");
    assert_int_equal(id_of(reply, "id"), target);
    assert_string_equal(str_of(reply, "content"), "");
    assert_true(cJSON_IsTrue(get(reply, "deleted")));
    act_free(&a);
    /* DM replies stay in the DM. */
    a = act((act_t){.what = SEND, .user = peer, .chat = dm, .text = "ok", .reply_to = in_dm});
    assert_int_equal(a.rc, 0);
    assert_string_equal(str_of(get(a.json, "reply"), "content"), "dm");
    act_free(&a);
}

static void test_nonce_idempotency(void **state)
{
    (void)state;
    act_t a = act((act_t){
        .what = SEND, .user = member, .channel = general, .text = "once", .nonce = "abc_123"});
    assert_int_equal(a.rc, 0);
    int64_t first = a.r.message_id;
    act_free(&a);
    int64_t n = count_messages();
    /* Again, even with other text: the first message, nothing stored. */
    a = act((act_t){
        .what = SEND, .user = member, .channel = general, .text = "twice", .nonce = "abc_123"});
    assert_int_equal(a.rc, 0);
    assert_true(a.r.duplicate);
    assert_int_equal(a.r.message_id, first);
    assert_int_equal(a.r.conv.channel_id, general);
    assert_string_equal(str_of(a.json, "content"), "once");
    act_free(&a);
    assert_int_equal(count_messages(), n);
    /* Named in another conversation: still the first message, with its own conversation. */
    a = act((act_t){
        .what = SEND, .user = member, .channel = random_ch, .text = "x", .nonce = "abc_123"});
    assert_int_equal(a.rc, 0);
    assert_true(a.r.duplicate);
    assert_int_equal(a.r.message_id, first);
    assert_int_equal(a.r.conv.channel_id, general);
    act_free(&a);
    /* Nonces are per author. */
    a = act((act_t){
        .what = SEND, .user = admin, .channel = general, .text = "mine", .nonce = "abc_123"});
    assert_int_equal(a.rc, 0);
    assert_false(a.r.duplicate);
    assert_int_not_equal(a.r.message_id, first);
    act_free(&a);
    assert_int_equal(count_messages(), n + 1);
    /* A send that was stored before a block is still acknowledged after it. */
    int64_t dm2 = add_dm(member, peer);
    a = act((act_t){.what = SEND, .user = member, .chat = dm2, .text = "hey", .nonce = "b"});
    assert_int_equal(a.rc, 0);
    int64_t sent = a.r.message_id;
    act_free(&a);
    sql("INSERT INTO blocks (blocker, blocked, created_at) VALUES (?, ?, 1)", "ii", peer, member);
    a = act((act_t){.what = SEND, .user = member, .chat = dm2, .text = "hey", .nonce = "b"});
    assert_int_equal(a.rc, 0);
    assert_true(a.r.duplicate);
    assert_int_equal(a.r.message_id, sent);
    act_free(&a);
    refused((act_t){.what = SEND, .user = member, .chat = dm2, .text = "hey", .nonce = "c"},
            OC_MR_BLOCKED);
    sql("DELETE FROM blocks WHERE blocker = ? AND blocked = ?", "ii", peer, member);
}

static void test_attachments(void **state)
{
    (void)state;
    int64_t a1 = add_upload(member, "a.png"), a2 = add_upload(member, "b c.png");
    int64_t theirs = add_upload(admin, "x.png");
    int64_t n = count_messages();
    int64_t both[] = {a1, theirs};
    refused((act_t){.what = SEND,
                    .user = member,
                    .channel = general,
                    .text = "",
                    .attachments = both,
                    .num_attachments = 2},
            OC_MR_ATTACHMENT_NOT_FOUND);
    int64_t twice[] = {a1, a1};
    refused((act_t){.what = SEND,
                    .user = member,
                    .channel = general,
                    .text = "",
                    .attachments = twice,
                    .num_attachments = 2},
            OC_MR_ATTACHMENT_NOT_FOUND);
    int64_t missing[] = {999};
    refused((act_t){.what = SEND,
                    .user = member,
                    .channel = general,
                    .text = "",
                    .attachments = missing,
                    .num_attachments = 1},
            OC_MR_ATTACHMENT_NOT_FOUND);
    assert_int_equal(count_messages(), n);
    /* Nothing was claimed by the refused sends. */
    assert_int_equal(
        sql("SELECT COUNT(*) FROM attachments WHERE id = ? AND message_id IS NULL", "i", a1), 1);
    int64_t mine[] = {a1, a2};
    act_t a = act((act_t){.what = SEND,
                          .user = member,
                          .channel = general,
                          .text = "",
                          .attachments = mine,
                          .num_attachments = 2});
    assert_int_equal(a.rc, 0);
    const cJSON *att = get(a.json, "attachments");
    assert_int_equal(cJSON_GetArraySize(att), 2);
    assert_int_equal(id_of(cJSON_GetArrayItem(att, 0), "id"), a1);
    assert_string_equal(str_of(cJSON_GetArrayItem(att, 1), "file_name"), "b c.png");
    assert_string_equal(str_of(cJSON_GetArrayItem(att, 1), "content_type"), "image/png");
    char url[128];
    snprintf(url, sizeof(url), "/api/v1/attachments/%lld/b%%20c.png", (long long)a2);
    assert_string_equal(str_of(cJSON_GetArrayItem(att, 1), "url"), url);
    int64_t with_files = a.r.message_id;
    act_free(&a);
    /* Claimed uploads cannot be used again. */
    int64_t one[] = {a2};
    refused((act_t){.what = SEND,
                    .user = member,
                    .channel = general,
                    .text = "again",
                    .attachments = one,
                    .num_attachments = 1},
            OC_MR_ATTACHMENT_NOT_FOUND);
    /* Deleting the message hands back the files. */
    a = act((act_t){.what = DELETE, .user = member, .message = with_files});
    assert_int_equal(a.rc, 0);
    assert_int_equal(a.r.num_removed_files, 2);
    char key[40];
    snprintf(key, sizeof(key), "%032llx", (long long)a1);
    assert_true(strcmp(a.r.removed_files[0], key) == 0 || strcmp(a.r.removed_files[1], key) == 0);
    act_free(&a);
    assert_int_equal(sql("SELECT COUNT(*) FROM attachments WHERE message_id = ?", "i", with_files),
                     0);
}

/* ---- mentions -------------------------------------------------------------------------- */

static int64_t mention_rows(int64_t message)
{
    return sql("SELECT COUNT(*) FROM mentions WHERE message_id = ?", "i", message);
}

static void test_mentions(void **state)
{
    (void)state;
    char text[512];
    /* The author, an outsider and an unknown id are not stored; repeats count once. */
    snprintf(text, sizeof(text), "<@%lld> <@%lld> <@%lld> <@%lld> <@%lld> <@777>", (long long)admin,
             (long long)member, (long long)outsider, (long long)owner, (long long)admin);
    act_t a = act((act_t){.what = SEND, .user = member, .channel = general, .text = text});
    assert_int_equal(a.rc, 0);
    int64_t id = a.r.message_id;
    const cJSON *ms = get(a.json, "mentions");
    assert_int_equal(cJSON_GetArraySize(ms), 2);
    assert_int_equal(strtoll(cJSON_GetArrayItem(ms, 0)->valuestring, NULL, 10), admin);
    assert_int_equal(strtoll(cJSON_GetArrayItem(ms, 1)->valuestring, NULL, 10), owner);
    act_free(&a);
    assert_int_equal(mention_rows(id), 2);
    assert_int_equal(sql("SELECT COUNT(*) FROM mentions WHERE message_id = ? AND conv_id = ? "
                         "AND user_id = ?",
                         "iii", id, general, admin),
                     1);
    /* Editing recomputes them. */
    snprintf(text, sizeof(text), "now <@%lld> only", (long long)owner);
    a = act((act_t){.what = EDIT, .user = member, .message = id, .text = text});
    assert_int_equal(a.rc, 0);
    ms = get(a.json, "mentions");
    assert_int_equal(cJSON_GetArraySize(ms), 1);
    assert_int_equal(strtoll(cJSON_GetArrayItem(ms, 0)->valuestring, NULL, 10), owner);
    act_free(&a);
    assert_int_equal(mention_rows(id), 1);
    /* In a DM, the conversation id is the chat. */
    snprintf(text, sizeof(text), "<@%lld> <@%lld>", (long long)owner, (long long)member);
    int64_t in_dm = send_text(peer, dm, 0, text);
    assert_int_equal(sql("SELECT COUNT(*) FROM mentions WHERE message_id = ? AND conv_id = ? "
                         "AND user_id = ?",
                         "iii", in_dm, dm, owner),
                     1);
    assert_int_equal(mention_rows(in_dm), 1);
    /* At most OC_MESSAGE_MAX_MENTIONS distinct users are looked at. */
    char many[4096] = "";
    for (int i = 0; i < OC_MESSAGE_MAX_MENTIONS; i++) {
        char one[32];
        snprintf(one, sizeof(one), "<@%d> ", 1000 + i);
        strcat(many, one);
    }
    snprintf(text, sizeof(text), "<@%lld>", (long long)admin);
    strcat(many, text);
    int64_t capped = send_text(member, 0, general, many);
    assert_int_equal(mention_rows(capped), 0);
}

/* ---- edit, delete ---------------------------------------------------------------------- */

static void test_edit(void **state)
{
    (void)state;
    int64_t id = send_text(member, 0, general, "first");
    now_ms += 1000;
    act_t a = act((act_t){.what = EDIT, .user = member, .message = id, .text = "second"});
    assert_int_equal(a.rc, 0);
    assert_int_equal(a.r.message_id, id);
    assert_int_equal(a.r.conv.channel_id, general);
    assert_string_equal(str_of(a.json, "content"), "second");
    assert_int_equal((int64_t)get(a.json, "edited_at")->valuedouble, now_ms);
    assert_null(cJSON_GetObjectItemCaseSensitive(a.json, "reactions"));
    act_free(&a);
    /* Nobody else, not even the owner. */
    refused((act_t){.what = EDIT, .user = owner, .message = id, .text = "x"}, OC_MR_NOT_AUTHOR);
    refused((act_t){.what = EDIT, .user = admin, .message = id, .text = "x"}, OC_MR_NOT_AUTHOR);
    refused((act_t){.what = EDIT, .user = outsider, .message = id, .text = "x"},
            OC_MR_MESSAGE_NOT_FOUND);
    refused((act_t){.what = EDIT, .user = member, .message = 31337, .text = "x"},
            OC_MR_MESSAGE_NOT_FOUND);
    a = act((act_t){.what = LOAD, .user = admin, .message = id});
    assert_string_equal(str_of(a.json, "content"), "second");
    act_free(&a);
    /* Not while blocked. */
    sql("DELETE FROM blocks WHERE blocker = ? AND blocked = ?", "ii", stranger, member);
    int64_t in_dm = send_text(member, dm_blocked, 0, "before the block");
    sql("INSERT INTO blocks (blocker, blocked, created_at) VALUES (?, ?, 1)", "ii", stranger,
        member);
    refused((act_t){.what = EDIT, .user = member, .message = in_dm, .text = "x"}, OC_MR_BLOCKED);
    /* A deleted message is gone. */
    a = act((act_t){.what = DELETE, .user = member, .message = id});
    act_free(&a);
    refused((act_t){.what = EDIT, .user = member, .message = id, .text = "x"},
            OC_MR_MESSAGE_NOT_FOUND);
}

static void test_delete(void **state)
{
    (void)state;
    char text[128];
    snprintf(text, sizeof(text), "bye <@%lld>", (long long)admin);
    int64_t id = send_text(member, 0, general, text);
    act_t a = act((act_t){.what = REACT, .user = admin, .message = id, .text = "👍"});
    act_free(&a);
    a = act((act_t){.what = PIN, .user = admin, .message = id});
    act_free(&a);
    /* A member deletes only their own; admins anyone's in their zone. */
    int64_t admins = send_text(admin, 0, general, "admin's");
    refused((act_t){.what = DELETE, .user = member, .message = admins}, OC_MR_ADMIN_REQUIRED);
    refused((act_t){.what = DELETE, .user = outsider, .message = id}, OC_MR_MESSAGE_NOT_FOUND);
    assert_int_equal(
        sql("SELECT COUNT(*) FROM messages WHERE id = ? AND deleted_at IS NULL", "i", admins), 1);
    a = act((act_t){.what = DELETE, .user = admin, .message = id});
    assert_int_equal(a.rc, 0);
    assert_true(a.r.changed);
    char want[256];
    snprintf(want, sizeof(want), "{\"id\":\"%lld\",\"chat_id\":\"%lld\",\"channel_id\":\"%lld\"}",
             (long long)id, (long long)zone, (long long)general);
    assert_int_equal(a.r.json.len, strlen(want));
    assert_memory_equal(a.r.json.data, want, strlen(want));
    act_free(&a);
    /* A tombstone: no text, reactions, mentions or pin. */
    assert_int_equal(sql("SELECT COUNT(*) FROM messages WHERE id = ? AND content = '' AND "
                         "deleted_at = ? AND pinned = 0 AND pinned_at IS NULL",
                         "ii", id, now_ms),
                     1);
    assert_int_equal(sql("SELECT COUNT(*) FROM reactions WHERE message_id = ?", "i", id), 0);
    assert_int_equal(mention_rows(id), 0);
    refused((act_t){.what = LOAD, .user = admin, .message = id}, OC_MR_MESSAGE_NOT_FOUND);
    refused((act_t){.what = DELETE, .user = admin, .message = id}, OC_MR_MESSAGE_NOT_FOUND);
    refused((act_t){.what = PIN, .user = admin, .message = id}, OC_MR_MESSAGE_NOT_FOUND);
    refused((act_t){.what = REACT, .user = admin, .message = id, .text = "👍"},
            OC_MR_MESSAGE_NOT_FOUND);
    /* The owner deletes an admin's message. */
    a = act((act_t){.what = DELETE, .user = owner, .message = admins});
    assert_int_equal(a.rc, 0);
    act_free(&a);
    /* In a DM only the author: the other member hears not_author. */
    int64_t in_dm = send_text(owner, dm, 0, "mine");
    refused((act_t){.what = DELETE, .user = peer, .message = in_dm}, OC_MR_NOT_AUTHOR);
    a = act((act_t){.what = DELETE, .user = owner, .message = in_dm});
    assert_int_equal(a.rc, 0);
    assert_true(cJSON_IsNull(get(a.json, "channel_id")));
    act_free(&a);
    /* Removing one's words is allowed in a blocked DM. */
    sql("DELETE FROM blocks WHERE blocker = ? AND blocked = ?", "ii", stranger, member);
    int64_t blocked_msg = send_text(stranger, dm_blocked, 0, "x");
    sql("INSERT INTO blocks (blocker, blocked, created_at) VALUES (?, ?, 1)", "ii", stranger,
        member);
    a = act((act_t){.what = DELETE, .user = stranger, .message = blocked_msg});
    assert_int_equal(a.rc, 0);
    act_free(&a);
}

/* ---- pins ------------------------------------------------------------------------------ */

static void test_pins(void **state)
{
    (void)state;
    int64_t ch = add_channel(zone, "text");
    int64_t ids[OC_PINS_MAX + 1];
    for (int i = 0; i <= OC_PINS_MAX; i++)
        ids[i] = send_text(member, 0, ch, "pin me");
    refused((act_t){.what = PIN, .user = member, .message = ids[0]}, OC_MR_ADMIN_REQUIRED);
    refused((act_t){.what = PIN, .user = outsider, .message = ids[0]}, OC_MR_MESSAGE_NOT_FOUND);
    for (int i = 0; i < OC_PINS_MAX; i++) {
        now_ms++;
        act_t a = act((act_t){.what = PIN, .user = i % 2 ? admin : owner, .message = ids[i]});
        assert_int_equal(a.rc, 0);
        assert_true(a.r.changed);
        assert_true(cJSON_IsTrue(get(a.json, "pinned")));
        assert_null(cJSON_GetObjectItemCaseSensitive(a.json, "reactions"));
        act_free(&a);
    }
    /* Pinning again changes nothing (and is not refused by the limit). */
    act_t a = act((act_t){.what = PIN, .user = admin, .message = ids[3]});
    assert_int_equal(a.rc, 0);
    assert_false(a.r.changed);
    act_free(&a);
    refused((act_t){.what = PIN, .user = admin, .message = ids[OC_PINS_MAX]}, OC_MR_PIN_LIMIT);
    /* Newest pin first. */
    a = act((act_t){.what = PINS, .user = member, .channel = ch});
    assert_int_equal(a.rc, 0);
    const cJSON *list = get(a.json, "messages");
    assert_int_equal(cJSON_GetArraySize(list), OC_PINS_MAX);
    for (int i = 0; i < OC_PINS_MAX; i++)
        assert_int_equal(id_of(cJSON_GetArrayItem(list, i), "id"), ids[OC_PINS_MAX - 1 - i]);
    act_free(&a);
    /* Unpin makes room. */
    a = act((act_t){.what = UNPIN, .user = admin, .message = ids[0]});
    assert_int_equal(a.rc, 0);
    assert_true(a.r.changed);
    assert_true(cJSON_IsFalse(get(a.json, "pinned")));
    act_free(&a);
    a = act((act_t){.what = UNPIN, .user = admin, .message = ids[0]});
    assert_int_equal(a.rc, 0);
    assert_false(a.r.changed);
    act_free(&a);
    refused((act_t){.what = UNPIN, .user = member, .message = ids[1]}, OC_MR_ADMIN_REQUIRED);
    now_ms++;
    a = act((act_t){.what = PIN, .user = owner, .message = ids[OC_PINS_MAX]});
    assert_int_equal(a.rc, 0);
    act_free(&a);
    /* Deleting a pinned message unpins it. */
    a = act((act_t){.what = DELETE, .user = member, .message = ids[OC_PINS_MAX]});
    act_free(&a);
    a = act((act_t){.what = PINS, .user = admin, .channel = ch});
    list = get(a.json, "messages");
    assert_int_equal(cJSON_GetArraySize(list), OC_PINS_MAX - 1);
    assert_int_equal(id_of(cJSON_GetArrayItem(list, 0), "id"), ids[OC_PINS_MAX - 1]);
    act_free(&a);
    refused((act_t){.what = PINS, .user = outsider, .channel = ch}, OC_MR_CHANNEL_NOT_FOUND);

    /* In a DM either member pins; not while blocked. */
    int64_t in_dm = send_text(owner, dm, 0, "dm pin");
    a = act((act_t){.what = PIN, .user = peer, .message = in_dm});
    assert_int_equal(a.rc, 0);
    assert_true(a.r.changed);
    act_free(&a);
    a = act((act_t){.what = PINS, .user = owner, .chat = dm});
    list = get(a.json, "messages");
    assert_int_equal(cJSON_GetArraySize(list), 1);
    assert_int_equal(id_of(cJSON_GetArrayItem(list, 0), "id"), in_dm);
    act_free(&a);
    sql("DELETE FROM blocks WHERE blocker = ? AND blocked = ?", "ii", stranger, member);
    int64_t blocked_msg = send_text(stranger, dm_blocked, 0, "x");
    sql("INSERT INTO blocks (blocker, blocked, created_at) VALUES (?, ?, 1)", "ii", stranger,
        member);
    refused((act_t){.what = PIN, .user = member, .message = blocked_msg}, OC_MR_BLOCKED);
    refused((act_t){.what = PIN, .user = stranger, .message = blocked_msg}, OC_MR_BLOCKED);
    refused((act_t){.what = PIN, .user = outsider, .message = in_dm}, OC_MR_MESSAGE_NOT_FOUND);
}

/* ---- reactions ------------------------------------------------------------------------- */

static void test_reactions(void **state)
{
    (void)state;
    int64_t id = send_text(member, 0, general, "react");
    act_t a = react(true, member, id, "👍");
    char want[512];
    snprintf(want, sizeof(want),
             "{\"message_id\":\"%lld\",\"chat_id\":\"%lld\",\"channel_id\":\"%lld\",\"emoji\":"
             "\"👍\",\"user_id\":\"%lld\",\"count\":1,\"added\":true}",
             (long long)id, (long long)zone, (long long)general, (long long)member);
    assert_int_equal(a.r.json.len, strlen(want));
    assert_memory_equal(a.r.json.data, want, strlen(want));
    expect_reaction(a, 1, true, true);
    expect_reaction(react(true, member, id, "👍"), 1, false, true);
    now_ms++;
    expect_reaction(react(true, admin, id, "👍"), 2, true, true);
    now_ms++;
    expect_reaction(react(true, admin, id, "🎉"), 1, true, true);
    now_ms++;
    expect_reaction(react(true, owner, id, "❤️"), 1, true, true);
    /* Grouped per emoji in order of first use, "me" for the viewer. */
    a = act((act_t){.what = LOAD, .user = admin, .message = id});
    const cJSON *rx = get(a.json, "reactions");
    assert_int_equal(cJSON_GetArraySize(rx), 3);
    const char *order[] = {"👍", "🎉", "❤️"};
    const int counts[] = {2, 1, 1};
    const bool mine[] = {true, true, false};
    for (int i = 0; i < 3; i++) {
        const cJSON *r = cJSON_GetArrayItem(rx, i);
        assert_string_equal(str_of(r, "emoji"), order[i]);
        assert_int_equal(get(r, "count")->valuedouble, counts[i]);
        assert_int_equal(cJSON_IsTrue(get(r, "me")), mine[i]);
    }
    act_free(&a);
    expect_reaction(react(false, member, id, "👍"), 1, true, false);
    expect_reaction(react(false, member, id, "👍"), 1, false, false);
    expect_reaction(react(false, member, id, "🙃"), 0, false, false);
    refused((act_t){.what = REACT, .user = outsider, .message = id, .text = "👍"},
            OC_MR_MESSAGE_NOT_FOUND);
    /* OC_REACTIONS_MAX different emoji; an existing one can still be added. */
    static const char *EMOJI[] = {"😀", "😁", "😂", "🤣", "😃",    "😄", "😅", "😆",    "😉",      "😊",
                                  "😋", "😎", "😍", "😘",    "🥰", "😗", "😙", "🥲", "☺️", "😚"};
    int64_t full = send_text(member, 0, general, "full");
    for (int i = 0; i < OC_REACTIONS_MAX; i++)
        expect_reaction(react(true, member, full, EMOJI[i]), 1, true, true);
    refused((act_t){.what = REACT, .user = member, .message = full, .text = "🤖"},
            OC_MR_REACTION_LIMIT);
    expect_reaction(react(true, admin, full, EMOJI[5]), 2, true, true);
    assert_int_equal(sql("SELECT COUNT(*) FROM reactions WHERE message_id = ?", "i", full),
                     OC_REACTIONS_MAX + 1);
    /* Blocked DM: neither way. */
    sql("DELETE FROM blocks WHERE blocker = ? AND blocked = ?", "ii", stranger, member);
    int64_t blocked_msg = send_text(stranger, dm_blocked, 0, "x");
    expect_reaction(react(true, member, blocked_msg, "👍"), 1, true, true);
    sql("INSERT INTO blocks (blocker, blocked, created_at) VALUES (?, ?, 1)", "ii", stranger,
        member);
    refused((act_t){.what = REACT, .user = member, .message = blocked_msg, .text = "👎"},
            OC_MR_BLOCKED);
    refused((act_t){.what = UNREACT, .user = member, .message = blocked_msg, .text = "👍"},
            OC_MR_BLOCKED);
    /* A DM reaction names no channel. */
    int64_t in_dm = send_text(owner, dm, 0, "x");
    a = react(true, peer, in_dm, "👍");
    assert_true(cJSON_IsNull(get(a.json, "channel_id")));
    expect_reaction(a, 1, true, true);
}

/* ---- reading --------------------------------------------------------------------------- */

static void test_load_and_authors(void **state)
{
    (void)state;
    int64_t id = send_text(gone, 0, general, "from an account about to go");
    int64_t in_dm = send_text(gone, dm_gone, 0, "dm");
    sql("UPDATE users SET deleted_at = 5, username = 'deleted_x' WHERE id = ?", "i", gone);
    act_t a = act((act_t){.what = LOAD, .user = member, .message = id});
    assert_int_equal(a.rc, 0);
    assert_true(cJSON_IsNull(get(a.json, "author")));
    assert_string_equal(str_of(a.json, "content"), "from an account about to go");
    assert_non_null(cJSON_GetObjectItemCaseSensitive(a.json, "reactions"));
    act_free(&a);
    a = act(
        (act_t){.what = SEND, .user = member, .channel = general, .text = "re", .reply_to = id});
    assert_true(cJSON_IsNull(get(get(a.json, "reply"), "author_id")));
    act_free(&a);
    /* The DM with a deleted account still opens, with no peer. */
    a = act((act_t){.what = OPEN, .user = owner, .chat = dm_gone});
    assert_int_equal(a.rc, 0);
    assert_int_equal(a.conv.peer_id, 0);
    act_free(&a);
    a = act((act_t){.what = LOAD, .user = owner, .message = in_dm});
    assert_int_equal(a.rc, 0);
    act_free(&a);
    refused((act_t){.what = LOAD, .user = outsider, .message = id}, OC_MR_MESSAGE_NOT_FOUND);
    refused((act_t){.what = LOAD, .user = peer, .message = in_dm}, OC_MR_MESSAGE_NOT_FOUND);
    refused((act_t){.what = LOAD, .user = owner, .message = 1}, OC_MR_MESSAGE_NOT_FOUND);
}

/* ---- the search index ------------------------------------------------------------------ */

/* SQLite indexes messages for search once per commit from the messages it noted: a message
 * edited or deleted in the transaction that wrote it is indexed as it is at the commit,
 * later edits and deletes go through the index, and FTS5's own check agrees. */
typedef struct fts_job {
    int64_t a, b;
} fts_job_t;

static const char SQL_FTS_INSERT[] = "INSERT INTO messages (id, chat_id, channel_id, author_id, "
                                     "content, created_at) VALUES (?, ?, ?, ?, ?, ?)";

static int insert_edit_delete(oc_dbc_t *c, void *arg)
{
    fts_job_t *j = arg;
    int rc = oc_dbc_run(c, SQL_FTS_INSERT, NULL, "iiiisi", j->a, zone, general, member,
                        "alpha words", now_ms);
    if (rc == 0)
        rc = oc_dbc_run(c, SQL_FTS_INSERT, NULL, "iiiisi", j->b, zone, general, member,
                        "bravo words", now_ms);
    if (rc == 0)
        rc = oc_dbc_run(c, "UPDATE messages SET content = 'charlie words' WHERE id = ?", NULL, "i",
                        j->a);
    if (rc == 0)
        rc = oc_dbc_run(c, "DELETE FROM messages WHERE id = ?", NULL, "i", j->b);
    return rc;
}

static int64_t matches(const char *q)
{
    return sql("SELECT COUNT(*) FROM messages_fts WHERE messages_fts MATCH ?", "s", q);
}

static void test_search_index_per_commit(void **state)
{
    (void)state;
    fts_job_t j = {oc_id_next(), oc_id_next()};
    assert_int_equal(run(true, insert_edit_delete, &j), 0);
    assert_int_equal(matches("alpha"), 0);
    assert_int_equal(matches("bravo"), 0);
    assert_int_equal(matches("charlie"), 1);
    assert_int_equal(sql("SELECT COUNT(*) FROM messages_fts_pending", ""), 0);
    sql("UPDATE messages SET content = 'delta words' WHERE id = ?", "i", j.a);
    assert_int_equal(matches("charlie"), 0);
    assert_int_equal(matches("delta"), 1);
    sql("DELETE FROM messages WHERE id = ?", "i", j.a);
    assert_int_equal(matches("delta"), 0);
    /* Fails (SQLITE_CORRUPT_VTAB) if the index and the messages disagree. */
    sql("INSERT INTO messages_fts(messages_fts) VALUES ('integrity-check')", "");
}

/* Bulk rows for the paging test: n messages in one write job. */

int main(void)
{
    const struct CMUnitTest stored[] = {
        cmocka_unit_test(test_refusal_codes),
        cmocka_unit_test(test_open),
        cmocka_unit_test(test_send_shape),
        cmocka_unit_test(test_send_refusals),
        cmocka_unit_test(test_replies),
        cmocka_unit_test(test_nonce_idempotency),
        cmocka_unit_test(test_attachments),
        cmocka_unit_test(test_mentions),
        cmocka_unit_test(test_edit),
        cmocka_unit_test(test_delete),
        cmocka_unit_test(test_pins),
        cmocka_unit_test(test_reactions),
        cmocka_unit_test(test_load_and_authors),
        cmocka_unit_test(test_search_index_per_commit),
    };
    return cmocka_run_group_tests_name("actions", stored, setup_db, teardown_db);
}
