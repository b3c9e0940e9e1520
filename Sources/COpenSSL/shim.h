#ifndef TRACTOK_COPENSSL_SHIM_H
#define TRACTOK_COPENSSL_SHIM_H
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/err.h>
#include <openssl/crypto.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

/* replaces the macro EVP_CTRL_GCM_SET_IVLEN */
static inline int tk_evp_ctrl_gcm_set_ivlen(void) { return EVP_CTRL_GCM_SET_IVLEN; }
/* replaces the macro EVP_CTRL_GCM_GET_TAG */
static inline int tk_evp_ctrl_gcm_get_tag(void) { return EVP_CTRL_GCM_GET_TAG; }
/* replaces the macro EVP_CTRL_GCM_SET_TAG */
static inline int tk_evp_ctrl_gcm_set_tag(void) { return EVP_CTRL_GCM_SET_TAG; }

/* replaces the macro SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) */
static inline long tk_ssl_ctx_require_tls12(SSL_CTX *ctx) {
  return SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
}
/* replaces the macro SSL_set_tlsext_host_name (SNI) */
static inline long tk_ssl_set_server_name(SSL *ssl, const char *name) {
  return SSL_set_tlsext_host_name(ssl, name);
}

#endif
