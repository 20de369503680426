/* Files under a data folder, off the loop thread: see files.h.
 *
 * One thread-pool job per operation: a batch of removals is one job, not one per file, so a
 * clean-up of many abandoned uploads takes one pool thread for a moment instead of all four. */
#include "store/files.h"

#include "core/alloc.h"
#include "core/errors.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

bool oc_files_name_ok(const char *name)
{
    return name != NULL && name[0] != '\0' && name[0] != '.' && strpbrk(name, "/\\") == NULL;
}

static bool join(char *out, size_t cap, const char *folder, const char *name)
{
    int n = snprintf(out, cap, "%s/%s", folder, name);
    return n > 0 && (size_t)n < cap;
}

static int sys_error(void)
{
    return uv_translate_sys_error(errno);
}

/* ---- writing --------------------------------------------------------------------------- */

typedef struct write_job {
    uv_work_t work;
    char *folder;
    char *name;
    const char *bytes;
    size_t len;
    oc_files_inspect_fn inspect;
    oc_files_done_fn cb;
    void *arg;
    int status;
} write_job_t;

static int write_all(int fd, const char *p, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return sys_error();
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

static void write_work(uv_work_t *w)
{
    write_job_t *job = w->data;
    if (job->inspect != NULL)
        job->inspect(job->bytes, job->len, job->arg);
    char path[PATH_MAX];
    if (!join(path, sizeof(path), job->folder, job->name)) {
        job->status = UV_ENAMETOOLONG;
        return;
    }
    if (mkdir(job->folder, 0700) != 0 && errno != EEXIST) {
        job->status = sys_error();
        return;
    }
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
        job->status = sys_error();
        return;
    }
    int rc = write_all(fd, job->bytes, job->len);
    if (rc == 0 && fsync(fd) != 0)
        rc = sys_error();
    if (close(fd) != 0 && rc == 0)
        rc = sys_error();
    if (rc != 0)
        unlink(path);
    job->status = rc;
}

static void write_done(uv_work_t *w, int status)
{
    write_job_t *job = w->data;
    job->cb(status != 0 ? status : job->status, job->arg);
    free(job->folder);
    free(job->name);
    free(job);
}

int oc_files_write(uv_loop_t *loop, const char *folder, const char *name, const void *bytes,
                   size_t len, oc_files_inspect_fn inspect, oc_files_done_fn cb, void *arg)
{
    if (!oc_files_name_ok(name))
        return OC_EINVAL;
    write_job_t *job = oc_xcalloc(1, sizeof(*job));
    job->folder = oc_xstrdup(folder);
    job->name = oc_xstrdup(name);
    job->bytes = bytes;
    job->len = len;
    job->inspect = inspect;
    job->cb = cb;
    job->arg = arg;
    job->work.data = job;
    int rc = uv_queue_work(loop, &job->work, write_work, write_done);
    if (rc != 0) {
        free(job->folder);
        free(job->name);
        free(job);
    }
    return rc;
}

/* ---- reading --------------------------------------------------------------------------- */

typedef struct read_job {
    uv_work_t work;
    char path[PATH_MAX];
    size_t max;
    oc_files_read_fn cb;
    void *arg;
    int status;
    oc_frame_t *frame;
} read_job_t;

static void read_work(uv_work_t *w)
{
    read_job_t *job = w->data;
    int fd = open(job->path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        job->status = sys_error();
        if (job->status == UV_ELOOP)
            job->status = OC_ENOENT; /* a link planted in the folder is not ours */
        if (fd >= 0)
            close(fd);
        return;
    }
    if (!S_ISREG(st.st_mode)) {
        job->status = OC_ENOENT;
    } else if ((uint64_t)st.st_size > job->max) {
        job->status = OC_E2BIG;
    } else {
        size_t size = (size_t)st.st_size, got = 0;
        oc_frame_t *f = oc_frame_new(size);
        while (got < size) {
            ssize_t n = read(fd, f->data + got, size - got);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                break;
            got += (size_t)n;
        }
        if (got != size) {
            oc_frame_unref(f); /* not shared yet: dropping it here is safe */
            job->status = UV_EIO;
        } else {
            job->frame = f;
        }
    }
    close(fd);
}

static void read_done(uv_work_t *w, int status)
{
    read_job_t *job = w->data;
    if (status == 0)
        status = job->status;
    if (status != 0) {
        oc_frame_unref(job->frame);
        job->cb(status, NULL, job->arg);
    } else {
        job->cb(0, job->frame, job->arg);
    }
    free(job);
}

int oc_files_read(uv_loop_t *loop, const char *folder, const char *name, size_t max,
                  oc_files_read_fn cb, void *arg)
{
    read_job_t *job = oc_xcalloc(1, sizeof(*job));
    if (!oc_files_name_ok(name) || !join(job->path, sizeof(job->path), folder, name) ||
        max > UINT32_MAX) {
        free(job);
        return OC_EINVAL;
    }
    job->max = max;
    job->cb = cb;
    job->arg = arg;
    job->work.data = job;
    int rc = uv_queue_work(loop, &job->work, read_work, read_done);
    if (rc != 0)
        free(job);
    return rc;
}

/* ---- removing -------------------------------------------------------------------------- */

typedef struct remove_job {
    uv_work_t work;
    char *folder;
    char **names;
    size_t n;
    oc_files_done_fn cb;
    void *arg;
    int status;
} remove_job_t;

static void remove_job_free(remove_job_t *job)
{
    for (size_t i = 0; i < job->n; i++)
        free(job->names[i]);
    free(job->names);
    free(job->folder);
    free(job);
}

static void remove_work(uv_work_t *w)
{
    remove_job_t *job = w->data;
    for (size_t i = 0; i < job->n; i++) {
        char path[PATH_MAX];
        int rc = 0;
        if (!oc_files_name_ok(job->names[i]) ||
            !join(path, sizeof(path), job->folder, job->names[i]))
            rc = OC_EINVAL;
        else if (unlink(path) != 0 && errno != ENOENT)
            rc = sys_error();
        if (rc != 0 && job->status == 0)
            job->status = rc;
    }
}

static void remove_done(uv_work_t *w, int status)
{
    remove_job_t *job = w->data;
    if (job->cb != NULL)
        job->cb(status != 0 ? status : job->status, job->arg);
    remove_job_free(job);
}

int oc_files_remove(uv_loop_t *loop, const char *folder, char **names, size_t n,
                    oc_files_done_fn cb, void *arg)
{
    remove_job_t *job = oc_xcalloc(1, sizeof(*job));
    job->folder = oc_xstrdup(folder);
    job->names = names;
    job->n = n;
    job->cb = cb;
    job->arg = arg;
    job->work.data = job;
    int rc = uv_queue_work(loop, &job->work, remove_work, remove_done);
    if (rc != 0)
        remove_job_free(job);
    return rc;
}
