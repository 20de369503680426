/* Immutable, reference-counted bytes shared by many write queues.
 *
 * A broadcast is encoded once into a frame (WebSocket header + Engine.IO packet) and every
 * recipient's write queue holds a reference, so fan-out to N connections costs N pointer
 * copies, not N encodings. Frames live on the single loop thread: plain integer counts, no
 * atomics. A frame is never changed after it has been handed out.
 *
 *   +-------+-----+----------------+
 *   | refs  | len | ws_hdr binary  |  data[0 .. ws_hdr)    WebSocket frame header (may be 0)
 *   +-------+-----+----------------+  data[ws_hdr .. len)  payload (Engine.IO packet bytes)
 */
#ifndef OC_CORE_FRAME_H
#define OC_CORE_FRAME_H

#include <stddef.h>
#include <stdint.h>

typedef struct oc_frame {
    uint32_t refs;
    uint32_t len;   /* bytes in data, header included */
    uint8_t ws_hdr; /* leading bytes of data that are the WebSocket header */
    uint8_t binary; /* the payload is binary (long-polling must base64 it) */
    char data[];
} oc_frame_t;

/* A frame of `len` bytes with one reference, owned by the caller, who fills data before
 * sharing it. ws_hdr and binary start at 0. */
oc_frame_t *oc_frame_new(size_t len);
/* A frame holding a copy of the bytes, not WebSocket-framed. */
oc_frame_t *oc_frame_from(const void *data, size_t len);

static inline oc_frame_t *oc_frame_ref(oc_frame_t *f)
{
    f->refs++;
    return f;
}

/* Drops one reference; frees the frame with the last one. NULL-safe. */
void oc_frame_unref(oc_frame_t *f);

static inline const char *oc_frame_payload(const oc_frame_t *f)
{
    return f->data + f->ws_hdr;
}

static inline size_t oc_frame_payload_len(const oc_frame_t *f)
{
    return f->len - f->ws_hdr;
}

/* Frames alive right now, for the metrics page and leak tests. */
uint64_t oc_frame_live_count(void);

#endif
