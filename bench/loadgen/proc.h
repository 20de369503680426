/* Reads what the benchmark reports about a process from /proc: CPU split into user and
 * kernel time, write and read system calls, resident memory. Linux only, like the benchmark.
 * It samples; the caller takes differences over its measurement window. */
#ifndef LG_PROC_H
#define LG_PROC_H

#include <stdint.h>
#include <sys/types.h>

typedef struct lg_proc_sample {
    uint64_t user_us; /* utime, converted from clock ticks (10 ms each at CLK_TCK=100) */
    uint64_t sys_us;  /* stime */
    uint64_t syscw;   /* write-family system calls (write, writev), from /proc/PID/io */
    uint64_t syscr;   /* read-family system calls */
    uint64_t rss_kb;  /* VmRSS */
} lg_proc_sample_t;

/* Fills *out for pid. Returns 0, or -1 if the process is gone or /proc is unreadable (fields it
 * could not read stay 0). */
int lg_proc_sample(pid_t pid, lg_proc_sample_t *out);

/* This process's own CPU time in microseconds, all threads (getrusage). */
void lg_proc_self_cpu(uint64_t *user_us, uint64_t *sys_us);

#endif
