/* The mailer's parts shared by mail.c and its two deliveries (outbox.c, smtp.c). Nothing
 * outside src/mail includes this.
 *
 *   loop: oc_mailer_send ─► oc_mail_build ─► job ─► waiting list (FIFO, OC_MAIL_QUEUE_MAX)
 *                                                          │ one at a time
 *   pool: ops->deliver ◄── uv_queue_work ◄─────────────────┘
 *   loop: the next job is started, then ops->report and the caller's done run
 */
#ifndef OC_MAIL_INTERNAL_H
#define OC_MAIL_INTERNAL_H

#include "mail/mail.h"

#include <uv.h>

typedef struct oc__mail_job oc__mail_job_t;

/* A delivery: the small table each way of sending mail fills in. */
typedef struct oc__mail_ops {
    const char *kind;
    /* On a thread-pool thread: delivers job->message, sets job->status and job->detail. */
    void (*deliver)(oc__mail_job_t *job);
    /* On the loop afterwards: logs the outcome. */
    void (*report)(const oc__mail_job_t *job);
} oc__mail_ops_t;

struct oc_mailer {
    const oc__mail_ops_t *ops;
    uv_loop_t *loop;
    char *target;       /* the outbox folder, or the SMTP URL (with its credentials) */
    char *target_shown; /* for logs: the folder, or the URL without credentials */
    char from_name[256];
    char from_addr[OC_MAIL_ADDRESS_MAX + 1];
    const char *msgid_domain; /* points into from_addr, after the '@' */
    /* One delivery at a time: a relay that hangs ties up one pool thread, never all of
     * them (password hashing and file reads share the pool). The rest wait here. */
    bool delivering;
    oc__mail_job_t *waiting_head, *waiting_tail;
    unsigned waiting;
};

struct oc__mail_job {
    uv_work_t work;
    oc_mailer_t *mailer;
    oc__mail_job_t *next; /* in the mailer's waiting list */
    char to[OC_MAIL_ADDRESS_MAX + 1];
    char *link;        /* owned, or NULL */
    oc_buf_t message;  /* the RFC 5322 bytes, CRLF line ends */
    int64_t queued_ms; /* when it was queued (names the outbox file) */
    char id[33];       /* random hex, the Message-ID's local part */
    int status;        /* set by deliver: 0 or a negative OC_E* code */
    char detail[4400]; /* set by deliver: the file written, or the error */
    oc_mail_sent_cb done;
    void *arg;
};

extern const oc__mail_ops_t oc__mail_outbox_ops;
extern const oc__mail_ops_t oc__mail_smtp_ops;

/* smtp.c: the URL without "user:password@", into out. */
void oc__smtp_url_redact(const char *url, char *out, size_t cap);
/* smtp.c: 0 if url is smtp:// or smtps:// with a host, else OC_EINVAL. */
int oc__smtp_url_check(const char *url);
/* smtp.c / mail.c: libcurl's global set-up and tear-down (reference counted by libcurl). */
int oc__smtp_global_init(void);
void oc__smtp_global_cleanup(void);

#endif
