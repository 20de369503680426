/* What an uploaded file is, judged from its bytes alone.
 *
 * Attachments are served with the type found here, never with the type or name the client
 * gave: a page declared "image/png" is still text, and is served so a browser cannot run it.
 * The table is small on purpose (pictures, common audio and video, PDF, ZIP, UTF-8 text);
 * anything else is application/octet-stream. Pictures are recognised by images.h, the rest
 * by their signatures. Pure functions; no I/O. */
#ifndef OC_DOMAIN_FILE_TYPES_H
#define OC_DOMAIN_FILE_TYPES_H

#include <stdbool.h>
#include <stddef.h>

/* The media type of bytes[0..len): "image/png", "image/jpeg", "image/gif", "image/webp",
 * "video/mp4", "audio/mp4", "video/webm", "audio/ogg", "video/ogg", "audio/mpeg",
 * "audio/wav", "application/pdf", "application/zip", "text/plain" (valid UTF-8 without NUL),
 * or "application/octet-stream". The result is static. */
const char *oc_file_type_sniff(const void *bytes, size_t len);

/* True for the types a browser may show in the page (pictures, audio, video); everything else
 * is served as a download. */
bool oc_file_type_inline(const char *mime);

#endif
