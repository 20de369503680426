/* The mailer: choosing a delivery, building RFC 5322 messages and running deliveries on the
 * thread pool; see mail.h. The deliveries themselves are in outbox.c and smtp.c. */
#include "mail/mail_internal.h"

#include "core/alloc.h"
#include "core/base64.h"
#include "core/errors.h"
#include "core/id.h"
#include "core/log.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- building (pure) ------------------------------------------------------------------- */

bool oc_mail_address_valid(const char *addr)
{
    size_t n = strlen(addr);
    if (n < 3 || n > OC_MAIL_ADDRESS_MAX)
        return false;
    const char *at = strchr(addr, '@');
    if (at == NULL || at == addr || at[1] == '\0' || strchr(at + 1, '@') != NULL)
        return false;
    for (const char *p = addr; *p; p++) {
        unsigned char ch = (unsigned char)*p;
        /* Printable ASCII only, and nothing that ends a path ("<...>") or a header field. */
        if (ch <= 0x20 || ch >= 0x7F || strchr("<>()[],;:\\\"", ch) != NULL)
            return false;
    }
    return true;
}

static const char *trim(const char *s, const char *end, const char **out_end)
{
    while (s < end && (*s == ' ' || *s == '\t'))
        s++;
    while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
        end--;
    *out_end = end;
    return s;
}

static int copy_part(const char *s, const char *end, char *out, size_t cap)
{
    size_t n = (size_t)(end - s);
    if (n >= cap)
        return OC_EINVAL;
    memcpy(out, s, n);
    out[n] = '\0';
    return 0;
}

int oc_mail_parse_sender(const char *from, char *name, size_t name_cap, char *addr, size_t addr_cap)
{
    const char *end = from + strlen(from);
    for (const char *p = from; p < end; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7F)
            return OC_EINVAL;
    const char *lt = strchr(from, '<');
    const char *s, *e;
    if (lt == NULL) { /* a bare address */
        s = trim(from, end, &e);
        if (copy_part(s, e, addr, addr_cap) != 0 || copy_part(s, s, name, name_cap) != 0)
            return OC_EINVAL;
        return oc_mail_address_valid(addr) ? 0 : OC_EINVAL;
    }
    const char *gt = strchr(lt, '>');
    if (gt == NULL)
        return OC_EINVAL;
    for (const char *p = gt + 1; p < end; p++)
        if (*p != ' ' && *p != '\t')
            return OC_EINVAL;
    if (copy_part(lt + 1, gt, addr, addr_cap) != 0 || !oc_mail_address_valid(addr))
        return OC_EINVAL;
    s = trim(from, lt, &e);
    if (e - s >= 2 && *s == '"' && e[-1] == '"') {
        s++;
        e--;
    }
    return copy_part(s, e, name, name_cap);
}

/* RFC 5322 "specials": a phrase holding one of these must be quoted or encoded. */
static bool is_special(char ch)
{
    return strchr("()<>[]:;@\\,.\"", ch) != NULL;
}

/* Encoded words carry 45 bytes each (60 base64 characters + 12 = 72 <= 75, RFC 2047 2) and
 * never split a UTF-8 sequence (RFC 2047 5: each word must decode on its own). */
#define WORD_BYTES 45

static size_t utf8_seq_len(unsigned char ch)
{
    if (ch < 0x80)
        return 1;
    if ((ch & 0xE0) == 0xC0)
        return 2;
    if ((ch & 0xF0) == 0xE0)
        return 3;
    if ((ch & 0xF8) == 0xF0)
        return 4;
    return 1; /* a stray byte: carried on its own, the encoding does not care */
}

static void append_encoded_words(oc_buf_t *out, const char *text, size_t len)
{
    size_t i = 0;
    bool first = true;
    while (i < len || first) {
        size_t n = 0;
        while (i + n < len) {
            size_t step = utf8_seq_len((unsigned char)text[i + n]);
            if (i + n + step > len)
                step = len - i - n;
            if (n + step > WORD_BYTES)
                break;
            n += step;
        }
        char b64[64];
        size_t blen = oc_base64_encode(text + i, n, b64);
        if (!first)
            oc_buf_append_str(out, "\r\n ");
        oc_buf_append_str(out, "=?utf-8?B?");
        oc_buf_append(out, b64, blen);
        oc_buf_append_str(out, "?=");
        i += n;
        first = false;
    }
}

void oc_mail_append_header_text(oc_buf_t *out, const char *text, bool phrase)
{
    size_t len = strlen(text);
    bool encode = len > 900 || strstr(text, "=?") != NULL;
    bool quote = false;
    for (size_t i = 0; i < len && !encode; i++) {
        unsigned char ch = (unsigned char)text[i];
        if (ch < 0x20 || ch >= 0x7F)
            encode = true;
        else if (phrase && is_special((char)ch))
            quote = true;
    }
    if (encode) {
        append_encoded_words(out, text, len);
    } else if (quote) {
        oc_buf_append_char(out, '"');
        for (size_t i = 0; i < len; i++) {
            if (text[i] == '"' || text[i] == '\\')
                oc_buf_append_char(out, '\\');
            oc_buf_append_char(out, text[i]);
        }
        oc_buf_append_char(out, '"');
    } else {
        oc_buf_append(out, text, len);
    }
}

void oc_mail_append_mailbox(oc_buf_t *out, const char *name, const char *addr)
{
    if (name != NULL && *name != '\0') {
        oc_mail_append_header_text(out, name, true);
        oc_buf_append_char(out, ' ');
    }
    oc_buf_append_char(out, '<');
    oc_buf_append_str(out, addr);
    oc_buf_append_char(out, '>');
}

void oc_mail_date(char out[40], int64_t now_ms)
{
    static const char days[7][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char months[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    time_t t = (time_t)(now_ms / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    snprintf(out, 40, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday], tm.tm_mday,
             months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* The body with CRLF line ends; OC_EINVAL for a line too long for 8bit transfer. */
static int append_body(oc_buf_t *out, const char *text)
{
    const char *p = text;
    while (*p) {
        const char *nl = strchr(p, '\n');
        const char *end = nl ? nl : p + strlen(p);
        size_t n = 0;
        for (const char *q = p; q < end; q++) {
            if (*q == '\r')
                continue; /* bare CRs never reach the wire: CRLF is ours to write */
            if (++n > OC_MAIL_LINE_MAX)
                return OC_EINVAL;
            oc_buf_append_char(out, *q);
        }
        oc_buf_append_str(out, "\r\n");
        p = nl ? nl + 1 : end;
    }
    return 0;
}

int oc_mail_build(oc_buf_t *out, const char *from_name, const char *from_addr,
                  const oc_mail_t *mail, int64_t now_ms, const char *message_id)
{
    if (!oc_mail_address_valid(from_addr) || !oc_mail_address_valid(mail->to))
        return OC_EINVAL;
    size_t start = out->len;
    char date[40];
    oc_mail_date(date, now_ms);
    oc_buf_append_str(out, "From: ");
    oc_mail_append_mailbox(out, from_name, from_addr);
    oc_buf_append_str(out, "\r\nTo: ");
    oc_mail_append_mailbox(out, mail->to_name, mail->to);
    oc_buf_append_str(out, "\r\nSubject: ");
    oc_mail_append_header_text(out, mail->subject, false);
    oc_buf_printf(out,
                  "\r\nDate: %s\r\nMessage-ID: <%s>\r\nMIME-Version: 1.0\r\n"
                  "Content-Type: text/plain; charset=utf-8\r\n"
                  "Content-Transfer-Encoding: 8bit\r\nAuto-Submitted: auto-generated\r\n\r\n",
                  date, message_id);
    if (append_body(out, mail->text) != 0) {
        out->len = start;
        return OC_EINVAL;
    }
    return 0;
}

/* ---- the mailer ------------------------------------------------------------------------ */

oc_mailer_t *oc_mailer_new(uv_loop_t *loop, const oc_config_t *cfg, char *err, size_t err_len)
{
    oc_mailer_t *m = oc_xcalloc(1, sizeof(*m));
    m->loop = loop;
    const char *from = cfg->smtp_from != NULL ? cfg->smtp_from : "";
    if (oc_mail_parse_sender(from, m->from_name, sizeof(m->from_name), m->from_addr,
                             sizeof(m->from_addr)) != 0) {
        snprintf(err, err_len,
                 "SMTP_FROM \"%s\" is not an address or \"Name <address>\" (e.g. "
                 "\"OpenChat <no-reply@example.com>\")",
                 from);
        free(m);
        return NULL;
    }
    m->msgid_domain = strchr(m->from_addr, '@') + 1;
    if (cfg->smtp_url != NULL && *cfg->smtp_url != '\0') {
        if (oc__smtp_url_check(cfg->smtp_url) != 0) {
            snprintf(err, err_len,
                     "SMTP_URL must be smtp://[user:password@]host[:port] or smtps://...");
            free(m);
            return NULL;
        }
        if (oc__smtp_global_init() != 0) {
            snprintf(err, err_len, "libcurl failed to initialise");
            free(m);
            return NULL;
        }
        m->ops = &oc__mail_smtp_ops;
        m->target = oc_xstrdup(cfg->smtp_url);
        char shown[1024];
        oc__smtp_url_redact(cfg->smtp_url, shown, sizeof(shown));
        m->target_shown = oc_xstrdup(shown);
        oc_log_info("mail", "mail goes through %s as %s", m->target_shown, m->from_addr);
    } else {
        m->ops = &oc__mail_outbox_ops;
        size_t n = strlen(cfg->data_dir) + sizeof("/outbox");
        m->target = oc_xmalloc(n);
        snprintf(m->target, n, "%s/outbox", cfg->data_dir);
        m->target_shown = oc_xstrdup(m->target);
        oc_log_info("mail", "no SMTP_URL: mail is written to %s", m->target);
    }
    return m;
}

void oc_mailer_free(oc_mailer_t *m)
{
    if (m == NULL)
        return;
    oc_assert(!m->delivering && m->waiting == 0);
    if (m->ops == &oc__mail_smtp_ops)
        oc__smtp_global_cleanup();
    free(m->target);
    free(m->target_shown);
    free(m);
}

const char *oc_mailer_kind(const oc_mailer_t *m)
{
    return m->ops->kind;
}

static void deliver(uv_work_t *w)
{
    oc__mail_job_t *job = OC_CONTAINER_OF(w, oc__mail_job_t, work);
    job->mailer->ops->deliver(job);
}

static void delivered(uv_work_t *w, int status);

/* Hands the oldest waiting message to the pool unless one is being delivered. */
static void start_next(oc_mailer_t *m)
{
    oc__mail_job_t *job = m->waiting_head;
    if (m->delivering || job == NULL)
        return;
    m->waiting_head = job->next;
    if (m->waiting_head == NULL)
        m->waiting_tail = NULL;
    m->waiting--;
    m->delivering = true;
    int rc = uv_queue_work(m->loop, &job->work, deliver, delivered);
    oc_assert(rc == 0);
}

static void delivered(uv_work_t *w, int status)
{
    oc__mail_job_t *job = OC_CONTAINER_OF(w, oc__mail_job_t, work);
    oc_mailer_t *m = job->mailer;
    m->delivering = false;
    start_next(m); /* before the callbacks: the loop must stay alive for what waits */
    if (status != 0) {
        job->status = status;
        snprintf(job->detail, sizeof(job->detail), "%s", oc_strerror(status));
    }
    m->ops->report(job);
    if (job->done != NULL)
        job->done(job->status, job->arg);
    oc_buf_free(&job->message);
    free(job->link);
    free(job);
}

int oc_mailer_send(oc_mailer_t *m, const oc_mail_t *mail, oc_mail_sent_cb done, void *arg)
{
    if (m->waiting >= OC_MAIL_QUEUE_MAX) {
        oc_log_error("mail", "mail to %s dropped: %u messages already wait for delivery", mail->to,
                     m->waiting);
        return OC_ENOBUFS;
    }
    oc__mail_job_t *job = oc_xcalloc(1, sizeof(*job));
    unsigned char rnd[16];
    randombytes_buf(rnd, sizeof(rnd));
    sodium_bin2hex(job->id, sizeof(job->id), rnd, sizeof(rnd));
    char message_id[sizeof(job->id) + OC_MAIL_ADDRESS_MAX + 2];
    snprintf(message_id, sizeof(message_id), "%s@%s", job->id, m->msgid_domain);
    job->queued_ms = oc_now_ms();
    if (oc_mail_build(&job->message, m->from_name, m->from_addr, mail, job->queued_ms,
                      message_id) != 0) {
        oc_log_error("mail", "cannot build a message to \"%s\": bad address or line too long",
                     mail->to);
        oc_buf_free(&job->message);
        free(job);
        return OC_EINVAL;
    }
    job->mailer = m;
    snprintf(job->to, sizeof(job->to), "%s", mail->to);
    job->link = mail->link != NULL ? oc_xstrdup(mail->link) : NULL;
    job->done = done;
    job->arg = arg;
    if (m->waiting_tail != NULL)
        m->waiting_tail->next = job;
    else
        m->waiting_head = job;
    m->waiting_tail = job;
    m->waiting++;
    start_next(m);
    return 0;
}
