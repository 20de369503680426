/* Message search: the full-text index over message text (migration 0003), within one DM
 * chat, one zone channel or a whole zone, newest first.
 *
 * The user's text is never passed to the index's query language: it is cut into words
 * (runs of letters and digits; ASCII punctuation and white space separate them), and every
 * word must occur in a message, the last one as a prefix (so results follow the typing).
 * SQLite matches them with FTS5 (case and accents folded), PostgreSQL with
 * to_tsvector('simple', content) and a tsquery of the same words (case folded). Deleted
 * messages have no text, so they never match. Functions taking an oc_dbc_t run inside read
 * jobs; the query builder is pure. */
#ifndef OC_DOMAIN_SEARCH_H
#define OC_DOMAIN_SEARCH_H

#include "core/buf.h"
#include "domain/conversations.h"
#include "store/db.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OC_SEARCH_PAGE      25
#define OC_SEARCH_MAX_CHARS 200 /* code points of the query text */
#define OC_SEARCH_MAX_WORDS 16

/* Writes the index query for the words of q[0..len) (valid UTF-8) into out: for SQLite an
 * FTS5 expression ("w1" "w2"*), for PostgreSQL a to_tsquery text ('w1' & 'w2':*). Returns
 * the number of words (0: nothing to search for; out is then empty), or -1 when there are
 * more than OC_SEARCH_MAX_WORDS. */
int oc_search_query(oc_db_kind_t kind, const char *q, size_t len, oc_buf_t *out);

/* Searches a conversation opened for the viewer (a DM chat or one zone channel) with the
 * words of q (see oc_search_query; at least one), among messages with ids below `before`
 * (0: from the newest): {"messages":[Message...], "has_more":bool}, at most OC_SEARCH_PAGE,
 * newest first, reactions' "me" for viewer_id. */
int oc_search_conv_json(oc_dbc_t *c, const oc_conv_t *conv, const char *q, size_t len,
                        int64_t before, int64_t viewer_id, oc_buf_t *out);

/* The same over every channel of a zone: OC_ENOENT when the viewer is not a member of a zone
 * with this id. */
int oc_search_zone_json(oc_dbc_t *c, int64_t zone_id, const char *q, size_t len, int64_t before,
                        int64_t viewer_id, oc_buf_t *out);

#endif
