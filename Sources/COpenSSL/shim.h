#ifndef TRACTOK_COPENSSL_SHIM_H
#define TRACTOK_COPENSSL_SHIM_H
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/err.h>
#include <openssl/crypto.h>

/* replaces the macro EVP_CTRL_GCM_SET_IVLEN */
static inline int tk_evp_ctrl_gcm_set_ivlen(void) { return EVP_CTRL_GCM_SET_IVLEN; }
/* replaces the macro EVP_CTRL_GCM_GET_TAG */
static inline int tk_evp_ctrl_gcm_get_tag(void) { return EVP_CTRL_GCM_GET_TAG; }
/* replaces the macro EVP_CTRL_GCM_SET_TAG */
static inline int tk_evp_ctrl_gcm_set_tag(void) { return EVP_CTRL_GCM_SET_TAG; }

#endif
