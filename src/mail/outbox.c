/* The outbox delivery: each message becomes an RFC 5322 .eml file in <DATA_DIR>/outbox/, for
 * development and for servers that have no SMTP relay. The log names the file and the link
 * it holds, so a developer can open the link from the terminal. Nothing reads the folder
 * back: it is for people (and mail clients, which open .eml files). */
#include "mail/mail_internal.h"

#include "core/errors.h"
#include "core/log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -errno;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* On a pool thread. The message is written under a temporary name and renamed, so whoever
 * watches the folder never sees half a file. */
static void deliver(oc__mail_job_t *job)
{
    const char *dir = job->mailer->target;
    char path[4096], tmp[4200];
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
        job->status = -errno;
        snprintf(job->detail, sizeof(job->detail), "cannot create %s: %s", dir,
                 oc_strerror(job->status));
        return;
    }
    snprintf(path, sizeof(path), "%s/%lld-%.16s.eml", dir, (long long)job->queued_ms, job->id);
    snprintf(tmp, sizeof(tmp), "%s.tmp", path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    int rc = fd < 0 ? -errno : write_all(fd, job->message.data, job->message.len);
    if (fd >= 0 && close(fd) != 0 && rc == 0)
        rc = -errno;
    if (rc == 0 && rename(tmp, path) != 0)
        rc = -errno;
    if (rc != 0) {
        if (fd >= 0)
            unlink(tmp);
        job->status = rc;
        snprintf(job->detail, sizeof(job->detail), "cannot write %s: %s", path, oc_strerror(rc));
        return;
    }
    job->status = 0;
    snprintf(job->detail, sizeof(job->detail), "%s", path);
}

static void report(const oc__mail_job_t *job)
{
    if (job->status != 0) {
        oc_log_error("mail", "mail to %s lost: %s", job->to, job->detail);
        return;
    }
    if (job->link != NULL)
        oc_log_info("mail", "mail to %s written to %s; its link: %s", job->to, job->detail,
                    job->link);
    else
        oc_log_info("mail", "mail to %s written to %s", job->to, job->detail);
}

const oc__mail_ops_t oc__mail_outbox_ops = {"outbox", deliver, report};
