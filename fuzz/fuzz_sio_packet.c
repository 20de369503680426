/* libFuzzer harness for the Socket.IO packet decoder (src/rt/sio_packet.c).
 *
 * Decodes the input; if it is accepted, checks that every slice lies inside the input, then
 * writes the packet back (oc_sio_encode_head + the payload) and decodes that: the fields must
 * come out the same. The placeholder helpers run on the raw input too. */
#include "rt/sio_packet.h"

#include "core/alloc.h"
#include "core/errors.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool inside(const char *ptr, size_t len, const char *base, size_t size)
{
    return ptr >= base && len <= size && ptr - base <= (ptrdiff_t)(size - len);
}

static void check_fields(const oc_sio_packet_t *p, const char *in, size_t size)
{
    bool binary = p->type == OC_SIO_BINARY_EVENT || p->type == OC_SIO_BINARY_ACK;
    oc_assert(p->type <= OC_SIO_BINARY_ACK);
    if (binary)
        oc_assert(p->attachments >= 1 && p->attachments <= OC_SIO_MAX_ATTACHMENTS);
    else
        oc_assert(p->attachments == 0);

    oc_assert(p->nsp_len >= 1 && p->nsp_len <= OC_SIO_MAX_NSP_LEN && p->nsp[0] == '/');
    /* Either borrowed from the input or the static "/" of an absent namespace. */
    oc_assert(p->nsp_len == 1 || inside(p->nsp, p->nsp_len, in, size));
    oc_assert(memchr(p->nsp, ',', p->nsp_len) == NULL);
    oc_assert(p->id >= -1 && p->id < INT64_C(1000000000000000));

    if (p->data == NULL) {
        oc_assert(p->data_len == 0 && p->argc == 0);
        oc_assert(p->type == OC_SIO_CONNECT || p->type == OC_SIO_DISCONNECT);
        return;
    }
    oc_assert(p->data_len > 0 && inside(p->data, p->data_len, in, size));
    oc_assert(oc_json_validate(p->data, p->data_len, NULL) == 0);
    oc_assert(p->type != OC_SIO_DISCONNECT);
    if (p->type == OC_SIO_CONNECT || p->type == OC_SIO_CONNECT_ERROR)
        oc_assert(p->argc == 0);
    if (p->type == OC_SIO_EVENT || p->type == OC_SIO_BINARY_EVENT)
        oc_assert(p->argc >= 1);
    for (size_t i = 0; i < p->argc && i < OC_SIO_MAX_ARGS; i++) {
        const oc_json_slice_t *a = &p->argv[i];
        oc_assert(a->len > 0 && a->ptr > p->data && a->ptr + a->len < p->data + p->data_len);
        oc_assert(a->type != OC_JSON_NONE);
        int num = oc_sio_placeholder_num(a);
        oc_assert(num >= -1);
    }
    if (binary)
        oc_assert(oc_sio_placeholders_check(p->data, p->data_len) == (int)p->attachments);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *in = (const char *)data;

    int n = oc_sio_placeholders_check(in, size);
    oc_assert(n == OC_EPROTO || (n >= 0 && n <= OC_SIO_MAX_ATTACHMENTS));

    oc_sio_packet_t p;
    int rc = oc_sio_decode(in, size, &p);
    oc_assert(rc == 0 || rc == OC_EPROTO);
    if (rc != 0)
        return 0;
    check_fields(&p, in, size);

    oc_buf_t out = OC_BUF_INIT;
    oc_sio_encode_head(&out, p.type, p.attachments, p.nsp, p.nsp_len, p.id);
    oc_buf_append(&out, p.data, p.data_len);
    oc_sio_packet_t q;
    oc_assert(oc_sio_decode(out.data, out.len, &q) == 0);
    check_fields(&q, out.data, out.len);

    oc_assert(q.type == p.type && q.attachments == p.attachments && q.id == p.id);
    oc_assert(q.nsp_len == p.nsp_len && memcmp(q.nsp, p.nsp, p.nsp_len) == 0);
    oc_assert(q.data_len == p.data_len &&
              (p.data_len == 0 || memcmp(q.data, p.data, p.data_len) == 0));
    oc_assert(q.argc == p.argc);
    for (size_t i = 0; i < p.argc && i < OC_SIO_MAX_ARGS; i++) {
        oc_assert(q.argv[i].type == p.argv[i].type && q.argv[i].len == p.argv[i].len);
        oc_assert(q.argv[i].ptr - q.data == p.argv[i].ptr - p.data);
    }
    oc_buf_free(&out);
    return 0;
}
