/* Tests for src/core/config.c: every default, the environment over the defaults, flags over
 * the environment, both flag spellings, size suffixes, and the refusals, each with the exact
 * message that names the bad setting. The .c is included to walk the option table: --help
 * must list every flag and environment variable in it. Each test starts with every variable
 * of the table unset. */
#include "core/config.c"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

typedef struct capture {
    FILE *out, *err;
    char *out_text, *err_text;
    size_t out_len, err_len;
} capture_t;

static capture_t cap;

static void unset_all(void)
{
    for (size_t i = 0; i < OC_ARRAY_LEN(options); i++)
        unsetenv(options[i].env);
}

static void capture_close(void)
{
    if (cap.out)
        fclose(cap.out);
    if (cap.err)
        fclose(cap.err);
    free(cap.out_text);
    free(cap.err_text);
    memset(&cap, 0, sizeof(cap));
}

/* Starts both captured streams empty. */
static void capture_reset(void)
{
    capture_close();
    cap.out = open_memstream(&cap.out_text, &cap.out_len);
    cap.err = open_memstream(&cap.err_text, &cap.err_len);
    assert_non_null(cap.out);
    assert_non_null(cap.err);
}

static int setup(void **state)
{
    (void)state;
    unset_all();
    capture_reset();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unset_all();
    capture_close();
    return 0;
}

/* Loads with argv (NULL-terminated, program name first) and flushes the captured streams. */
static int load(oc_config_t *cfg, const char **argv)
{
    int argc = 0;
    while (argv[argc] != NULL)
        argc++;
    /* oc_config_load takes main's argv type but never writes through it. */
    int rc = oc_config_load(cfg, argc, (char **)argv, cap.out, cap.err);
    fflush(cap.out);
    fflush(cap.err);
    return rc;
}

#define ARGV(...) ((const char *[]){"openchat", __VA_ARGS__, NULL})
#define NO_ARGS   ((const char *[]){"openchat", NULL})

static void assert_err(const char *want)
{
    assert_non_null(cap.err_text);
    assert_string_equal(cap.err_text, want);
}

static void assert_no_output(void)
{
    assert_int_equal(cap.out_len, 0);
    assert_int_equal(cap.err_len, 0);
}

static void test_defaults(void **state)
{
    (void)state;
    oc_config_t cfg;
    assert_int_equal(load(&cfg, NO_ARGS), 0);
    assert_no_output();
    assert_string_equal(cfg.host, "0.0.0.0");
    assert_int_equal(cfg.port, 4000);
    assert_int_equal(cfg.max_connections, 100000);
    assert_string_equal(cfg.data_dir, "./data");
    assert_string_equal(cfg.web_root, "./web/dist");
    assert_string_equal(cfg.allowed_origins, "");
    assert_int_equal(cfg.max_body_bytes, 1u << 20);
    assert_int_equal(cfg.header_timeout_ms, 10000);
    assert_int_equal(cfg.idle_timeout_ms, 60000);
    assert_int_equal(cfg.ping_interval_ms, 25000);
    assert_int_equal(cfg.ping_timeout_ms, 20000);
    assert_int_equal(cfg.max_payload_bytes, 1000000);
    assert_int_equal(cfg.connect_timeout_ms, 45000);
    assert_int_equal(cfg.ack_timeout_ms, 10000);
    assert_int_equal(cfg.recovery_window_ms, 120000);
    assert_int_equal(cfg.output_hard_limit, 16u << 20);
    assert_int_equal(cfg.output_soft_limit, 4u << 20);
    assert_int_equal(cfg.output_soft_seconds, 10);
    assert_int_equal(cfg.read_pause_bytes, 1u << 20);
    assert_int_equal(cfg.shutdown_timeout_ms, 5000);
    assert_int_equal(cfg.log_level, OC_LOG_INFO);
    oc_config_free(&cfg);
    assert_null(cfg.host);
    assert_null(cfg.allowed_origins);
    oc_config_free(&cfg); /* twice is harmless */
    oc_config_free(NULL);
}

static void test_every_environment_variable(void **state)
{
    (void)state;
    setenv("HOST", "::1", 1);
    setenv("PORT", "8080", 1);
    setenv("OPENCHAT_MAX_CONNECTIONS", "7", 1);
    setenv("DATA_DIR", "/var/lib/openchat", 1);
    setenv("WEB_ROOT", "/srv/web", 1);
    setenv("OPENCHAT_ALLOWED_ORIGINS", "https://a.example, http://localhost:5173", 1);
    setenv("OPENCHAT_MAX_BODY", "2m", 1);
    setenv("OPENCHAT_HEADER_TIMEOUT_MS", "11", 1);
    setenv("OPENCHAT_IDLE_TIMEOUT_MS", "12", 1);
    setenv("OPENCHAT_PING_INTERVAL_MS", "13", 1);
    setenv("OPENCHAT_PING_TIMEOUT_MS", "14", 1);
    setenv("OPENCHAT_MAX_PAYLOAD", "64k", 1);
    setenv("OPENCHAT_CONNECT_TIMEOUT_MS", "15", 1);
    setenv("OPENCHAT_ACK_TIMEOUT_MS", "16", 1);
    setenv("OPENCHAT_RECOVERY_WINDOW_MS", "0", 1);
    setenv("OPENCHAT_OUTPUT_HARD_LIMIT", "1g", 1);
    setenv("OPENCHAT_OUTPUT_SOFT_LIMIT", "512K", 1);
    setenv("OPENCHAT_OUTPUT_SOFT_SECONDS", "3", 1);
    setenv("OPENCHAT_READ_PAUSE_BYTES", "100", 1);
    setenv("OPENCHAT_SHUTDOWN_TIMEOUT_MS", "17", 1);
    setenv("LOG_LEVEL", "WARNING", 1);
    oc_config_t cfg;
    assert_int_equal(load(&cfg, NO_ARGS), 0);
    assert_no_output();
    assert_string_equal(cfg.host, "::1");
    assert_int_equal(cfg.port, 8080);
    assert_int_equal(cfg.max_connections, 7);
    assert_string_equal(cfg.data_dir, "/var/lib/openchat");
    assert_string_equal(cfg.web_root, "/srv/web");
    assert_string_equal(cfg.allowed_origins, "https://a.example, http://localhost:5173");
    assert_int_equal(cfg.max_body_bytes, 2u << 20);
    assert_int_equal(cfg.header_timeout_ms, 11);
    assert_int_equal(cfg.idle_timeout_ms, 12);
    assert_int_equal(cfg.ping_interval_ms, 13);
    assert_int_equal(cfg.ping_timeout_ms, 14);
    assert_int_equal(cfg.max_payload_bytes, 64u << 10);
    assert_int_equal(cfg.connect_timeout_ms, 15);
    assert_int_equal(cfg.ack_timeout_ms, 16);
    assert_int_equal(cfg.recovery_window_ms, 0);
    assert_int_equal(cfg.output_hard_limit, 1u << 30);
    assert_int_equal(cfg.output_soft_limit, 512u << 10);
    assert_int_equal(cfg.output_soft_seconds, 3);
    assert_int_equal(cfg.read_pause_bytes, 100);
    assert_int_equal(cfg.shutdown_timeout_ms, 17);
    assert_int_equal(cfg.log_level, OC_LOG_WARN);
    oc_config_free(&cfg);
}

static void test_every_flag(void **state)
{
    (void)state;
    oc_config_t cfg;
    assert_int_equal(
        load(&cfg,
             ARGV("--host", "127.0.0.1", "--port=0", "--max-connections", "1", "--data-dir=/d",
                  "--web-root", "/w", "--allowed-origins=*", "--max-body", "10",
                  "--header-timeout-ms=21", "--idle-timeout-ms", "22", "--ping-interval-ms=23",
                  "--ping-timeout-ms", "24", "--max-payload=1k", "--connect-timeout-ms", "25",
                  "--ack-timeout-ms=26", "--recovery-window-ms", "27", "--output-hard-limit=2k",
                  "--output-soft-limit", "1k", "--output-soft-seconds=0", "--read-pause-bytes",
                  "3k", "--shutdown-timeout-ms=28", "--log-level", "debug")),
        0);
    assert_no_output();
    assert_string_equal(cfg.host, "127.0.0.1");
    assert_int_equal(cfg.port, 0);
    assert_int_equal(cfg.max_connections, 1);
    assert_string_equal(cfg.data_dir, "/d");
    assert_string_equal(cfg.web_root, "/w");
    assert_string_equal(cfg.allowed_origins, "*");
    assert_int_equal(cfg.max_body_bytes, 10);
    assert_int_equal(cfg.header_timeout_ms, 21);
    assert_int_equal(cfg.idle_timeout_ms, 22);
    assert_int_equal(cfg.ping_interval_ms, 23);
    assert_int_equal(cfg.ping_timeout_ms, 24);
    assert_int_equal(cfg.max_payload_bytes, 1024);
    assert_int_equal(cfg.connect_timeout_ms, 25);
    assert_int_equal(cfg.ack_timeout_ms, 26);
    assert_int_equal(cfg.recovery_window_ms, 27);
    assert_int_equal(cfg.output_hard_limit, 2048);
    assert_int_equal(cfg.output_soft_limit, 1024);
    assert_int_equal(cfg.output_soft_seconds, 0);
    assert_int_equal(cfg.read_pause_bytes, 3072);
    assert_int_equal(cfg.shutdown_timeout_ms, 28);
    assert_int_equal(cfg.log_level, OC_LOG_DEBUG);
    oc_config_free(&cfg);
}

static void test_flags_override_environment(void **state)
{
    (void)state;
    setenv("PORT", "5000", 1);
    setenv("HOST", "10.0.0.1", 1);
    setenv("LOG_LEVEL", "error", 1);
    oc_config_t cfg;
    assert_int_equal(load(&cfg, ARGV("--port", "6000", "--log-level=debug")), 0);
    assert_int_equal(cfg.port, 6000);
    assert_string_equal(cfg.host, "10.0.0.1"); /* no flag: the environment holds */
    assert_int_equal(cfg.log_level, OC_LOG_DEBUG);
    oc_config_free(&cfg);

    /* The last of repeated flags wins; a value may be empty or contain '='. */
    assert_int_equal(load(&cfg, ARGV("--port=1", "--port", "2", "--data-dir=", "--web-root=a=b")),
                     0);
    assert_int_equal(cfg.port, 2);
    assert_string_equal(cfg.data_dir, "");
    assert_string_equal(cfg.web_root, "a=b");
    oc_config_free(&cfg);
}

static void test_parse_size(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        size_t out;
    } good[] = {
        {"0", 0},
        {"1", 1},
        {"123", 123},
        {"64k", 64 << 10},
        {"64K", 64 << 10},
        {"64kb", 64 << 10},
        {"64KB", 64 << 10},
        {"16m", 16u << 20},
        {"16M", 16u << 20},
        {"1g", 1u << 30},
        {"3G", 3ull << 30},
        {"007", 7},
        {"18446744073709551615", SIZE_MAX},
        {"17179869183g", (size_t)17179869183u << 30},
    };
    for (size_t i = 0; i < OC_ARRAY_LEN(good); i++) {
        size_t out = 99;
        assert_int_equal(oc_parse_size(good[i].in, &out), 0);
        assert_int_equal(out, good[i].out);
    }
    static const char *const bad[] = {
        "",
        "k",
        "-1",
        "+1",
        " 1",
        "1 ",
        "1.5m",
        "1t",
        "1kk",
        "1kbb",
        "0x10",
        "1e3",
        "18446744073709551616", /* overflows u64 */
        "17179869184g",         /* overflows size_t after the shift */
        "18014398509481984k",
    };
    for (size_t i = 0; i < OC_ARRAY_LEN(bad); i++) {
        size_t out = 99;
        assert_int_equal(oc_parse_size(bad[i], &out), OC_EINVAL);
        assert_int_equal(out, 99); /* untouched */
    }
}

static void test_invalid_environment_values(void **state)
{
    (void)state;
    static const struct {
        const char *env, *value, *message;
    } cases[] = {
        {"PORT", "65536", "invalid value for PORT: \"65536\"\n"},
        {"PORT", "-1", "invalid value for PORT: \"-1\"\n"},
        {"PORT", "80x", "invalid value for PORT: \"80x\"\n"},
        {"PORT", "", "invalid value for PORT: \"\"\n"},
        {"OPENCHAT_MAX_CONNECTIONS", "4294967296",
         "invalid value for OPENCHAT_MAX_CONNECTIONS: \"4294967296\"\n"},
        {"OPENCHAT_MAX_BODY", "1x", "invalid value for OPENCHAT_MAX_BODY: \"1x\"\n"},
        {"OPENCHAT_PING_INTERVAL_MS", " 5",
         "invalid value for OPENCHAT_PING_INTERVAL_MS: \" 5\"\n"},
        {"LOG_LEVEL", "verbose", "invalid value for LOG_LEVEL: \"verbose\"\n"},
    };
    for (size_t i = 0; i < OC_ARRAY_LEN(cases); i++) {
        unset_all();
        setenv(cases[i].env, cases[i].value, 1);
        capture_reset();
        oc_config_t cfg;
        assert_int_equal(load(&cfg, NO_ARGS), OC_EINVAL);
        assert_non_null(cap.err_text);
        assert_memory_equal(cap.err_text, cases[i].message, strlen(cases[i].message));
        oc_config_free(&cfg); /* a failed load may hold strings already */
    }
}

static void test_invalid_flag_values(void **state)
{
    (void)state;
    oc_config_t cfg;
    assert_int_equal(load(&cfg, ARGV("--port=70000")), OC_EINVAL);
    assert_err("invalid value for --port: \"70000\"\n");
    oc_config_free(&cfg);

    capture_reset();
    assert_int_equal(load(&cfg, ARGV("--output-hard-limit", "lots")), OC_EINVAL);
    assert_err("invalid value for --output-hard-limit: \"lots\"\n");
    oc_config_free(&cfg);

    capture_reset();
    assert_int_equal(load(&cfg, ARGV("--log-level=loud")), OC_EINVAL);
    assert_err("invalid value for --log-level: \"loud\"\n");
    oc_config_free(&cfg);

    /* A bad flag value is reported even when the environment had a good one. */
    setenv("OPENCHAT_IDLE_TIMEOUT_MS", "5", 1);
    capture_reset();
    assert_int_equal(load(&cfg, ARGV("--idle-timeout-ms", "5s")), OC_EINVAL);
    assert_err("invalid value for --idle-timeout-ms: \"5s\"\n");
    oc_config_free(&cfg);
}

static void test_unknown_missing_and_stray_arguments(void **state)
{
    (void)state;
    oc_config_t cfg;
    assert_int_equal(load(&cfg, ARGV("--prot", "80")), OC_EINVAL);
    assert_err("unknown flag \"--prot\" (see --help)\n");
    oc_config_free(&cfg);

    capture_reset();
    assert_int_equal(load(&cfg, ARGV("--prot=80")), OC_EINVAL);
    assert_err("unknown flag \"--prot\" (see --help)\n");
    oc_config_free(&cfg);

    /* A prefix of a flag is not the flag. */
    capture_reset();
    assert_int_equal(load(&cfg, ARGV("--po=1")), OC_EINVAL);
    assert_err("unknown flag \"--po\" (see --help)\n");
    oc_config_free(&cfg);

    capture_reset();
    assert_int_equal(load(&cfg, ARGV("--port")), OC_EINVAL);
    assert_err("flag --port needs a value\n");
    oc_config_free(&cfg);

    /* A forgotten value is not taken from the next flag. */
    capture_reset();
    assert_int_equal(load(&cfg, ARGV("--host", "--port", "80")), OC_EINVAL);
    assert_err("flag --host needs a value\n");
    oc_config_free(&cfg);

    capture_reset();
    assert_int_equal(load(&cfg, ARGV("serve")), OC_EINVAL);
    assert_err("unexpected argument \"serve\" (see --help)\n");
    oc_config_free(&cfg);

    capture_reset();
    assert_int_equal(load(&cfg, ARGV("-p", "80")), OC_EINVAL);
    assert_err("unexpected argument \"-p\" (see --help)\n");
    oc_config_free(&cfg);
    assert_int_equal(cap.out_len, 0);
}

static void test_cross_checks(void **state)
{
    (void)state;
    oc_config_t cfg;
    assert_int_equal(load(&cfg, ARGV("--output-soft-limit", "17m")), OC_EINVAL);
    assert_err("output soft limit must not exceed the hard limit\n");
    oc_config_free(&cfg);

    capture_reset();
    assert_int_equal(load(&cfg, ARGV("--output-soft-limit=1k", "--output-hard-limit=1k")), 0);
    oc_config_free(&cfg);

    capture_reset();
    assert_int_equal(load(&cfg, ARGV("--ping-interval-ms", "0")), OC_EINVAL);
    assert_err("ping interval and ping timeout must be positive\n");
    oc_config_free(&cfg);

    capture_reset();
    setenv("OPENCHAT_PING_TIMEOUT_MS", "0", 1);
    assert_int_equal(load(&cfg, NO_ARGS), OC_EINVAL);
    assert_err("ping interval and ping timeout must be positive\n");
    oc_config_free(&cfg);
}

static void test_help_lists_every_setting(void **state)
{
    (void)state;
    oc_config_t cfg;
    /* --help wins over a later bad flag: nothing after it is parsed. */
    assert_int_equal(load(&cfg, ARGV("--port", "1", "--help", "--bogus")), 1);
    oc_config_free(&cfg);
    assert_int_equal(cap.err_len, 0);
    const char *text = cap.out_text;
    assert_non_null(text);
    assert_memory_equal(text, "Usage: openchat [--flag value ...]\n", 35);
    for (size_t i = 0; i < OC_ARRAY_LEN(options); i++) {
        char flag[64];
        snprintf(flag, sizeof(flag), " --%s ", options[i].flag);
        if (strstr(text, flag) == NULL)
            fail_msg("--help does not list %s", flag);
        char env[64];
        snprintf(env, sizeof(env), " %s ", options[i].env);
        if (strstr(text, env) == NULL)
            fail_msg("--help does not list %s", env);
        if (strstr(text, options[i].help) == NULL)
            fail_msg("--help lacks the text for --%s", options[i].flag);
    }
    /* The variables the documentation promises, spelled out. */
    static const char *const documented[] = {
        "HOST",
        "PORT",
        "DATA_DIR",
        "WEB_ROOT",
        "LOG_LEVEL",
        "OPENCHAT_ALLOWED_ORIGINS",
        "OPENCHAT_MAX_CONNECTIONS",
        "OPENCHAT_OUTPUT_HARD_LIMIT",
        "OPENCHAT_RECOVERY_WINDOW_MS",
    };
    for (size_t i = 0; i < OC_ARRAY_LEN(documented); i++)
        assert_non_null(strstr(text, documented[i]));
    /* One line per option, plus usage, blank, two lines of prose, blank, column titles, and
     * blank, --help and --version at the end. */
    size_t lines = 0;
    for (const char *p = text; *p; p++)
        lines += *p == '\n';
    assert_int_equal(lines, 6 + OC_ARRAY_LEN(options) + 3);
    assert_non_null(strstr(text, "\n  --allowed-origins        OPENCHAT_ALLOWED_ORIGINS       "
                                 "(none)       comma-separated origins"));
    assert_non_null(strstr(text, "\n  --port                   PORT                           "
                                 "4000         TCP port for HTTP and WebSocket\n"));
    assert_non_null(strstr(text, "  --help                   print this text\n"));
    assert_non_null(strstr(text, "  --version                print the version\n"));

    /* -h is the same. */
    capture_reset();
    assert_int_equal(load(&cfg, ARGV("-h")), 1);
    oc_config_free(&cfg);
    assert_memory_equal(cap.out_text, "Usage: openchat ", 16);
}

static void test_version(void **state)
{
    (void)state;
    oc_config_t cfg;
    assert_int_equal(load(&cfg, ARGV("--version")), 1);
    oc_config_free(&cfg);
    assert_string_equal(cap.out_text, "openchat " OC_VERSION "\n");
    assert_int_equal(cap.err_len, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_defaults, setup, teardown),
        cmocka_unit_test_setup_teardown(test_every_environment_variable, setup, teardown),
        cmocka_unit_test_setup_teardown(test_every_flag, setup, teardown),
        cmocka_unit_test_setup_teardown(test_flags_override_environment, setup, teardown),
        cmocka_unit_test_setup_teardown(test_parse_size, setup, teardown),
        cmocka_unit_test_setup_teardown(test_invalid_environment_values, setup, teardown),
        cmocka_unit_test_setup_teardown(test_invalid_flag_values, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_missing_and_stray_arguments, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cross_checks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_help_lists_every_setting, setup, teardown),
        cmocka_unit_test_setup_teardown(test_version, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
