#ifndef TRACTOK_COPENSSL_SHIM_H
#define TRACTOK_COPENSSL_SHIM_H
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/err.h>
#include <openssl/crypto.h>
#include <openssl/conf.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <openssl/provider.h>
#include <openssl/core_dispatch.h>
#include <openssl/core_names.h>
#include <openssl/params.h>
#include <string.h>

/* replaces the macro SSL_CTX_set_min_proto_version */
static inline int tk_ssl_ctx_set_min_proto_version(SSL_CTX *ctx, int version) {
  return (int)SSL_CTX_set_min_proto_version(ctx, version);
}
/* replaces the macro SSL_CTX_set_mode */
static inline long tk_ssl_ctx_set_mode(SSL_CTX *ctx, long mode) { return SSL_CTX_set_mode(ctx, mode); }
/* replaces the macro SSL_set_tlsext_host_name */
static inline int tk_ssl_set_tlsext_host_name(SSL *ssl, const char *name) {
  return (int)SSL_set_tlsext_host_name(ssl, name);
}

/* A provider cipher's functions, taken from its dispatch table (provider-cipher(7)): Swift
   cannot cast the table's untyped function pointers. */
typedef struct {
  OSSL_FUNC_cipher_newctx_fn *newctx;
  OSSL_FUNC_cipher_freectx_fn *freectx;
  OSSL_FUNC_cipher_encrypt_init_fn *encrypt_init;
  OSSL_FUNC_cipher_decrypt_init_fn *decrypt_init;
  OSSL_FUNC_cipher_update_fn *update;
  OSSL_FUNC_cipher_final_fn *finish;
  OSSL_FUNC_cipher_get_ctx_params_fn *get_ctx_params;
  OSSL_FUNC_cipher_set_ctx_params_fn *set_ctx_params;
} tk_cipher_functions;

/* Fills `out` from `table`; 1 when every function is there. */
static inline int tk_cipher_functions_from(const OSSL_DISPATCH *table, tk_cipher_functions *out) {
  memset(out, 0, sizeof *out);
  for (; table->function_id != 0; table++) {
    switch (table->function_id) {
    case OSSL_FUNC_CIPHER_NEWCTX: out->newctx = OSSL_FUNC_cipher_newctx(table); break;
    case OSSL_FUNC_CIPHER_FREECTX: out->freectx = OSSL_FUNC_cipher_freectx(table); break;
    case OSSL_FUNC_CIPHER_ENCRYPT_INIT: out->encrypt_init = OSSL_FUNC_cipher_encrypt_init(table); break;
    case OSSL_FUNC_CIPHER_DECRYPT_INIT: out->decrypt_init = OSSL_FUNC_cipher_decrypt_init(table); break;
    case OSSL_FUNC_CIPHER_UPDATE: out->update = OSSL_FUNC_cipher_update(table); break;
    case OSSL_FUNC_CIPHER_FINAL: out->finish = OSSL_FUNC_cipher_final(table); break;
    case OSSL_FUNC_CIPHER_GET_CTX_PARAMS: out->get_ctx_params = OSSL_FUNC_cipher_get_ctx_params(table); break;
    case OSSL_FUNC_CIPHER_SET_CTX_PARAMS: out->set_ctx_params = OSSL_FUNC_cipher_set_ctx_params(table); break;
    }
  }
  return out->newctx && out->freectx && out->encrypt_init && out->decrypt_init && out->update
    && out->finish && out->get_ctx_params && out->set_ctx_params;
}

/* Reads an AEAD cipher's tag after encrypting (replaces the OSSL_PARAM_octet_string macro). */
static inline int tk_cipher_get_tag(const tk_cipher_functions *f, void *ctx, unsigned char *tag, size_t size) {
  OSSL_PARAM params[] = { OSSL_PARAM_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, tag, size), OSSL_PARAM_END };
  return f->get_ctx_params(ctx, params);
}
/* Gives an AEAD cipher the expected tag before a decryption finishes. */
static inline int tk_cipher_set_tag(const tk_cipher_functions *f, void *ctx, unsigned char *tag, size_t size) {
  OSSL_PARAM params[] = { OSSL_PARAM_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, tag, size), OSSL_PARAM_END };
  return f->set_ctx_params(ctx, params);
}

#endif
