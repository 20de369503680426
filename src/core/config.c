/* Configuration table and parser: see config.h. */
#include "core/config.h"

#include "core/alloc.h"
#include "core/errors.h"
#include "core/version.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

typedef enum { T_STR, T_PORT, T_UINT, T_SIZE, T_LEVEL } opt_type_t;

typedef struct option {
    const char *flag;
    const char *env;
    opt_type_t type;
    size_t offset;
    const char *def;
    const char *help;
} option_t;

#define F(field) offsetof(oc_config_t, field)

static const option_t options[] = {
    {"host", "HOST", T_STR, F(host), "0.0.0.0", "address to listen on (\"::\" for IPv6)"},
    {"port", "PORT", T_PORT, F(port), "4000", "TCP port for HTTP and WebSocket"},
    {"max-connections", "OPENCHAT_MAX_CONNECTIONS", T_UINT, F(max_connections), "100000",
     "connections accepted at once; more are closed on accept"},
    {"data-dir", "DATA_DIR", T_STR, F(data_dir), "./data", "folder for the database and uploads"},
    {"web-root", "WEB_ROOT", T_STR, F(web_root), "./web/dist",
     "folder with the built web client (served as static files)"},
    {"allowed-origins", "OPENCHAT_ALLOWED_ORIGINS", T_STR, F(allowed_origins), "",
     "comma-separated origins allowed for CORS and WebSocket (\"*\" = any)"},
    {"max-body", "OPENCHAT_MAX_BODY", T_SIZE, F(max_body_bytes), "1m",
     "largest HTTP request body (413 above)"},
    {"header-timeout-ms", "OPENCHAT_HEADER_TIMEOUT_MS", T_UINT, F(header_timeout_ms), "10000",
     "time allowed to send a request head and body (408 after)"},
    {"idle-timeout-ms", "OPENCHAT_IDLE_TIMEOUT_MS", T_UINT, F(idle_timeout_ms), "60000",
     "keep-alive connection idle time before it is closed"},
    {"ping-interval-ms", "OPENCHAT_PING_INTERVAL_MS", T_UINT, F(ping_interval_ms), "25000",
     "Engine.IO ping interval"},
    {"ping-timeout-ms", "OPENCHAT_PING_TIMEOUT_MS", T_UINT, F(ping_timeout_ms), "20000",
     "Engine.IO pong deadline after a ping"},
    {"max-payload", "OPENCHAT_MAX_PAYLOAD", T_SIZE, F(max_payload_bytes), "1000000",
     "largest Engine.IO payload or WebSocket message"},
    {"connect-timeout-ms", "OPENCHAT_CONNECT_TIMEOUT_MS", T_UINT, F(connect_timeout_ms), "45000",
     "time for a new session to join a Socket.IO namespace"},
    {"ack-timeout-ms", "OPENCHAT_ACK_TIMEOUT_MS", T_UINT, F(ack_timeout_ms), "10000",
     "time a client has to answer a server-sent acknowledgement"},
    {"recovery-window-ms", "OPENCHAT_RECOVERY_WINDOW_MS", T_UINT, F(recovery_window_ms), "120000",
     "how long a dropped client can reconnect and receive what it missed (0 = off)"},
    {"presence-timeout-ms", "OPENCHAT_PRESENCE_TIMEOUT_MS", T_UINT, F(presence_timeout_ms), "45000",
     "a socket silent for longer than this is disconnected by the presence sweep"},
    {"presence-sweep-ms", "OPENCHAT_PRESENCE_SWEEP_MS", T_UINT, F(presence_sweep_ms), "15000",
     "how often the presence sweep looks for silent sockets"},
    {"output-hard-limit", "OPENCHAT_OUTPUT_HARD_LIMIT", T_SIZE, F(output_hard_limit), "16m",
     "queued output that closes a connection at once"},
    {"output-soft-limit", "OPENCHAT_OUTPUT_SOFT_LIMIT", T_SIZE, F(output_soft_limit), "4m",
     "queued output that closes a connection if held for the soft time"},
    {"output-soft-seconds", "OPENCHAT_OUTPUT_SOFT_SECONDS", T_UINT, F(output_soft_seconds), "10",
     "seconds a connection may stay above the soft limit"},
    {"read-pause-bytes", "OPENCHAT_READ_PAUSE_BYTES", T_SIZE, F(read_pause_bytes), "1m",
     "queued output above which the server stops reading from a client"},
    {"write-threads", "OPENCHAT_WRITE_THREADS", T_UINT, F(write_threads), "1",
     "threads that share a busy loop turn's socket writes with the loop (0: the loop alone)"},
    {"shutdown-timeout-ms", "OPENCHAT_SHUTDOWN_TIMEOUT_MS", T_UINT, F(shutdown_timeout_ms), "5000",
     "time allowed to drain connections on SIGINT/SIGTERM"},
    {"log-level", "LOG_LEVEL", T_LEVEL, F(log_level), "info", "debug, info, warn or error"},
    {"node-id", "OPENCHAT_NODE_ID", T_UINT, F(node_id), "0",
     "this server's number (0-1023) when several share one database"},
    {"database-url", "DATABASE_URL", T_STR, F(database_url), "",
     "PostgreSQL URL (postgresql://...); empty: SQLite in the data folder"},
    {"db-readers", "OPENCHAT_DB_READERS", T_UINT, F(db_readers), "2",
     "database reader threads (one connection each)"},
    {"public-url", "PUBLIC_URL", T_STR, F(public_url), "",
     "address users reach the server at, for links and cookies (empty: http://localhost:PORT)"},
    {"jwt-secret", "JWT_SECRET", T_STR, F(jwt_secret), "",
     "key signing session tokens (empty: generated once, kept in the data folder)"},
    {"argon2-ops", "OPENCHAT_ARGON2_OPS", T_UINT, F(argon2_ops), "2",
     "argon2id passes for password hashes"},
    {"argon2-mem", "OPENCHAT_ARGON2_MEM", T_SIZE, F(argon2_mem), "64m",
     "argon2id memory for password hashes"},
    {"smtp-url", "SMTP_URL", T_STR, F(smtp_url), "",
     "smtp:// or smtps:// server for mail (empty: write mail to the data folder's outbox)"},
    {"smtp-from", "SMTP_FROM", T_STR, F(smtp_from), "OpenChat <no-reply@localhost>",
     "sender of account mail"},
    {"email-token-ttl-ms", "OPENCHAT_EMAIL_TOKEN_TTL_MS", T_UINT, F(email_token_ttl_ms), "0",
     "for tests: lifetime of e-mailed codes and links in ms (0: 24 h to verify, 1 h to reset)"},
    {"oidc-issuer", "OIDC_ISSUER", T_STR, F(oidc_issuer), "",
     "OpenID Connect issuer for sign-in (e.g. https://accounts.google.com; empty: off)"},
    {"oidc-client-id", "OIDC_CLIENT_ID", T_STR, F(oidc_client_id), "", "OpenID Connect client id"},
    {"oidc-client-secret", "OIDC_CLIENT_SECRET", T_STR, F(oidc_client_secret), "",
     "OpenID Connect client secret"},
    {"oidc-name", "OIDC_NAME", T_STR, F(oidc_name), "Google",
     "provider name on the sign-in button"},
    {"oidc-login-ttl-ms", "OPENCHAT_OIDC_LOGIN_TTL_MS", T_UINT, F(oidc_login_ttl_ms), "600000",
     "time a started sign-in with the provider stays valid, ms (tests use 0: at once expired)"},
    {"avatar-max", "OPENCHAT_AVATAR_MAX", T_SIZE, F(avatar_max_bytes), "2m",
     "largest avatar or zone icon upload"},
    {"max-upload", "OPENCHAT_MAX_UPLOAD", T_SIZE, F(upload_max_bytes), "25m",
     "largest message attachment upload (413 above)"},
    {"upload-pending-ms", "OPENCHAT_UPLOAD_PENDING_MS", T_UINT, F(upload_pending_ms), "86400000",
     "for tests: age at which an upload no message uses is removed, ms (default 24 h)"},
    {"rate-limits", "OPENCHAT_RATE_LIMITS", T_STR, F(rate_limits), "",
     "rate limit overrides, e.g. \"login=10/60,register=5/3600\""},
    {"invite-min-ttl-s", "OPENCHAT_INVITE_MIN_TTL_S", T_UINT, F(invite_min_ttl_s), "60",
     "shortest invite lifetime users may choose, seconds (tests lower it)"},
};

int oc_parse_size(const char *s, size_t *out)
{
    char *end;
    errno = 0;
    if (*s < '0' || *s > '9')
        return OC_EINVAL;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno)
        return OC_EINVAL;
    unsigned shift = 0;
    switch (*end) {
    case '\0': break;
    case 'k':
    case 'K':
        shift = 10;
        end++;
        break;
    case 'm':
    case 'M':
        shift = 20;
        end++;
        break;
    case 'g':
    case 'G':
        shift = 30;
        end++;
        break;
    default: return OC_EINVAL;
    }
    if (*end == 'b' || *end == 'B')
        end++;
    if (*end != '\0' || v > (SIZE_MAX >> shift))
        return OC_EINVAL;
    *out = (size_t)(v << shift);
    return 0;
}

static int parse_uint(const char *s, unsigned long max, unsigned long *out)
{
    char *end;
    errno = 0;
    if (*s < '0' || *s > '9')
        return OC_EINVAL;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || *end != '\0' || v > max)
        return OC_EINVAL;
    *out = v;
    return 0;
}

static int set_option(oc_config_t *cfg, const option_t *o, const char *value)
{
    void *field = (char *)cfg + o->offset;
    unsigned long v;
    switch (o->type) {
    case T_STR:
        free(*(char **)field);
        *(char **)field = oc_xstrdup(value);
        return 0;
    case T_PORT:
        if (parse_uint(value, 65535, &v) != 0)
            return OC_EINVAL;
        *(int *)field = (int)v;
        return 0;
    case T_UINT:
        if (parse_uint(value, UINT_MAX, &v) != 0)
            return OC_EINVAL;
        *(unsigned *)field = (unsigned)v;
        return 0;
    case T_SIZE: return oc_parse_size(value, (size_t *)field);
    case T_LEVEL: return oc_log_parse_level(value, (oc_log_level_t *)field);
    }
    return OC_EINVAL;
}

static const option_t *find_flag(const char *name, size_t len)
{
    for (size_t i = 0; i < OC_ARRAY_LEN(options); i++) {
        if (strlen(options[i].flag) == len && memcmp(options[i].flag, name, len) == 0)
            return &options[i];
    }
    return NULL;
}

void oc_config_print_help(FILE *out, const char *program)
{
    fprintf(out,
            "Usage: %s [--flag value ...]\n\n"
            "OpenChat server. Every setting can be given as a flag or as an environment\n"
            "variable; flags win. Sizes accept k, m and g suffixes.\n\n",
            program);
    fprintf(out, "  %-24s %-30s %-12s %s\n", "flag", "environment", "default", "meaning");
    for (size_t i = 0; i < OC_ARRAY_LEN(options); i++) {
        const option_t *o = &options[i];
        char flag[64];
        snprintf(flag, sizeof(flag), "--%s", o->flag);
        fprintf(out, "  %-24s %-30s %-12s %s\n", flag, o->env, *o->def ? o->def : "(none)",
                o->help);
    }
    fprintf(out, "\n  --help                   print this text\n"
                 "  --version                print the version\n");
}

int oc_config_load(oc_config_t *cfg, int argc, char **argv, FILE *out, FILE *err)
{
    memset(cfg, 0, sizeof(*cfg));
    for (size_t i = 0; i < OC_ARRAY_LEN(options); i++) {
        int rc = set_option(cfg, &options[i], options[i].def);
        oc_assert(rc == 0);
    }
    for (size_t i = 0; i < OC_ARRAY_LEN(options); i++) {
        const char *v = getenv(options[i].env);
        if (v != NULL && set_option(cfg, &options[i], v) != 0) {
            fprintf(err, "invalid value for %s: \"%s\"\n", options[i].env, v);
            return OC_EINVAL;
        }
    }
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            oc_config_print_help(out, argv[0]);
            return 1;
        }
        if (strcmp(arg, "--version") == 0) {
            fprintf(out, "openchat %s\n", OC_VERSION);
            return 1;
        }
        if (strncmp(arg, "--", 2) != 0) {
            fprintf(err, "unexpected argument \"%s\" (see --help)\n", arg);
            return OC_EINVAL;
        }
        const char *name = arg + 2;
        const char *eq = strchr(name, '=');
        size_t name_len = eq ? (size_t)(eq - name) : strlen(name);
        const option_t *o = find_flag(name, name_len);
        if (o == NULL) {
            fprintf(err, "unknown flag \"%.*s\" (see --help)\n", (int)(name_len + 2), arg);
            return OC_EINVAL;
        }
        const char *value = eq ? eq + 1 : (i + 1 < argc ? argv[++i] : NULL);
        /* "--host --port 80" is a forgotten value, not a host named "--port". */
        if (value == NULL || (eq == NULL && strncmp(value, "--", 2) == 0)) {
            fprintf(err, "flag --%s needs a value\n", o->flag);
            return OC_EINVAL;
        }
        if (set_option(cfg, o, value) != 0) {
            fprintf(err, "invalid value for --%s: \"%s\"\n", o->flag, value);
            return OC_EINVAL;
        }
    }
    if (cfg->ping_interval_ms == 0 || cfg->ping_timeout_ms == 0) {
        fprintf(err, "ping interval and ping timeout must be positive\n");
        return OC_EINVAL;
    }
    if (cfg->node_id > 1023) {
        fprintf(err, "node id must be between 0 and 1023\n");
        return OC_EINVAL;
    }
    if (cfg->output_soft_limit > cfg->output_hard_limit) {
        fprintf(err, "output soft limit must not exceed the hard limit\n");
        return OC_EINVAL;
    }
    return 0;
}

void oc_config_free(oc_config_t *cfg)
{
    if (cfg == NULL)
        return;
    for (size_t i = 0; i < OC_ARRAY_LEN(options); i++) {
        if (options[i].type == T_STR) {
            char **field = (char **)((char *)cfg + options[i].offset);
            free(*field);
            *field = NULL;
        }
    }
}
