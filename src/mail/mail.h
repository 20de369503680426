/* Outgoing mail: one interface, two ways to deliver it.
 *
 * A mailer takes a finished message (recipient, subject, plain text) and delivers it off the
 * loop thread: to an SMTP server through libcurl when SMTP_URL is set (smtp.c), or as an .eml
 * file in <DATA_DIR>/outbox/ for development, with the file and the link it holds in the log
 * (outbox.c). The RFC 5322 builder below is pure and shared by both. This module knows
 * nothing of accounts or tokens: what a mail says is domain/email_tokens.h's business. */
#ifndef OC_MAIL_MAIL_H
#define OC_MAIL_MAIL_H

#include "core/buf.h"
#include "core/config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#define OC_MAIL_ADDRESS_MAX 254  /* bytes of an addr-spec */
#define OC_MAIL_LINE_MAX    998  /* bytes of a line, CRLF excluded (RFC 5322 2.1.1) */
#define OC_MAIL_QUEUE_MAX   1000 /* messages waiting for delivery at most */

typedef struct oc_mailer oc_mailer_t;

/* One message as the caller writes it. Every string is UTF-8 and borrowed for the call. */
typedef struct oc_mail {
    const char *to;      /* the recipient's address, e.g. "ann@example.com" */
    const char *to_name; /* the recipient's display name, or NULL */
    const char *subject;
    const char *text; /* the body: plain text with '\n' line ends */
    const char *link; /* the link the text holds (for the outbox's log line), or NULL */
} oc_mail_t;

/* Runs on the loop once a message was delivered (status 0) or given up on (a negative
 * OC_E* code; the failure is already logged). */
typedef void (*oc_mail_sent_cb)(int status, void *arg);

/* Creates the mailer the configuration asks for: SMTP when cfg->smtp_url is set, else the
 * outbox folder under cfg->data_dir. cfg is borrowed for the call. Returns NULL with a message
 * in err when SMTP_URL or SMTP_FROM cannot work. */
oc_mailer_t *oc_mailer_new(uv_loop_t *loop, const oc_config_t *cfg, char *err, size_t err_len);
/* Frees the mailer; no message may be in flight (the loop has run dry). NULL-safe. */
void oc_mailer_free(oc_mailer_t *m);
/* "smtp" or "outbox". */
const char *oc_mailer_kind(const oc_mailer_t *m);

/* Builds mail (copied) and queues its delivery on the thread pool (one message at a time,
 * in order); done (may be NULL) runs on the loop afterwards with arg. Returns 0; OC_EINVAL
 * when the message cannot be built (a malformed address or a line over OC_MAIL_LINE_MAX
 * bytes); OC_ENOBUFS when OC_MAIL_QUEUE_MAX messages already wait. On an error done is not
 * called and the error is logged. */
int oc_mailer_send(oc_mailer_t *m, const oc_mail_t *mail, oc_mail_sent_cb done, void *arg);

/* ---- building messages (pure) ---------------------------------------------------------- */

/* True if addr is an addr-spec that is safe to put in a header and an SMTP command: 3-254
 * bytes of printable ASCII with one '@' between a non-empty local part and domain, and none of
 * the characters that would end or break a header or an angle-bracketed path. */
bool oc_mail_address_valid(const char *addr);

/* Splits a configured sender ("OpenChat <no-reply@example.com>" or a bare address) into its
 * display name (UTF-8, "" when none) and address. Returns 0 or OC_EINVAL. */
int oc_mail_parse_sender(const char *from, char *name, size_t name_cap, char *addr,
                         size_t addr_cap);

/* Appends text as header content: as is when it is printable ASCII (and, with phrase, needs no
 * quoting), as a quoted string for a phrase with specials, else as RFC 2047 "B" encoded words
 * of at most 75 characters, folded with CRLF SP. */
void oc_mail_append_header_text(oc_buf_t *out, const char *text, bool phrase);
/* Appends "name <addr>" (name encoded as a phrase) or "<addr>" when name is NULL or empty. */
void oc_mail_append_mailbox(oc_buf_t *out, const char *name, const char *addr);
/* Writes the RFC 5322 date of now_ms in UTC ("Tue, 04 Mar 2025 09:05:00 +0000"). */
void oc_mail_date(char out[40], int64_t now_ms);

/* Appends the whole message: From (from_name, from_addr), To, Subject, Date (now_ms),
 * Message-ID (message_id, without the angle brackets), MIME-Version, Content-Type text/plain
 * utf-8, Content-Transfer-Encoding 8bit and Auto-Submitted headers, a blank line and the body
 * with CRLF line ends. Returns 0, or OC_EINVAL (out unchanged) for an invalid address or a
 * body line over OC_MAIL_LINE_MAX bytes. */
int oc_mail_build(oc_buf_t *out, const char *from_name, const char *from_addr,
                  const oc_mail_t *mail, int64_t now_ms, const char *message_id);

#endif
