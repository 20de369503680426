/* Tests for the reading side of src/domain/message_json.c and search.c against a real SQLite
 * database (message_fixture.h): history pages over 1,000 messages (some deleted) in all four
 * directions and with several limits, with no gaps or overlaps, around the first and the last
 * message; pages carry the same Message JSON as one message does; full-text search (words,
 * prefix, accents and case, channels, other zones, deleted messages, keyset pages). */
#include "message_fixture.h"

typedef struct bulk {
    int64_t chat, channel, author;
    int n;
    int64_t *ids;
} bulk_t;

static int bulk_work(oc_dbc_t *c, void *arg)
{
    bulk_t *b = arg;
    for (int i = 0; i < b->n; i++) {
        char text[32];
        int len = snprintf(text, sizeof(text), "message %d", i);
        oc_message_row_t m = {.id = oc_id_next(),
                              .chat_id = b->chat,
                              .channel_id = b->channel,
                              .author_id = b->author,
                              .content = text,
                              .content_len = (size_t)len,
                              .created_at = now_ms};
        b->ids[i] = m.id;
        int rc = oc_message_insert(c, &m, NULL);
        if (rc != 0)
            return rc;
    }
    return 0;
}

typedef struct page {
    int64_t ids[OC_PAGE_SIZE + 1];
    int n;
    bool before, after;
} page_t;

static page_t page(int64_t user, int64_t chat, int64_t channel, oc_page_dir_t direction,
                   int64_t cursor, int limit)
{
    act_t a = act((act_t){.what = PAGE,
                          .user = user,
                          .chat = chat,
                          .channel = channel,
                          .dir = direction,
                          .cursor = cursor,
                          .limit = limit});
    assert_int_equal(a.rc, 0);
    page_t p = {0};
    const cJSON *list = get(a.json, "messages"), *m;
    cJSON_ArrayForEach(m, list)
    {
        assert_true(p.n < OC_PAGE_SIZE);
        p.ids[p.n++] = id_of(m, "id");
        assert_null(cJSON_GetObjectItemCaseSensitive(m, "deleted_at"));
        assert_string_not_equal(str_of(m, "content"), "");
    }
    for (int i = 1; i < p.n; i++)
        assert_true(p.ids[i - 1] < p.ids[i]);
    p.before = cJSON_IsTrue(get(a.json, "has_more_before"));
    p.after = cJSON_IsTrue(get(a.json, "has_more_after"));
    act_free(&a);
    return p;
}

/* The live ids in order, and their position by id. */
static int64_t *live;
static int num_live;

/* Walks the whole history newest to oldest with `before` and oldest to newest with
 * `after`: every live message exactly once, in order. */
static void walk(int64_t user, int64_t chat, int64_t channel, int limit)
{
    int seen = 0;
    page_t p = page(user, chat, channel, OC_PAGE_LATEST, 0, limit);
    assert_false(p.after);
    for (;;) {
        assert_int_equal(p.n, OC_MIN(limit, num_live - seen));
        for (int i = p.n - 1; i >= 0; i--)
            assert_int_equal(p.ids[i], live[num_live - 1 - seen++]);
        assert_int_equal(p.before, seen < num_live);
        if (!p.before)
            break;
        int64_t oldest = p.ids[0];
        p = page(user, chat, channel, OC_PAGE_BEFORE, oldest, limit);
        assert_true(p.after);
    }
    assert_int_equal(seen, num_live);
    /* The first page from the start: after the oldest, plus the oldest itself by around. */
    seen = 1;
    p = page(user, chat, channel, OC_PAGE_AFTER, live[0], limit);
    assert_true(p.before);
    for (;;) {
        assert_int_equal(p.n, OC_MIN(limit, num_live - seen));
        for (int i = 0; i < p.n; i++)
            assert_int_equal(p.ids[i], live[seen++]);
        assert_int_equal(p.after, seen < num_live);
        if (!p.after)
            break;
        p = page(user, chat, channel, OC_PAGE_AFTER, p.ids[p.n - 1], limit);
        assert_true(p.before);
    }
    assert_int_equal(seen, num_live);
}

static void expect_around(int64_t user, int64_t channel, int64_t cursor, int limit)
{
    page_t p = page(user, 0, channel, OC_PAGE_AROUND, cursor, limit);
    /* Up to limit/2 strictly before, the rest from the cursor on. */
    int first = 0;
    while (first < num_live && live[first] < cursor)
        first++;
    int before = OC_MIN(limit / 2, first);
    int after = OC_MIN(limit - before, num_live - first);
    assert_int_equal(p.n, before + after);
    for (int i = 0; i < p.n; i++)
        assert_int_equal(p.ids[i], live[first - before + i]);
    assert_int_equal(p.before, first - before > 0);
    assert_int_equal(p.after, first + after < num_live);
}

static void test_pages(void **state)
{
    (void)state;
    int64_t ch = add_channel(zone, "text");
    enum { N = 1000 };
    bulk_t b = {.chat = zone, .channel = ch, .author = member, .n = N};
    b.ids = oc_xcalloc(N, sizeof(int64_t));
    assert_int_equal(run(true, bulk_work, &b), 0);
    /* Some deleted: at the very start, at the very end and every 7th. */
    live = oc_xcalloc(N, sizeof(int64_t));
    num_live = 0;
    for (int i = 0; i < N; i++) {
        if (i == 0 || i == N - 1 || i % 7 == 3)
            sql("UPDATE messages SET deleted_at = 1, content = '' WHERE id = ?", "i", b.ids[i]);
        else
            live[num_live++] = b.ids[i];
    }
    /* Other conversations' messages in between change nothing. */
    send_text(member, 0, general, "elsewhere");
    for (int limit = 1; limit <= OC_PAGE_SIZE; limit += limit < 7 ? 6 : 43)
        walk(member, 0, ch, limit);
    int limits[] = {1, 2, 7, 50};
    for (size_t k = 0; k < sizeof(limits) / sizeof(limits[0]); k++) {
        int limit = limits[k];
        expect_around(member, ch, live[0], limit);
        expect_around(member, ch, live[num_live - 1], limit);
        expect_around(member, ch, live[1], limit);
        expect_around(member, ch, live[num_live / 2], limit);
        expect_around(member, ch, b.ids[0], limit);     /* deleted, before everything */
        expect_around(member, ch, b.ids[N - 1], limit); /* deleted, after everything */
        expect_around(member, ch, b.ids[3], limit);     /* deleted, inside */
        expect_around(member, ch, 1, limit);
        expect_around(member, ch, INT64_MAX, limit);
    }
    /* Past either end: empty pages. */
    page_t p = page(member, 0, ch, OC_PAGE_BEFORE, live[0], 50);
    assert_int_equal(p.n, 0);
    assert_false(p.before);
    assert_true(p.after);
    p = page(member, 0, ch, OC_PAGE_AFTER, live[num_live - 1], 50);
    assert_int_equal(p.n, 0);
    assert_true(p.before);
    assert_false(p.after);
    /* An empty conversation. */
    int64_t empty = add_channel(zone, "text");
    p = page(member, 0, empty, OC_PAGE_LATEST, 0, 50);
    assert_int_equal(p.n, 0);
    assert_false(p.before);
    assert_false(p.after);
    p = page(member, 0, empty, OC_PAGE_AROUND, 5, 50);
    assert_int_equal(p.n, 0);
    /* The same over a DM. */
    int64_t dm3 = add_dm(admin, member);
    bulk_t d = {.chat = dm3, .author = admin, .n = 120};
    d.ids = oc_xcalloc(120, sizeof(int64_t));
    assert_int_equal(run(true, bulk_work, &d), 0);
    memcpy(live, d.ids, 120 * sizeof(int64_t));
    num_live = 120;
    walk(admin, dm3, 0, 50);
    walk(member, dm3, 0, 7);
    refused((act_t){.what = PAGE, .user = outsider, .chat = dm3, .dir = OC_PAGE_LATEST},
            OC_MR_CHAT_NOT_FOUND);
    refused((act_t){.what = PAGE, .user = outsider, .channel = ch, .dir = OC_PAGE_LATEST},
            OC_MR_CHANNEL_NOT_FOUND);
    refused((act_t){.what = PAGE, .user = member, .channel = voice, .dir = OC_PAGE_LATEST},
            OC_MR_CHANNEL_NOT_TEXT);
    free(d.ids);
    free(b.ids);
    free(live);
}

/* A page's messages carry what each message's own JSON carries (attachments, reactions with
 * "me", mentions, replies), also across the 31-message chunks the extras are read in, and a
 * just-sent message's JSON is what loading it later gives. */
static void test_page_json_extras(void **state)
{
    (void)state;
    int64_t ch = add_channel(zone, "text");
    enum { N = 45 };
    int64_t ids[N];
    for (int i = 0; i < N; i++) {
        bool rich = i == 0 || i == 30 || i == 31 || i == 44;
        int64_t author = i % 2 ? admin : member;
        int64_t up = rich ? add_upload(author, i == 31 ? "ü b.txt" : "f.txt") : 0;
        int64_t one[] = {up};
        char text[96];
        if (rich)
            snprintf(text, sizeof(text), "hi <@%lld> %d", (long long)owner, i);
        else
            snprintf(text, sizeof(text), "plain %d", i);
        act_t a = act((act_t){.what = SEND,
                              .user = author,
                              .channel = ch,
                              .text = text,
                              .reply_to = i > 0 && rich ? ids[i - 1] : 0,
                              .attachments = one,
                              .num_attachments = rich ? 1 : 0});
        assert_int_equal(a.rc, 0);
        ids[i] = a.r.message_id;
        /* The author's view right after sending is the stored message. */
        act_t mine = act((act_t){.what = LOAD, .user = author, .message = ids[i]});
        assert_true(cJSON_Compare(a.json, mine.json, true));
        act_free(&mine);
        act_free(&a);
        if (rich) {
            now_ms++;
            expect_reaction(react(true, member, ids[i], "👍"), 1, true, true);
            now_ms++;
            expect_reaction(react(true, owner, ids[i], "🎉"), 1, true, true);
        }
    }
    act_t p = act(
        (act_t){.what = PAGE, .user = member, .channel = ch, .dir = OC_PAGE_LATEST, .limit = 50});
    const cJSON *list = get(p.json, "messages");
    assert_int_equal(cJSON_GetArraySize(list), N);
    for (int i = 0; i < N; i++) {
        act_t a = act((act_t){.what = LOAD, .user = member, .message = ids[i]});
        const cJSON *item = cJSON_GetArrayItem(list, i);
        assert_true(cJSON_Compare(item, a.json, true));
        bool rich = i == 0 || i == 30 || i == 31 || i == 44;
        assert_int_equal(cJSON_GetArraySize(get(item, "attachments")), rich);
        assert_int_equal(cJSON_GetArraySize(get(item, "reactions")), rich ? 2 : 0);
        assert_int_equal(cJSON_GetArraySize(get(item, "mentions")), rich);
        act_free(&a);
    }
    act_free(&p);
}

/* ---- search ---------------------------------------------------------------------------- */

/* Searches a DM (chat), a channel (channel) or a whole zone (zone): the ids found, newest
 * first, and has_more. */
static int search_ids(int64_t user, int64_t chat, int64_t channel, int64_t zone_id, const char *q,
                      int64_t before, int64_t *ids, bool *more)
{
    act_t a = act((act_t){.what = zone_id ? SEARCH_ZONE : SEARCH,
                          .user = user,
                          .chat = zone_id ? zone_id : chat,
                          .channel = channel,
                          .text = q,
                          .cursor = before});
    assert_int_equal(a.rc, 0);
    int n = 0;
    const cJSON *m;
    cJSON_ArrayForEach(m, get(a.json, "messages")) ids[n++] = id_of(m, "id");
    *more = cJSON_IsTrue(get(a.json, "has_more"));
    act_free(&a);
    return n;
}

static void test_search(void **state)
{
    (void)state;
    int64_t z = add_zone(owner);
    add_member(z, member, "member");
    int64_t c1 = add_channel(z, "text"), c2 = add_channel(z, "text");
    int64_t m1 = send_text(member, 0, c1, "The quick brown fox");
    int64_t m2 = send_text(owner, 0, c2, "A quick café visit");
    int64_t m3 = send_text(member, 0, c1, "quicksilver and CAFE");
    int64_t m4 = send_text(owner, 0, c1, "deleted quick fox");
    act_t a = act((act_t){.what = DELETE, .user = owner, .message = m4});
    act_free(&a);
    send_text(outsider, 0, other_ch, "quick fox in another zone");
    int64_t ids[64];
    bool more;
    /* Newest first; the last word is a prefix; deleted and other zones' messages never. */
    assert_int_equal(search_ids(member, 0, 0, z, "quick", 0, ids, &more), 3);
    assert_int_equal(ids[0], m3);
    assert_int_equal(ids[1], m2);
    assert_int_equal(ids[2], m1);
    assert_false(more);
    assert_int_equal(search_ids(member, 0, 0, z, "quick", m3, ids, &more), 2);
    assert_int_equal(ids[0], m2);
    /* All words must occur; accents and case fold. */
    assert_int_equal(search_ids(member, 0, 0, z, "cafe", 0, ids, &more), 2);
    assert_int_equal(ids[0], m3);
    assert_int_equal(ids[1], m2);
    assert_int_equal(search_ids(member, 0, 0, z, "QUICK fo", 0, ids, &more), 1);
    assert_int_equal(ids[0], m1);
    assert_int_equal(search_ids(member, 0, 0, z, "brown quick", 0, ids, &more), 1);
    assert_int_equal(search_ids(member, 0, 0, z, "brown cafe", 0, ids, &more), 0);
    assert_int_equal(search_ids(member, 0, 0, z, "fox deleted", 0, ids, &more), 0);
    /* One channel only. */
    assert_int_equal(search_ids(member, 0, c2, 0, "quick", 0, ids, &more), 1);
    assert_int_equal(ids[0], m2);
    /* The index's own syntax is never used: these are words. */
    assert_int_equal(search_ids(member, 0, 0, z, "quick OR NOT \"x", 0, ids, &more), 0);
    assert_int_equal(search_ids(member, 0, 0, z, "fox*", 0, ids, &more), 1);
    assert_int_equal(search_ids(member, 0, 0, z, "!!!", 0, ids, &more), 0);
    /* Not a member: the zone is not found, a channel is not found. */
    a = act((act_t){.what = SEARCH_ZONE, .user = admin, .chat = z, .text = "quick"});
    assert_int_equal(a.rc, OC_ENOENT);
    act_free(&a);
    refused((act_t){.what = SEARCH, .user = admin, .channel = c1, .text = "quick"},
            OC_MR_CHANNEL_NOT_FOUND);
    /* Keyset pages of 25 over a DM. */
    int64_t dm4 = add_dm(owner, stranger);
    int64_t sent[60];
    for (int i = 0; i < 60; i++)
        sent[i] = send_text(i % 2 ? owner : stranger, dm4, 0, i % 3 ? "needle in hay" : "hay");
    int64_t want[60];
    int nw = 0;
    for (int i = 59; i >= 0; i--)
        if (i % 3)
            want[nw++] = sent[i];
    int got = 0;
    int64_t before = 0;
    for (;;) {
        int n = search_ids(owner, dm4, 0, 0, "needle", before, ids, &more);
        assert_int_equal(n, OC_MIN(OC_SEARCH_PAGE, nw - got));
        for (int i = 0; i < n; i++)
            assert_int_equal(ids[i], want[got++]);
        assert_int_equal(more, got < nw);
        if (!more)
            break;
        before = ids[n - 1];
    }
    assert_int_equal(got, nw);
    refused((act_t){.what = SEARCH, .user = member, .chat = dm4, .text = "needle"},
            OC_MR_CHAT_NOT_FOUND);
}

int main(void)
{
    const struct CMUnitTest stored[] = {
        cmocka_unit_test(test_pages),
        cmocka_unit_test(test_page_json_extras),
        cmocka_unit_test(test_search),
    };
    return cmocka_run_group_tests_name("pages", stored, setup_db, teardown_db);
}
