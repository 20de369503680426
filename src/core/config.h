/* Server configuration from environment variables and command-line flags.
 *
 * Every setting has one row in a table (config.c): its flag, its environment variable, its
 * default and its help text, so `--help` and the parser can never disagree. Flags override
 * the environment, which overrides the defaults. This module only reads settings; it does
 * not apply them. */
#ifndef OC_CORE_CONFIG_H
#define OC_CORE_CONFIG_H

#include "core/log.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct oc_config {
    /* network */
    char *host;
    int port;
    unsigned max_connections;
    /* files */
    char *data_dir;
    char *web_root;
    /* HTTP */
    char *allowed_origins; /* comma-separated list; "*" allows any origin */
    size_t max_body_bytes;
    unsigned header_timeout_ms;
    unsigned idle_timeout_ms;
    /* real time */
    unsigned ping_interval_ms;
    unsigned ping_timeout_ms;
    size_t max_payload_bytes;
    unsigned connect_timeout_ms;
    unsigned ack_timeout_ms;
    unsigned recovery_window_ms;
    unsigned presence_timeout_ms;
    unsigned presence_sweep_ms;
    /* per-connection output limits */
    size_t output_hard_limit;
    size_t output_soft_limit;
    unsigned output_soft_seconds;
    size_t read_pause_bytes;
    unsigned write_threads;
    /* process */
    unsigned shutdown_timeout_ms;
    oc_log_level_t log_level;
    unsigned node_id;
    /* storage */
    char *database_url; /* PostgreSQL when set, else SQLite in data_dir */
    unsigned db_readers;
    /* accounts */
    char *public_url; /* how browsers reach the server; "" = http://localhost:<port> */
    char *jwt_secret; /* "" = generated once and kept in data_dir */
    unsigned argon2_ops;
    size_t argon2_mem;
    char *smtp_url; /* "" = write mail to data_dir/outbox */
    char *smtp_from;
    /* tests only: lifetime of e-mailed codes and links in ms (0: the normal ones) */
    unsigned email_token_ttl_ms;
    char *oidc_issuer; /* "" = no sign-in with an identity provider */
    char *oidc_client_id;
    char *oidc_client_secret;
    char *oidc_name;
    unsigned oidc_login_ttl_ms; /* lifetime of a started sign-in with the provider */
    size_t avatar_max_bytes;
    size_t upload_max_bytes;    /* largest attachment file (POST /api/v1/attachments) */
    unsigned upload_pending_ms; /* age at which an unused upload is removed */
    char *rate_limits;          /* "action=count/seconds,..." overrides, see ratelimit.h */
    /* zones */
    unsigned invite_min_ttl_s; /* shortest invite lifetime a user may ask for */
} oc_config_t;

/* Fills cfg with the defaults, then the environment (envp style lookup through getenv), then
 * argv. Returns 0; 1 if --help or --version was given (text already printed to out); or
 * OC_EINVAL with a message naming the bad setting printed to err. The caller releases cfg
 * with oc_config_free. */
int oc_config_load(oc_config_t *cfg, int argc, char **argv, FILE *out, FILE *err);
void oc_config_free(oc_config_t *cfg);
void oc_config_print_help(FILE *out, const char *program);

/* Parses "123", "64k", "16m", "1g" (binary multiples) into bytes. 0 or OC_EINVAL. */
int oc_parse_size(const char *s, size_t *out);

#endif
