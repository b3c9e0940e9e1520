#ifndef TRACTOK_COPENSSL_SHIM_H
#define TRACTOK_COPENSSL_SHIM_H
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/err.h>
#include <openssl/crypto.h>
#include <openssl/conf.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

/* replaces the macro EVP_CTRL_GCM_SET_IVLEN */
static inline int tk_evp_ctrl_gcm_set_ivlen(void) { return EVP_CTRL_GCM_SET_IVLEN; }
/* replaces the macro EVP_CTRL_GCM_GET_TAG */
static inline int tk_evp_ctrl_gcm_get_tag(void) { return EVP_CTRL_GCM_GET_TAG; }
/* replaces the macro EVP_CTRL_GCM_SET_TAG */
static inline int tk_evp_ctrl_gcm_set_tag(void) { return EVP_CTRL_GCM_SET_TAG; }

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

#endif
