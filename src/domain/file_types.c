/* File types by content: see file_types.h.
 *
 * Each check is a signature plus just enough structure that a text file starting with the
 * same few letters is not mistaken for it; when in doubt the answer is the safe one,
 * application/octet-stream (always a download). */
#include "domain/file_types.h"

#include "core/utf8.h"
#include "domain/images.h"

#include <stdint.h>
#include <string.h>

static const char OCTET[] = "application/octet-stream";

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* ISO base media (MP4): an "ftyp" box first, whose major brand says what it holds. Brands of
 * pictures (HEIF, AVIF) and QuickTime are left out: they are not in the table. */
static const char *iso_media(const uint8_t *p, size_t n)
{
    if (n < 16 || memcmp(p + 4, "ftyp", 4) != 0)
        return NULL;
    uint32_t box = be32(p);
    if (box < 16 || box > n || box > 4096)
        return NULL;
    static const char *const video[] = {"isom", "iso2", "iso3", "iso4", "iso5", "iso6", "mp41",
                                        "mp42", "avc1", "dash", "M4V ", "mmp4", "MSNV", "f4v "};
    for (size_t i = 0; i < sizeof(video) / sizeof(video[0]); i++)
        if (memcmp(p + 8, video[i], 4) == 0)
            return "video/mp4";
    if (memcmp(p + 8, "M4A ", 4) == 0 || memcmp(p + 8, "M4B ", 4) == 0)
        return "audio/mp4";
    return NULL;
}

/* WebM: an EBML header whose DocType is "webm" (plain Matroska is not in the table). */
static const char *webm(const uint8_t *p, size_t n)
{
    static const uint8_t ebml[4] = {0x1A, 0x45, 0xDF, 0xA3};
    static const uint8_t doctype[7] = {0x42, 0x82, 0x84, 'w', 'e', 'b', 'm'};
    if (n < 4 + sizeof(doctype) || memcmp(p, ebml, 4) != 0)
        return NULL;
    size_t scan = n < 64 ? n : 64;
    for (size_t i = 4; i + sizeof(doctype) <= scan; i++)
        if (memcmp(p + i, doctype, sizeof(doctype)) == 0)
            return "video/webm";
    return NULL;
}

/* Ogg: the first page, and the codec its first packet names. */
static const char *ogg(const uint8_t *p, size_t n)
{
    if (n < 27 || memcmp(p, "OggS", 4) != 0 || p[4] != 0)
        return NULL;
    size_t at = 27 + (size_t)p[26]; /* after the segment table */
    if (n < at + 8)
        return NULL;
    const uint8_t *pk = p + at;
    if (memcmp(pk, "\x01vorbis", 7) == 0 || memcmp(pk, "OpusHead", 8) == 0 ||
        memcmp(pk, "\177FLAC", 5) == 0 || memcmp(pk, "Speex   ", 8) == 0)
        return "audio/ogg";
    if (memcmp(pk, "\x80theora", 7) == 0)
        return "video/ogg";
    return NULL;
}

/* The length of the MPEG audio Layer III frame whose header is at p, or 0 if it is not one. */
static size_t mp3_frame(const uint8_t *p)
{
    static const uint16_t rate1[16] = {0,   32,  40,  48,  56,  64,  80, 96,
                                       112, 128, 160, 192, 224, 256, 320};
    static const uint16_t rate2[16] = {0,  8,  16, 24,  32,  40,  48, 56,
                                       64, 80, 96, 112, 128, 144, 160};
    static const uint32_t hz[3] = {44100, 48000, 32000};
    if (p[0] != 0xFF || (p[1] & 0xE0) != 0xE0)
        return 0;
    unsigned version = (p[1] >> 3) & 3, layer = (p[1] >> 1) & 3;
    unsigned bitrate = p[2] >> 4, srate = (p[2] >> 2) & 3, pad = (p[2] >> 1) & 1;
    if (version == 1 || layer != 1 || bitrate == 0 || bitrate == 15 || srate == 3)
        return 0;
    uint32_t sr = hz[srate] >> (version == 3 ? 0 : version == 2 ? 1 : 2);
    uint32_t kbps = version == 3 ? rate1[bitrate] : rate2[bitrate];
    return (version == 3 ? 144000u : 72000u) * kbps / sr + pad;
}

/* MP3: an ID3v2 tag, or a frame followed by another frame (or by the end of the file). */
static const char *mp3(const uint8_t *p, size_t n)
{
    if (n >= 10 && memcmp(p, "ID3", 3) == 0 && p[3] >= 2 && p[3] <= 4 && p[4] != 0xFF &&
        (p[6] | p[7] | p[8] | p[9]) < 0x80)
        return "audio/mpeg";
    if (n < 4)
        return NULL;
    size_t len = mp3_frame(p);
    if (len < 4 || len > n)
        return NULL;
    if (len == n || (n - len >= 4 && mp3_frame(p + len) != 0))
        return "audio/mpeg";
    return NULL;
}

const char *oc_file_type_sniff(const void *bytes, size_t len)
{
    const uint8_t *p = bytes;
    if (p == NULL || len == 0)
        return OCTET;
    const oc_image_format_t *img = oc_image_sniff(p, len);
    if (img != NULL)
        return img->mime;
    const char *t;
    if ((t = iso_media(p, len)) != NULL || (t = webm(p, len)) != NULL ||
        (t = ogg(p, len)) != NULL || (t = mp3(p, len)) != NULL)
        return t;
    if (len >= 12 && memcmp(p, "RIFF", 4) == 0 && memcmp(p + 8, "WAVE", 4) == 0)
        return "audio/wav";
    if (len >= 5 && memcmp(p, "%PDF-", 5) == 0)
        return "application/pdf";
    if (len >= 4 && p[0] == 'P' && p[1] == 'K' &&
        ((p[2] == 3 && p[3] == 4) || (p[2] == 5 && p[3] == 6) || (p[2] == 7 && p[3] == 8)))
        return "application/zip";
    if (memchr(p, 0, len) == NULL && oc_utf8_valid(p, len))
        return "text/plain";
    return OCTET;
}

bool oc_file_type_inline(const char *mime)
{
    return strncmp(mime, "image/", 6) == 0 || strncmp(mime, "audio/", 6) == 0 ||
           strncmp(mime, "video/", 6) == 0;
}
