/* Requests to the OpenID provider: see oidc_http.h. */
#include "auth/oidc_http.h"

#include "core/base64.h"
#include "core/errors.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void oc_oidc_http_global_init(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

void oc_oidc_http_global_cleanup(void)
{
    curl_global_cleanup();
}

bool oc_oidc_url_allowed(const char *url)
{
    const char *host;
    bool https = strncasecmp(url, "https://", 8) == 0;
    if (https)
        host = url + 8;
    else if (strncasecmp(url, "http://", 7) == 0)
        host = url + 7;
    else
        return false;
    size_t auth_len = strcspn(host, "/?#");
    /* No user info: "http://127.0.0.1@elsewhere/" is elsewhere. No white space or controls. */
    if (auth_len == 0 || memchr(host, '@', auth_len) != NULL)
        return false;
    for (const char *p = url; *p; p++)
        if ((unsigned char)*p <= ' ' || *p == 0x7f)
            return false;
    if (https)
        return true;
    size_t name_len = host[0] == '[' ? strcspn(host, "]") + 1 : strcspn(host, ":/?#");
    if (name_len > auth_len)
        return false;
    static const char *const local[] = {"127.0.0.1", "localhost", "[::1]"};
    for (size_t i = 0; i < sizeof(local) / sizeof(local[0]); i++)
        if (strlen(local[i]) == name_len && strncasecmp(host, local[i], name_len) == 0)
            return true;
    return false;
}

void oc_oidc_url_encode(oc_buf_t *out, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
            ch == '-' || ch == '.' || ch == '_' || ch == '~') {
            oc_buf_append_char(out, (char)ch);
        } else {
            char esc[3] = {'%', hex[ch >> 4], hex[ch & 15]};
            oc_buf_append(out, esc, 3);
        }
    }
}

typedef struct sink {
    oc_buf_t *body;
    size_t max;
    bool too_big;
} sink_t;

static size_t on_body(char *data, size_t size, size_t n, void *arg)
{
    sink_t *s = arg;
    size_t len = size * n;
    if (s->body->len + len > s->max) {
        s->too_big = true;
        return 0; /* makes curl stop with CURLE_WRITE_ERROR */
    }
    oc_buf_append(s->body, data, len);
    return len;
}

static int perform(const char *url, const char *form, struct curl_slist *headers, size_t max,
                   oc_oidc_response_t *res)
{
    memset(res, 0, sizeof(*res));
    if (!oc_oidc_url_allowed(url)) {
        snprintf(res->error, sizeof(res->error), "refusing to fetch %.200s", url);
        return OC_EINVAL;
    }
    CURL *h = curl_easy_init();
    if (h == NULL) {
        snprintf(res->error, sizeof(res->error), "curl_easy_init failed");
        return UV_EIO;
    }
    char errbuf[CURL_ERROR_SIZE] = "";
    sink_t sink = {&res->body, max, false};
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L); /* we run on a pool thread */
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, (long)OC_OIDC_HTTP_CONNECT_MS);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, (long)OC_OIDC_HTTP_TOTAL_MS);
    curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)max);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "OpenChat");
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    if (form != NULL)
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, form);
    CURLcode cc = curl_easy_perform(h);
    int rc = 0;
    if (sink.too_big || cc == CURLE_FILESIZE_EXCEEDED) {
        snprintf(res->error, sizeof(res->error), "response from %.200s is over %zu bytes", url,
                 max);
        rc = OC_E2BIG;
    } else if (cc != CURLE_OK) {
        snprintf(res->error, sizeof(res->error), "%.150s: %.100s", url,
                 errbuf[0] ? errbuf : curl_easy_strerror(cc));
        rc = UV_EIO;
    } else {
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &res->status);
    }
    curl_easy_cleanup(h);
    if (rc != 0)
        oc_buf_free(&res->body);
    return rc;
}

int oc_oidc_http_get(const char *url, size_t max_bytes, oc_oidc_response_t *res)
{
    struct curl_slist *headers = curl_slist_append(NULL, "Accept: application/json");
    int rc = perform(url, NULL, headers, max_bytes, res);
    curl_slist_free_all(headers);
    return rc;
}

int oc_oidc_http_post_form(const char *url, const char *form, const char *basic_user,
                           const char *basic_password, size_t max_bytes, oc_oidc_response_t *res)
{
    struct curl_slist *headers = curl_slist_append(NULL, "Accept: application/json");
    headers = curl_slist_append(headers, "Content-Type: application/x-www-form-urlencoded");
    if (basic_user != NULL) {
        oc_buf_t cred = OC_BUF_INIT, line = OC_BUF_INIT;
        oc_oidc_url_encode(&cred, basic_user);
        oc_buf_append_char(&cred, ':');
        oc_oidc_url_encode(&cred, basic_password ? basic_password : "");
        oc_buf_append_str(&line, "Authorization: Basic ");
        oc_buf_reserve(&line, oc_base64_encoded_len(cred.len) + 1);
        line.len += oc_base64_encode(cred.data, cred.len, line.data + line.len);
        oc_buf_append_char(&line, '\0');
        headers = curl_slist_append(headers, line.data);
        /* The header holds the client secret: wipe our copies. */
        memset(cred.data, 0, cred.len);
        memset(line.data, 0, line.len);
        oc_buf_free(&cred);
        oc_buf_free(&line);
    }
    int rc = perform(url, form, headers, max_bytes, res);
    curl_slist_free_all(headers);
    return rc;
}
