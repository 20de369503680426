/* libFuzzer harness for the Engine.IO long-polling body iterator (src/rt/eio_packet.c).
 *
 * Walks a body to its end and checks what every packet may point at: text packets borrow the
 * body, binary ones the scratch buffer. A body that decodes without error must re-encode to
 * exactly the same bytes, because the strict base64 decoder admits one spelling per value.
 * The same bytes also go through the WebSocket text decoder. */
#include "rt/eio_packet.h"

#include "core/alloc.h"
#include "core/base64.h"
#include "core/errors.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *body = (const char *)data;
    oc_eio_packet_t p;

    int text_rc = oc_eio_decode_text(body, size, &p);
    oc_assert(text_rc == 0 || text_rc == OC_EPROTO);
    if (text_rc == 0) {
        oc_assert(p.type <= OC_EIO_NOOP && !p.binary);
        oc_assert(p.data == body + 1 && p.len == size - 1);
    }

    oc_eio_payload_iter_t it;
    oc_buf_t scratch = OC_BUF_INIT;
    oc_buf_t again = OC_BUF_INIT;
    size_t packets = 0;
    int rc;
    oc_eio_payload_iter_init(&it, body, size);
    while ((rc = oc_eio_payload_next(&it, &p, &scratch)) == 1) {
        oc_assert(++packets <= size);
        oc_assert(p.type <= OC_EIO_NOOP);
        if (packets > 1)
            oc_buf_append_char(&again, OC_EIO_SEPARATOR);
        if (p.binary) {
            oc_assert(p.type == OC_EIO_MESSAGE);
            oc_assert(p.data == scratch.data && p.len == scratch.len && p.len <= size);
            oc_buf_append_char(&again, 'b');
            oc_buf_reserve(&again, oc_base64_encoded_len(p.len));
            again.len += oc_base64_encode(p.data, p.len, again.data + again.len);
        } else {
            oc_assert(p.data > body && p.data + p.len <= body + size);
            oc_assert(p.data[-1] == (char)('0' + p.type));
            oc_assert(p.len == 0 || memchr(p.data, OC_EIO_SEPARATOR, p.len) == NULL);
            oc_buf_append_char(&again, (char)('0' + p.type));
            oc_buf_append(&again, p.data, p.len);
        }
    }
    oc_assert(rc == 0 || rc == OC_EPROTO);
    oc_assert(it.done);
    oc_assert(oc_eio_payload_next(&it, &p, &scratch) == rc);
    if (rc == 0) {
        oc_assert(packets > 0);
        oc_assert(again.len == size && memcmp(again.data, body, size) == 0);
    }
    oc_buf_free(&again);
    oc_buf_free(&scratch);
    return 0;
}
