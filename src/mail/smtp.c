/* The SMTP delivery: libcurl talks to the relay from a pool thread, one connection per
 * message (account mail is rare; a connection pool would buy nothing).
 *
 * smtp:// upgrades with STARTTLS whenever the server offers it, smtps:// is TLS from the first
 * byte; credentials come from the URL (smtp://user:password@host:587, percent-encoded). The
 * envelope sender is SMTP_FROM's address. Dot-stuffing of the body is libcurl's. */
#include "mail/mail_internal.h"

#include "core/errors.h"
#include "core/log.h"

#include <curl/curl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define CONNECT_TIMEOUT_MS 10000
#define TOTAL_TIMEOUT_MS   30000

/* The '@' that ends the credentials: the last one before the path. */
static const char *last_at(const char *authority)
{
    const char *at = NULL;
    for (const char *p = authority; *p && *p != '/'; p++)
        if (*p == '@')
            at = p;
    return at;
}

int oc__smtp_url_check(const char *url)
{
    const char *host;
    if (strncasecmp(url, "smtp://", 7) == 0)
        host = url + 7;
    else if (strncasecmp(url, "smtps://", 8) == 0)
        host = url + 8;
    else
        return OC_EINVAL;
    const char *at = last_at(host);
    if (at != NULL)
        host = at + 1;
    if (*host == '\0' || *host == '/' || *host == ':')
        return OC_EINVAL;
    for (const char *p = url; *p; p++)
        if ((unsigned char)*p <= 0x20 || *p == 0x7F)
            return OC_EINVAL;
    return 0;
}

void oc__smtp_url_redact(const char *url, char *out, size_t cap)
{
    const char *scheme_end = strstr(url, "://");
    const char *rest = scheme_end ? scheme_end + 3 : url;
    const char *at = last_at(rest);
    if (at == NULL) {
        snprintf(out, cap, "%s", url);
        return;
    }
    snprintf(out, cap, "%.*s%s", (int)(rest - url), url, at + 1);
}

int oc__smtp_global_init(void)
{
    return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : UV_EIO;
}

void oc__smtp_global_cleanup(void)
{
    curl_global_cleanup();
}

typedef struct reader {
    const char *data;
    size_t left;
} reader_t;

static size_t read_message(char *dst, size_t size, size_t nmemb, void *arg)
{
    reader_t *r = arg;
    size_t n = size * nmemb < r->left ? size * nmemb : r->left;
    memcpy(dst, r->data, n);
    r->data += n;
    r->left -= n;
    return n;
}

/* On a pool thread. */
static void deliver(oc__mail_job_t *job)
{
    oc_mailer_t *m = job->mailer;
    char from[OC_MAIL_ADDRESS_MAX + 3], to[OC_MAIL_ADDRESS_MAX + 3];
    snprintf(from, sizeof(from), "<%s>", m->from_addr);
    snprintf(to, sizeof(to), "<%s>", job->to);
    char errbuf[CURL_ERROR_SIZE] = "";
    reader_t r = {job->message.data, job->message.len};
    CURL *curl = curl_easy_init();
    struct curl_slist *rcpt = curl_slist_append(NULL, to);
    if (curl == NULL || rcpt == NULL) {
        job->status = UV_EIO;
        snprintf(job->detail, sizeof(job->detail), "libcurl could not start");
        curl_slist_free_all(rcpt);
        curl_easy_cleanup(curl);
        return;
    }
    curl_easy_setopt(curl, CURLOPT_URL, m->target);
#if LIBCURL_VERSION_NUM >= 0x075500
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
#else
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS, (long)(CURLPROTO_SMTP | CURLPROTO_SMTPS));
#endif
    if (strncasecmp(m->target, "smtp://", 7) == 0)
        curl_easy_setopt(curl, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from);
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_message);
    curl_easy_setopt(curl, CURLOPT_READDATA, &r);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, (long)CONNECT_TIMEOUT_MS);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, (long)TOTAL_TIMEOUT_MS);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
    CURLcode res = curl_easy_perform(curl);
    if (res == CURLE_OK) {
        job->status = 0;
        job->detail[0] = '\0';
    } else {
        long code = 0;
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
        job->status = UV_EIO;
        snprintf(job->detail, sizeof(job->detail), "%s (last SMTP reply %ld)",
                 errbuf[0] ? errbuf : curl_easy_strerror(res), code);
    }
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(curl);
}

static void report(const oc__mail_job_t *job)
{
    if (job->status != 0)
        oc_log_error("mail", "mail to %s not sent through %s: %s", job->to,
                     job->mailer->target_shown, job->detail);
    else
        oc_log_info("mail", "mail to %s sent through %s", job->to, job->mailer->target_shown);
}

const oc__mail_ops_t oc__mail_smtp_ops = {"smtp", deliver, report};
