/* WebSocket handshake key and digest: see handshake.h.
 *
 * SHA-1 comes from libcrypto's EVP interface (the low-level SHA1() is deprecated in
 * OpenSSL 3), and EVP_EncodeBlock does the base64 so this file has no dependency on our own
 * base64 module. SHA-1 is fine here: the digest only proves the server understood the
 * request, it protects nothing. */
#include "ws/handshake.h"

#include "core/alloc.h"

#include <openssl/evp.h>
#include <string.h>

static const char ws_guid[] = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

void oc_ws_accept_key(const char *client_key, size_t key_len, char out[29])
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digest_len = 0;
    EVP_MD_CTX *md = EVP_MD_CTX_new();

    /* Only allocation can fail here, and the rest of the server treats that as fatal. */
    if (md == NULL || !EVP_DigestInit_ex(md, EVP_sha1(), NULL) ||
        !EVP_DigestUpdate(md, client_key, key_len) ||
        !EVP_DigestUpdate(md, ws_guid, sizeof(ws_guid) - 1) ||
        !EVP_DigestFinal_ex(md, digest, &digest_len))
        oc_panic(__FILE__, __LINE__, "SHA-1 failed in libcrypto");
    EVP_MD_CTX_free(md);
    oc_assert(digest_len == 20);
    /* 20 bytes encode to 28 characters; EVP_EncodeBlock adds the NUL. */
    EVP_EncodeBlock((unsigned char *)out, digest, (int)digest_len);
}

static bool base64_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
           c == '/';
}

bool oc_ws_key_valid(const char *key, size_t len)
{
    if (len != 24 || key[22] != '=' || key[23] != '=')
        return false;
    for (size_t i = 0; i < 22; i++) {
        if (!base64_char(key[i]))
            return false;
    }
    /* 22 characters carry 132 bits for 128 bits of nonce: canonical encoders leave the last
     * character's low 4 bits zero, which only 'A', 'Q', 'g' and 'w' do. */
    return strchr("AQgw", key[21]) != NULL;
}
