/* /proc sampling for the benchmark (see proc.h). Each call reads three small files with
 * plain stdio: it runs a few times per measurement window, never on a hot path. */
#include "proc.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

static int read_file(const char *path, char *buf, size_t cap)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    size_t n = fread(buf, 1, cap - 1, f);
    fclose(f);
    buf[n] = '\0';
    return 0;
}

/* utime and stime are fields 14 and 15 of /proc/PID/stat; the command name (field 2) may hold
 * spaces and parentheses, so counting starts after its last ')'. */
static int read_stat(pid_t pid, lg_proc_sample_t *out)
{
    char path[64], buf[2048];
    snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
    if (read_file(path, buf, sizeof(buf)) != 0)
        return -1;
    const char *p = strrchr(buf, ')');
    if (!p)
        return -1;
    unsigned long long utime = 0, stime = 0;
    /* After ')': field 3 (state) .. field 15 (stime). */
    if (sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &utime, &stime) !=
        2)
        return -1;
    long tck = sysconf(_SC_CLK_TCK);
    if (tck <= 0)
        tck = 100;
    out->user_us = utime * 1000000ULL / (unsigned long long)tck;
    out->sys_us = stime * 1000000ULL / (unsigned long long)tck;
    return 0;
}

static unsigned long long field_after(const char *buf, const char *key)
{
    const char *p = strstr(buf, key);
    unsigned long long v = 0;
    if (p)
        sscanf(p + strlen(key), " %llu", &v);
    return v;
}

/* The second field of each thread's schedstat is its time runnable but not running, in ns. A
 * process's own schedstat covers only its main thread, so threads are summed. */
uint64_t lg_proc_runq_wait_us(pid_t pid)
{
    char path[64], buf[256];
    snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
    DIR *dir = opendir(path);
    if (!dir)
        return 0;
    uint64_t sum_ns = 0;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char file[320];
        snprintf(file, sizeof(file), "/proc/%d/task/%s/schedstat", (int)pid, e->d_name);
        unsigned long long run_ns, wait_ns;
        if (read_file(file, buf, sizeof(buf)) == 0 &&
            sscanf(buf, "%llu %llu", &run_ns, &wait_ns) == 2)
            sum_ns += wait_ns;
    }
    closedir(dir);
    return sum_ns / 1000;
}

int lg_proc_sample(pid_t pid, lg_proc_sample_t *out)
{
    char path[64], buf[4096];
    memset(out, 0, sizeof(*out));
    int r = read_stat(pid, out);
    snprintf(path, sizeof(path), "/proc/%d/io", (int)pid);
    if (read_file(path, buf, sizeof(buf)) == 0) {
        out->syscw = field_after(buf, "syscw:");
        out->syscr = field_after(buf, "syscr:");
    }
    snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
    if (read_file(path, buf, sizeof(buf)) == 0)
        out->rss_kb = field_after(buf, "VmRSS:");
    out->runq_wait_us = lg_proc_runq_wait_us(pid);
    return r;
}

void lg_proc_self_cpu(uint64_t *user_us, uint64_t *sys_us)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    *user_us = (uint64_t)ru.ru_utime.tv_sec * 1000000 + (uint64_t)ru.ru_utime.tv_usec;
    *sys_us = (uint64_t)ru.ru_stime.tv_sec * 1000000 + (uint64_t)ru.ru_stime.tv_usec;
}
