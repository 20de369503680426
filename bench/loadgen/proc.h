/* Reads what the benchmark reports about a process from /proc: CPU split into user and
 * kernel time, write and read system calls, resident memory, and the time its threads spent
 * runnable but waiting for a CPU, which says how much other load disturbed a measurement.
 * Linux only, like the benchmark.
 * It samples; the caller takes differences over its measurement window. */
#ifndef LG_PROC_H
#define LG_PROC_H

#include <stdint.h>
#include <sys/types.h>

typedef struct lg_proc_sample {
    uint64_t user_us;      /* utime, converted from clock ticks (10 ms each at CLK_TCK=100) */
    uint64_t sys_us;       /* stime */
    uint64_t syscw;        /* write-family system calls (write, writev), from /proc/PID/io */
    uint64_t syscr;        /* read-family system calls */
    uint64_t rss_kb;       /* VmRSS */
    uint64_t runq_wait_us; /* all threads' run-queue wait, /proc/PID/task/TID/schedstat */
} lg_proc_sample_t;

/* Fills *out for pid. Returns 0, or -1 if the process is gone or /proc is unreadable (fields it
 * could not read stay 0). */
int lg_proc_sample(pid_t pid, lg_proc_sample_t *out);

/* Microseconds that pid's threads have spent runnable but waiting for a CPU, all threads. */
uint64_t lg_proc_runq_wait_us(pid_t pid);

/* This process's own CPU time in microseconds, all threads (getrusage). */
void lg_proc_self_cpu(uint64_t *user_us, uint64_t *sys_us);

#endif
