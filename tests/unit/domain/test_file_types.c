/* Tests for src/domain/file_types.c: each type of the table from a real (minimal) file, the
 * near misses that must not pass for one (a page, text that starts like a signature, cut
 * headers), and which types may be shown inline. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/file_types.h"

#include <string.h>

#define SNIFF(lit) oc_file_type_sniff(lit, sizeof(lit) - 1)

/* A 1x1 PNG (the same bytes as test_images.c). */
static const unsigned char PNG[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
    0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00,
    0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78,
    0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0, 0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99,
    0x3d, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};

static void test_pictures(void **state)
{
    (void)state;
    assert_string_equal(oc_file_type_sniff(PNG, sizeof(PNG)), "image/png");
    /* A PNG signature on text is not a picture: the bytes are not valid UTF-8 either. */
    assert_string_equal(SNIFF("\x89PNG\r\n\x1a\nnot really"), "application/octet-stream");
    assert_string_equal(SNIFF("GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff\x2c"),
                        "image/gif");
}

static void test_audio_video(void **state)
{
    (void)state;
    assert_string_equal(SNIFF("\x00\x00\x00\x18"
                              "ftypmp42\x00\x00\x00\x00mp42isom"),
                        "video/mp4");
    assert_string_equal(SNIFF("\x00\x00\x00\x14"
                              "ftypisom\x00\x00\x02\x00isom"),
                        "video/mp4");
    assert_string_equal(SNIFF("\x00\x00\x00\x14"
                              "ftypM4A \x00\x00\x00\x00M4A "),
                        "audio/mp4");
    /* HEIF pictures and QuickTime are not in the table. */
    assert_string_equal(SNIFF("\x00\x00\x00\x14"
                              "ftypheic\x00\x00\x00\x00heic"),
                        "application/octet-stream");
    /* A box size beyond the file. */
    assert_string_equal(SNIFF("\x00\x00\x01\x00"
                              "ftypisom\x00\x00\x02\x00isom"),
                        "application/octet-stream");
    assert_string_equal(SNIFF("\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\x82"
                              "\x84webm\x42\x87\x81\x04"),
                        "video/webm");
    assert_string_equal(SNIFF("\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x88matroska"),
                        "application/octet-stream");
    static const char ogg[] = "OggS\x00\x02\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00"
                              "\x00\x00\x00\x00\x00\x00\x00\x00\x01\x13OpusHead\x01\x02";
    assert_string_equal(SNIFF(ogg), "audio/ogg");
    static const char theora[] = "OggS\x00\x02\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00"
                                 "\x00\x00\x00\x00\x00\x00\x00\x00\x01\x2a\x80theora\x03";
    assert_string_equal(SNIFF(theora), "video/ogg");
    assert_string_equal(SNIFF("OggS\x00 and some text here too"), "application/octet-stream");
    assert_string_equal(SNIFF("ID3\x04\x00\x00\x00\x00\x00\x00"), "audio/mpeg");
    assert_string_equal(SNIFF("ID3\x04\x00\x00\x00\x00\x80\x00"), "application/octet-stream");
    assert_string_equal(SNIFF("RIFF\x24\x00\x00\x00WAVEfmt "), "audio/wav");
}

static void test_mp3_frames(void **state)
{
    (void)state;
    /* MPEG-1 Layer III, 128 kbit/s, 44.1 kHz: 417-byte frames. */
    unsigned char two[417 + 4] = {0};
    static const unsigned char hdr[4] = {0xFF, 0xFB, 0x90, 0x64};
    memcpy(two, hdr, 4);
    memcpy(two + 417, hdr, 4);
    assert_string_equal(oc_file_type_sniff(two, sizeof(two)), "audio/mpeg");
    assert_string_equal(oc_file_type_sniff(two, 417), "audio/mpeg"); /* one whole frame */
    two[417] = 0;
    assert_string_equal(oc_file_type_sniff(two, sizeof(two)), "application/octet-stream");
    /* Layer I/II, a reserved version, a bad bitrate are not MP3 frames. */
    static const unsigned char layer2[4] = {0xFF, 0xFD, 0x90, 0x64};
    assert_string_equal(oc_file_type_sniff(layer2, 4), "application/octet-stream");
    static const unsigned char free_rate[4] = {0xFF, 0xFB, 0x00, 0x64};
    assert_string_equal(oc_file_type_sniff(free_rate, 4), "application/octet-stream");
}

static void test_documents_and_text(void **state)
{
    (void)state;
    assert_string_equal(SNIFF("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), "application/pdf");
    assert_string_equal(SNIFF("PK\x03\x04\x14\x00\x00\x00"), "application/zip");
    assert_string_equal(SNIFF("PK\x05\x06\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
                              "\x00\x00\x00\x00\x00"),
                        "application/zip");
    assert_string_equal(SNIFF("<!doctype html><script>alert(1)</script>"), "text/plain");
    assert_string_equal(SNIFF("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"), "text/plain");
    assert_string_equal(SNIFF("caf\xc3\xa9\n"), "text/plain");
    assert_string_equal(SNIFF("PK is text when it is just text"), "text/plain");
    assert_string_equal(SNIFF("a\x00"
                              "b"),
                        "application/octet-stream");
    assert_string_equal(SNIFF("caf\xe9"), "application/octet-stream");
    assert_string_equal(SNIFF("\xc3"), "application/octet-stream");
    assert_string_equal(oc_file_type_sniff("", 0), "application/octet-stream");
    assert_string_equal(oc_file_type_sniff(NULL, 0), "application/octet-stream");
}

static void test_inline(void **state)
{
    (void)state;
    assert_true(oc_file_type_inline("image/png"));
    assert_true(oc_file_type_inline("audio/ogg"));
    assert_true(oc_file_type_inline("video/mp4"));
    assert_false(oc_file_type_inline("text/plain"));
    assert_false(oc_file_type_inline("application/pdf"));
    assert_false(oc_file_type_inline("application/octet-stream"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pictures),   cmocka_unit_test(test_audio_video),
        cmocka_unit_test(test_mp3_frames), cmocka_unit_test(test_documents_and_text),
        cmocka_unit_test(test_inline),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
