/* libcrypto loaded at run time, on first use: the OpenSSL functions cot calls, through a table. */
#ifndef COT_CRYPTO_LOAD_H
#define COT_CRYPTO_LOAD_H

/*
 * cot is not linked with libcrypto: linked, its load alone (≈ 4,000 symbols bound at start,
 * BIND_NOW) cost every command ≈ 3 ms, also --version, status and lint, which never sign or
 * check anything. It is compiled with OpenSSL's headers and calls OpenSSL's functions by
 * their own names; every source file that calls one includes this header, which includes
 * every OpenSSL header cot uses and then turns each name below into a call through
 * crypto_api, loaded by crypto_api_get on the first call (crypto_init, mem.h). So OpenSSL's
 * manual pages and its own macros (OPENSSL_free, sk_X509_num, ...) apply unchanged.
 *
 * Cannot be misused: a file that calls OpenSSL without this header does not link (no
 * libcrypto); a name missing from one of the two lists below does not compile or does not
 * link; an OpenSSL header included after this one is a no-op (each is included here first).
 * Tests and fuzz harnesses that call OpenSSL themselves link libcrypto; the library they
 * link and the one loaded here are one and the same (one soname, one process-wide state).
 */
#include <openssl/asn1.h>
#include <openssl/asn1t.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/cms.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/ess.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/objects.h>
#include <openssl/ocsp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/pkcs7.h>
#include <openssl/provider.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>
#include <openssl/ts.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

/* Every OpenSSL function cot calls (X: a macro taking the name). */
#define CRYPTO_FUNCTIONS(X)                                                                        \
	X(ASN1_BIT_STRING_get_bit)                                                                 \
	X(ASN1_ENUMERATED_free)                                                                    \
	X(ASN1_ENUMERATED_get)                                                                     \
	X(ASN1_INTEGER_free)                                                                       \
	X(ASN1_INTEGER_get)                                                                        \
	X(ASN1_INTEGER_to_BN)                                                                      \
	X(ASN1_OBJECT_free)                                                                        \
	X(ASN1_STRING_get0_data)                                                                   \
	X(ASN1_STRING_length)                                                                      \
	X(ASN1_STRING_to_UTF8)                                                                     \
	X(ASN1_STRING_type)                                                                        \
	X(ASN1_TIME_free)                                                                          \
	X(ASN1_TIME_set)                                                                           \
	X(ASN1_TIME_to_tm)                                                                         \
	X(ASN1_item_d2i)                                                                           \
	X(ASN1_item_free)                                                                          \
	X(ASN1_item_i2d)                                                                           \
	X(ASN1_item_new)                                                                           \
	X(AUTHORITY_INFO_ACCESS_free)                                                              \
	X(BIO_ctrl)                                                                                \
	X(BIO_free)                                                                                \
	X(BIO_free_all)                                                                            \
	X(BIO_new)                                                                                 \
	X(BIO_new_mem_buf)                                                                         \
	X(BIO_read)                                                                                \
	X(BIO_s_mem)                                                                               \
	X(BIO_s_null)                                                                              \
	X(BIO_write)                                                                               \
	X(BN_bin2bn)                                                                               \
	X(BN_bn2hex)                                                                               \
	X(BN_cmp)                                                                                  \
	X(BN_free)                                                                                 \
	X(BN_to_ASN1_INTEGER)                                                                      \
	X(CMS_ContentInfo_free)                                                                    \
	X(CMS_SignerInfo_get0_algs)                                                                \
	X(CMS_SignerInfo_get0_signature)                                                           \
	X(CMS_SignerInfo_verify)                                                                   \
	X(CMS_SignerInfo_verify_content)                                                           \
	X(CMS_add1_cert)                                                                           \
	X(CMS_add1_crl)                                                                            \
	X(CMS_add1_signer)                                                                         \
	X(CMS_dataInit)                                                                            \
	X(CMS_final)                                                                               \
	X(CMS_get0_SignerInfos)                                                                    \
	X(CMS_get0_content)                                                                        \
	X(CMS_get0_eContentType)                                                                   \
	X(CMS_get0_signers)                                                                        \
	X(CMS_get0_type)                                                                           \
	X(CMS_get1_certs)                                                                          \
	X(CMS_get1_crls)                                                                           \
	X(CMS_is_detached)                                                                         \
	X(CMS_set1_signers_certs)                                                                  \
	X(CMS_sign)                                                                                \
	X(CMS_signed_add1_attr_by_NID)                                                             \
	X(CMS_signed_get0_data_by_OBJ)                                                             \
	X(CMS_signed_get_attr)                                                                     \
	X(CMS_signed_get_attr_by_NID)                                                              \
	X(CMS_signed_get_attr_count)                                                               \
	X(CMS_unsigned_add1_attr_by_NID)                                                           \
	X(CMS_unsigned_get_attr)                                                                   \
	X(CMS_unsigned_get_attr_by_NID)                                                            \
	X(CMS_verify)                                                                              \
	X(CRL_DIST_POINTS_free)                                                                    \
	X(CRYPTO_THREAD_run_once)                                                                  \
	X(CRYPTO_clear_free)                                                                       \
	X(CRYPTO_free)                                                                             \
	X(CRYPTO_memdup)                                                                           \
	X(CRYPTO_set_mem_functions)                                                                \
	X(CRYPTO_strndup)                                                                          \
	X(DIST_POINT_free)                                                                         \
	X(ERR_clear_error)                                                                         \
	X(ERR_error_string_n)                                                                      \
	X(ERR_peek_last_error)                                                                     \
	X(ERR_pop_to_mark)                                                                         \
	X(ERR_set_mark)                                                                            \
	X(ESS_SIGNING_CERT_V2_free)                                                                \
	X(ESS_SIGNING_CERT_free)                                                                   \
	X(EVP_DecodeBlock)                                                                         \
	X(EVP_Digest)                                                                              \
	X(EVP_DigestFinal_ex)                                                                      \
	X(EVP_DigestInit_ex)                                                                       \
	X(EVP_DigestUpdate)                                                                        \
	X(EVP_EncodeBlock)                                                                         \
	X(EVP_MD_CTX_free)                                                                         \
	X(EVP_MD_CTX_new)                                                                          \
	X(EVP_MD_fetch)                                                                            \
	X(EVP_MD_free)                                                                             \
	X(EVP_MD_get_size)                                                                         \
	X(EVP_MD_get_type)                                                                         \
	X(EVP_PKCS82PKEY)                                                                          \
	X(EVP_PKEY_Q_keygen)                                                                       \
	X(EVP_PKEY_free)                                                                           \
	X(EVP_PKEY_get_base_id)                                                                    \
	X(EVP_PKEY_get_bits)                                                                       \
	X(EVP_get_digestbyname)                                                                    \
	X(EVP_sha1)                                                                                \
	X(EVP_sha256)                                                                              \
	X(EVP_sha384)                                                                              \
	X(EVP_sha512)                                                                              \
	X(ISSUING_DIST_POINT_free)                                                                 \
	X(OBJ_find_sigid_algs)                                                                     \
	X(OBJ_nid2ln)                                                                              \
	X(OBJ_nid2obj)                                                                             \
	X(OBJ_nid2sn)                                                                              \
	X(OBJ_obj2nid)                                                                             \
	X(OBJ_obj2txt)                                                                             \
	X(OCSP_BASICRESP_free)                                                                     \
	X(OCSP_BASICRESP_it)                                                                       \
	X(OCSP_CERTID_free)                                                                        \
	X(OCSP_REQUEST_free)                                                                       \
	X(OCSP_REQUEST_new)                                                                        \
	X(OCSP_RESPONSE_free)                                                                      \
	X(OCSP_SINGLERESP_get0_id)                                                                 \
	X(OCSP_basic_verify)                                                                       \
	X(OCSP_cert_to_id)                                                                         \
	X(OCSP_check_nonce)                                                                        \
	X(OCSP_crl_reason_str)                                                                     \
	X(OCSP_id_cmp)                                                                             \
	X(OCSP_id_get0_info)                                                                       \
	X(OCSP_request_add0_id)                                                                    \
	X(OCSP_request_add1_nonce)                                                                 \
	X(OCSP_resp_count)                                                                         \
	X(OCSP_resp_get0)                                                                          \
	X(OCSP_resp_get0_produced_at)                                                              \
	X(OCSP_resp_get0_signer)                                                                   \
	X(OCSP_response_create)                                                                    \
	X(OCSP_response_get1_basic)                                                                \
	X(OCSP_response_status)                                                                    \
	X(OCSP_response_status_str)                                                                \
	X(OCSP_single_get0_status)                                                                 \
	X(OPENSSL_cleanse)                                                                         \
	X(OPENSSL_init_crypto)                                                                     \
	X(OPENSSL_sk_delete)                                                                       \
	X(OPENSSL_sk_find)                                                                         \
	X(OPENSSL_sk_free)                                                                         \
	X(OPENSSL_sk_new_null)                                                                     \
	X(OPENSSL_sk_num)                                                                          \
	X(OPENSSL_sk_pop_free)                                                                     \
	X(OPENSSL_sk_push)                                                                         \
	X(OPENSSL_sk_set)                                                                          \
	X(OPENSSL_sk_value)                                                                        \
	X(OSSL_ESS_check_signing_certs)                                                            \
	X(OSSL_PROVIDER_available)                                                                 \
	X(OSSL_PROVIDER_load)                                                                      \
	X(PEM_read_bio)                                                                            \
	X(PEM_write_bio_X509)                                                                      \
	X(PKCS12_SAFEBAG_free)                                                                     \
	X(PKCS12_SAFEBAG_get0_attr)                                                                \
	X(PKCS12_SAFEBAG_get0_p8inf)                                                               \
	X(PKCS12_SAFEBAG_get0_safes)                                                               \
	X(PKCS12_SAFEBAG_get1_cert)                                                                \
	X(PKCS12_SAFEBAG_get_bag_nid)                                                              \
	X(PKCS12_SAFEBAG_get_nid)                                                                  \
	X(PKCS12_create)                                                                           \
	X(PKCS12_decrypt_skey)                                                                     \
	X(PKCS12_free)                                                                             \
	X(PKCS12_get0_mac)                                                                         \
	X(PKCS12_get_friendlyname)                                                                 \
	X(PKCS12_mac_present)                                                                      \
	X(PKCS12_unpack_authsafes)                                                                 \
	X(PKCS12_unpack_p7data)                                                                    \
	X(PKCS12_unpack_p7encdata)                                                                 \
	X(PKCS12_verify_mac)                                                                       \
	X(PKCS7_free)                                                                              \
	X(PKCS8_PRIV_KEY_INFO_free)                                                                \
	X(PKCS8_pkey_get0)                                                                         \
	X(RAND_bytes)                                                                              \
	X(SHA256)                                                                                  \
	X(TS_MSG_IMPRINT_free)                                                                     \
	X(TS_MSG_IMPRINT_get_algo)                                                                 \
	X(TS_MSG_IMPRINT_get_msg)                                                                  \
	X(TS_MSG_IMPRINT_new)                                                                      \
	X(TS_MSG_IMPRINT_set_algo)                                                                 \
	X(TS_MSG_IMPRINT_set_msg)                                                                  \
	X(TS_REQ_free)                                                                             \
	X(TS_REQ_new)                                                                              \
	X(TS_REQ_set_cert_req)                                                                     \
	X(TS_REQ_set_msg_imprint)                                                                  \
	X(TS_REQ_set_nonce)                                                                        \
	X(TS_REQ_set_version)                                                                      \
	X(TS_RESP_free)                                                                            \
	X(TS_RESP_get_status_info)                                                                 \
	X(TS_RESP_get_token)                                                                       \
	X(TS_RESP_get_tst_info)                                                                    \
	X(TS_STATUS_INFO_get0_failure_info)                                                        \
	X(TS_STATUS_INFO_get0_status)                                                              \
	X(TS_STATUS_INFO_get0_text)                                                                \
	X(TS_TST_INFO_free)                                                                        \
	X(TS_TST_INFO_get_msg_imprint)                                                             \
	X(TS_TST_INFO_get_nonce)                                                                   \
	X(TS_TST_INFO_get_policy_id)                                                               \
	X(TS_TST_INFO_get_time)                                                                    \
	X(X509V3_EXT_conf_nid)                                                                     \
	X(X509V3_set_ctx)                                                                          \
	X(X509_ALGOR_free)                                                                         \
	X(X509_ALGOR_get0)                                                                         \
	X(X509_ALGOR_new)                                                                          \
	X(X509_ALGOR_set0)                                                                         \
	X(X509_ATTRIBUTE_count)                                                                    \
	X(X509_ATTRIBUTE_get0_type)                                                                \
	X(X509_CRL_cmp)                                                                            \
	X(X509_CRL_free)                                                                           \
	X(X509_CRL_get0_by_serial)                                                                 \
	X(X509_CRL_get0_lastUpdate)                                                                \
	X(X509_CRL_get0_nextUpdate)                                                                \
	X(X509_CRL_get_ext_by_NID)                                                                 \
	X(X509_CRL_get_ext_d2i)                                                                    \
	X(X509_CRL_get_issuer)                                                                     \
	X(X509_CRL_it)                                                                             \
	X(X509_CRL_match)                                                                          \
	X(X509_CRL_verify)                                                                         \
	X(X509_EXTENSION_free)                                                                     \
	X(X509_EXTENSION_get_critical)                                                             \
	X(X509_NAME_ENTRY_get_data)                                                                \
	X(X509_NAME_ENTRY_get_object)                                                              \
	X(X509_NAME_add_entry_by_txt)                                                              \
	X(X509_NAME_cmp)                                                                           \
	X(X509_NAME_entry_count)                                                                   \
	X(X509_NAME_free)                                                                          \
	X(X509_NAME_get_entry)                                                                     \
	X(X509_NAME_get_index_by_NID)                                                              \
	X(X509_NAME_new)                                                                           \
	X(X509_NAME_print_ex)                                                                      \
	X(X509_REVOKED_get0_revocationDate)                                                        \
	X(X509_REVOKED_get_ext_d2i)                                                                \
	X(X509_SIG_free)                                                                           \
	X(X509_SIG_get0)                                                                           \
	X(X509_STORE_CTX_free)                                                                     \
	X(X509_STORE_CTX_get0_param)                                                               \
	X(X509_STORE_CTX_get1_chain)                                                               \
	X(X509_STORE_CTX_get_current_cert)                                                         \
	X(X509_STORE_CTX_get_error)                                                                \
	X(X509_STORE_CTX_get_error_depth)                                                          \
	X(X509_STORE_CTX_init)                                                                     \
	X(X509_STORE_CTX_new)                                                                      \
	X(X509_STORE_CTX_set_time)                                                                 \
	X(X509_STORE_add_cert)                                                                     \
	X(X509_STORE_free)                                                                         \
	X(X509_STORE_new)                                                                          \
	X(X509_VERIFY_PARAM_set_flags)                                                             \
	X(X509_VERIFY_PARAM_set_time)                                                              \
	X(X509_add_ext)                                                                            \
	X(X509_check_ca)                                                                           \
	X(X509_check_issued)                                                                       \
	X(X509_check_private_key)                                                                  \
	X(X509_check_purpose)                                                                      \
	X(X509_cmp)                                                                                \
	X(X509_cmp_time)                                                                           \
	X(X509_digest)                                                                             \
	X(X509_email_free)                                                                         \
	X(X509_free)                                                                               \
	X(X509_get0_notAfter)                                                                      \
	X(X509_get0_notBefore)                                                                     \
	X(X509_get0_pubkey)                                                                        \
	X(X509_get0_serialNumber)                                                                  \
	X(X509_get1_ocsp)                                                                          \
	X(X509_get_ext)                                                                            \
	X(X509_get_ext_by_NID)                                                                     \
	X(X509_get_ext_d2i)                                                                        \
	X(X509_get_extended_key_usage)                                                             \
	X(X509_get_extension_flags)                                                                \
	X(X509_get_issuer_name)                                                                    \
	X(X509_get_key_usage)                                                                      \
	X(X509_get_serialNumber)                                                                   \
	X(X509_get_signature_info)                                                                 \
	X(X509_get_signature_nid)                                                                  \
	X(X509_get_subject_name)                                                                   \
	X(X509_getm_notAfter)                                                                      \
	X(X509_getm_notBefore)                                                                     \
	X(X509_keyid_get0)                                                                         \
	X(X509_keyid_set1)                                                                         \
	X(X509_new)                                                                                \
	X(X509_self_signed)                                                                        \
	X(X509_set_issuer_name)                                                                    \
	X(X509_set_pubkey)                                                                         \
	X(X509_set_subject_name)                                                                   \
	X(X509_set_version)                                                                        \
	X(X509_sign)                                                                               \
	X(X509_up_ref)                                                                             \
	X(X509_verify)                                                                             \
	X(X509_verify_cert)                                                                        \
	X(X509_verify_cert_error_string)                                                           \
	X(d2i_ASN1_OBJECT)                                                                         \
	X(d2i_CMS_ContentInfo)                                                                     \
	X(d2i_ESS_SIGNING_CERT)                                                                    \
	X(d2i_ESS_SIGNING_CERT_V2)                                                                 \
	X(d2i_OCSP_BASICRESP)                                                                      \
	X(d2i_OCSP_RESPONSE)                                                                       \
	X(d2i_PKCS12)                                                                              \
	X(d2i_PKCS8_PRIV_KEY_INFO)                                                                 \
	X(d2i_TS_RESP)                                                                             \
	X(d2i_TS_TST_INFO)                                                                         \
	X(d2i_X509)                                                                                \
	X(d2i_X509_ALGOR)                                                                          \
	X(d2i_X509_AUX)                                                                            \
	X(d2i_X509_CRL)                                                                            \
	X(d2i_X509_SIG)                                                                            \
	X(i2d_CMS_ContentInfo)                                                                     \
	X(i2d_OCSP_BASICRESP)                                                                      \
	X(i2d_OCSP_REQUEST)                                                                        \
	X(i2d_OCSP_RESPONSE)                                                                       \
	X(i2d_PKCS12)                                                                              \
	X(i2d_PKCS7)                                                                               \
	X(i2d_TS_REQ)                                                                              \
	X(i2d_X509)                                                                                \
	X(i2d_X509_CRL)                                                                            \
	X(i2s_ASN1_INTEGER)

#define CRYPTO_MEMBER(f) __typeof__(f) *f;
struct crypto_api {
	CRYPTO_FUNCTIONS(CRYPTO_MEMBER)
};
#undef CRYPTO_MEMBER

extern struct crypto_api crypto_api;

/*
 * The table, loaded and OpenSSL set up on the first call (crypto_init in mem.h says how),
 * from any thread. libcrypto missing or incomplete is the one failure: cot says which and
 * ends (COT_ENV, its temporary files removed), as it does when memory runs out: every
 * command that gets here needs it, and a Debian cot depends on it.
 */
const struct crypto_api *crypto_api_get(void);

/*
 * An ASN.1 item (NAME_it) is also named in OpenSSL's template macros (ASN1_SEQUENCE...),
 * which must be constant: a function of cot's own that calls through the table.
 */
const ASN1_ITEM *cot_OCSP_BASICRESP_it(void);
const ASN1_ITEM *cot_X509_CRL_it(void);

#ifndef CRYPTO_LOAD_TABLE_ONLY /* crypto-load.c: the names stay OpenSSL's own */
/* Each name a call through the table (a name inside its own macro is not expanded again). */
#define CRYPTO_CALL(f) (*crypto_api_get()->f)

/* The ASN.1 items named in OpenSSL's template macros (ASN1_SEQUENCE...): constant names */
#define OCSP_BASICRESP_it cot_OCSP_BASICRESP_it
#define X509_CRL_it cot_X509_CRL_it
#define ASN1_BIT_STRING_get_bit CRYPTO_CALL(ASN1_BIT_STRING_get_bit)
#define ASN1_ENUMERATED_free CRYPTO_CALL(ASN1_ENUMERATED_free)
#define ASN1_ENUMERATED_get CRYPTO_CALL(ASN1_ENUMERATED_get)
#define ASN1_INTEGER_free CRYPTO_CALL(ASN1_INTEGER_free)
#define ASN1_INTEGER_get CRYPTO_CALL(ASN1_INTEGER_get)
#define ASN1_INTEGER_to_BN CRYPTO_CALL(ASN1_INTEGER_to_BN)
#define ASN1_OBJECT_free CRYPTO_CALL(ASN1_OBJECT_free)
#define ASN1_STRING_get0_data CRYPTO_CALL(ASN1_STRING_get0_data)
#define ASN1_STRING_length CRYPTO_CALL(ASN1_STRING_length)
#define ASN1_STRING_to_UTF8 CRYPTO_CALL(ASN1_STRING_to_UTF8)
#define ASN1_STRING_type CRYPTO_CALL(ASN1_STRING_type)
#define ASN1_TIME_free CRYPTO_CALL(ASN1_TIME_free)
#define ASN1_TIME_set CRYPTO_CALL(ASN1_TIME_set)
#define ASN1_TIME_to_tm CRYPTO_CALL(ASN1_TIME_to_tm)
#define ASN1_item_d2i CRYPTO_CALL(ASN1_item_d2i)
#define ASN1_item_free CRYPTO_CALL(ASN1_item_free)
#define ASN1_item_i2d CRYPTO_CALL(ASN1_item_i2d)
#define ASN1_item_new CRYPTO_CALL(ASN1_item_new)
#define AUTHORITY_INFO_ACCESS_free CRYPTO_CALL(AUTHORITY_INFO_ACCESS_free)
#define BIO_ctrl CRYPTO_CALL(BIO_ctrl)
#define BIO_free CRYPTO_CALL(BIO_free)
#define BIO_free_all CRYPTO_CALL(BIO_free_all)
#define BIO_new CRYPTO_CALL(BIO_new)
#define BIO_new_mem_buf CRYPTO_CALL(BIO_new_mem_buf)
#define BIO_read CRYPTO_CALL(BIO_read)
#define BIO_s_mem CRYPTO_CALL(BIO_s_mem)
#define BIO_s_null CRYPTO_CALL(BIO_s_null)
#define BIO_write CRYPTO_CALL(BIO_write)
#define BN_bin2bn CRYPTO_CALL(BN_bin2bn)
#define BN_bn2hex CRYPTO_CALL(BN_bn2hex)
#define BN_cmp CRYPTO_CALL(BN_cmp)
#define BN_free CRYPTO_CALL(BN_free)
#define BN_to_ASN1_INTEGER CRYPTO_CALL(BN_to_ASN1_INTEGER)
#define CMS_ContentInfo_free CRYPTO_CALL(CMS_ContentInfo_free)
#define CMS_SignerInfo_get0_algs CRYPTO_CALL(CMS_SignerInfo_get0_algs)
#define CMS_SignerInfo_get0_signature CRYPTO_CALL(CMS_SignerInfo_get0_signature)
#define CMS_SignerInfo_verify CRYPTO_CALL(CMS_SignerInfo_verify)
#define CMS_SignerInfo_verify_content CRYPTO_CALL(CMS_SignerInfo_verify_content)
#define CMS_add1_cert CRYPTO_CALL(CMS_add1_cert)
#define CMS_add1_crl CRYPTO_CALL(CMS_add1_crl)
#define CMS_add1_signer CRYPTO_CALL(CMS_add1_signer)
#define CMS_dataInit CRYPTO_CALL(CMS_dataInit)
#define CMS_final CRYPTO_CALL(CMS_final)
#define CMS_get0_SignerInfos CRYPTO_CALL(CMS_get0_SignerInfos)
#define CMS_get0_content CRYPTO_CALL(CMS_get0_content)
#define CMS_get0_eContentType CRYPTO_CALL(CMS_get0_eContentType)
#define CMS_get0_signers CRYPTO_CALL(CMS_get0_signers)
#define CMS_get0_type CRYPTO_CALL(CMS_get0_type)
#define CMS_get1_certs CRYPTO_CALL(CMS_get1_certs)
#define CMS_get1_crls CRYPTO_CALL(CMS_get1_crls)
#define CMS_is_detached CRYPTO_CALL(CMS_is_detached)
#define CMS_set1_signers_certs CRYPTO_CALL(CMS_set1_signers_certs)
#define CMS_sign CRYPTO_CALL(CMS_sign)
#define CMS_signed_add1_attr_by_NID CRYPTO_CALL(CMS_signed_add1_attr_by_NID)
#define CMS_signed_get0_data_by_OBJ CRYPTO_CALL(CMS_signed_get0_data_by_OBJ)
#define CMS_signed_get_attr CRYPTO_CALL(CMS_signed_get_attr)
#define CMS_signed_get_attr_by_NID CRYPTO_CALL(CMS_signed_get_attr_by_NID)
#define CMS_signed_get_attr_count CRYPTO_CALL(CMS_signed_get_attr_count)
#define CMS_unsigned_add1_attr_by_NID CRYPTO_CALL(CMS_unsigned_add1_attr_by_NID)
#define CMS_unsigned_get_attr CRYPTO_CALL(CMS_unsigned_get_attr)
#define CMS_unsigned_get_attr_by_NID CRYPTO_CALL(CMS_unsigned_get_attr_by_NID)
#define CMS_verify CRYPTO_CALL(CMS_verify)
#define CRL_DIST_POINTS_free CRYPTO_CALL(CRL_DIST_POINTS_free)
#define CRYPTO_THREAD_run_once CRYPTO_CALL(CRYPTO_THREAD_run_once)
#define CRYPTO_clear_free CRYPTO_CALL(CRYPTO_clear_free)
#define CRYPTO_free CRYPTO_CALL(CRYPTO_free)
#define CRYPTO_memdup CRYPTO_CALL(CRYPTO_memdup)
#define CRYPTO_set_mem_functions CRYPTO_CALL(CRYPTO_set_mem_functions)
#define CRYPTO_strndup CRYPTO_CALL(CRYPTO_strndup)
#define DIST_POINT_free CRYPTO_CALL(DIST_POINT_free)
#define ERR_clear_error CRYPTO_CALL(ERR_clear_error)
#define ERR_error_string_n CRYPTO_CALL(ERR_error_string_n)
#define ERR_peek_last_error CRYPTO_CALL(ERR_peek_last_error)
#define ERR_pop_to_mark CRYPTO_CALL(ERR_pop_to_mark)
#define ERR_set_mark CRYPTO_CALL(ERR_set_mark)
#define ESS_SIGNING_CERT_V2_free CRYPTO_CALL(ESS_SIGNING_CERT_V2_free)
#define ESS_SIGNING_CERT_free CRYPTO_CALL(ESS_SIGNING_CERT_free)
#define EVP_DecodeBlock CRYPTO_CALL(EVP_DecodeBlock)
#define EVP_Digest CRYPTO_CALL(EVP_Digest)
#define EVP_DigestFinal_ex CRYPTO_CALL(EVP_DigestFinal_ex)
#define EVP_DigestInit_ex CRYPTO_CALL(EVP_DigestInit_ex)
#define EVP_DigestUpdate CRYPTO_CALL(EVP_DigestUpdate)
#define EVP_EncodeBlock CRYPTO_CALL(EVP_EncodeBlock)
#define EVP_MD_CTX_free CRYPTO_CALL(EVP_MD_CTX_free)
#define EVP_MD_CTX_new CRYPTO_CALL(EVP_MD_CTX_new)
#define EVP_MD_fetch CRYPTO_CALL(EVP_MD_fetch)
#define EVP_MD_free CRYPTO_CALL(EVP_MD_free)
#define EVP_MD_get_size CRYPTO_CALL(EVP_MD_get_size)
#define EVP_MD_get_type CRYPTO_CALL(EVP_MD_get_type)
#define EVP_PKCS82PKEY CRYPTO_CALL(EVP_PKCS82PKEY)
#define EVP_PKEY_Q_keygen CRYPTO_CALL(EVP_PKEY_Q_keygen)
#define EVP_PKEY_free CRYPTO_CALL(EVP_PKEY_free)
#define EVP_PKEY_get_base_id CRYPTO_CALL(EVP_PKEY_get_base_id)
#define EVP_PKEY_get_bits CRYPTO_CALL(EVP_PKEY_get_bits)
#define EVP_get_digestbyname CRYPTO_CALL(EVP_get_digestbyname)
#define EVP_sha1 CRYPTO_CALL(EVP_sha1)
#define EVP_sha256 CRYPTO_CALL(EVP_sha256)
#define EVP_sha384 CRYPTO_CALL(EVP_sha384)
#define EVP_sha512 CRYPTO_CALL(EVP_sha512)
#define ISSUING_DIST_POINT_free CRYPTO_CALL(ISSUING_DIST_POINT_free)
#define OBJ_find_sigid_algs CRYPTO_CALL(OBJ_find_sigid_algs)
#define OBJ_nid2ln CRYPTO_CALL(OBJ_nid2ln)
#define OBJ_nid2obj CRYPTO_CALL(OBJ_nid2obj)
#define OBJ_nid2sn CRYPTO_CALL(OBJ_nid2sn)
#define OBJ_obj2nid CRYPTO_CALL(OBJ_obj2nid)
#define OBJ_obj2txt CRYPTO_CALL(OBJ_obj2txt)
#define OCSP_BASICRESP_free CRYPTO_CALL(OCSP_BASICRESP_free)
#define OCSP_CERTID_free CRYPTO_CALL(OCSP_CERTID_free)
#define OCSP_REQUEST_free CRYPTO_CALL(OCSP_REQUEST_free)
#define OCSP_REQUEST_new CRYPTO_CALL(OCSP_REQUEST_new)
#define OCSP_RESPONSE_free CRYPTO_CALL(OCSP_RESPONSE_free)
#define OCSP_SINGLERESP_get0_id CRYPTO_CALL(OCSP_SINGLERESP_get0_id)
#define OCSP_basic_verify CRYPTO_CALL(OCSP_basic_verify)
#define OCSP_cert_to_id CRYPTO_CALL(OCSP_cert_to_id)
#define OCSP_check_nonce CRYPTO_CALL(OCSP_check_nonce)
#define OCSP_crl_reason_str CRYPTO_CALL(OCSP_crl_reason_str)
#define OCSP_id_cmp CRYPTO_CALL(OCSP_id_cmp)
#define OCSP_id_get0_info CRYPTO_CALL(OCSP_id_get0_info)
#define OCSP_request_add0_id CRYPTO_CALL(OCSP_request_add0_id)
#define OCSP_request_add1_nonce CRYPTO_CALL(OCSP_request_add1_nonce)
#define OCSP_resp_count CRYPTO_CALL(OCSP_resp_count)
#define OCSP_resp_get0 CRYPTO_CALL(OCSP_resp_get0)
#define OCSP_resp_get0_produced_at CRYPTO_CALL(OCSP_resp_get0_produced_at)
#define OCSP_resp_get0_signer CRYPTO_CALL(OCSP_resp_get0_signer)
#define OCSP_response_create CRYPTO_CALL(OCSP_response_create)
#define OCSP_response_get1_basic CRYPTO_CALL(OCSP_response_get1_basic)
#define OCSP_response_status CRYPTO_CALL(OCSP_response_status)
#define OCSP_response_status_str CRYPTO_CALL(OCSP_response_status_str)
#define OCSP_single_get0_status CRYPTO_CALL(OCSP_single_get0_status)
#define OPENSSL_cleanse CRYPTO_CALL(OPENSSL_cleanse)
#define OPENSSL_init_crypto CRYPTO_CALL(OPENSSL_init_crypto)
#define OPENSSL_sk_delete CRYPTO_CALL(OPENSSL_sk_delete)
#define OPENSSL_sk_find CRYPTO_CALL(OPENSSL_sk_find)
#define OPENSSL_sk_free CRYPTO_CALL(OPENSSL_sk_free)
#define OPENSSL_sk_new_null CRYPTO_CALL(OPENSSL_sk_new_null)
#define OPENSSL_sk_num CRYPTO_CALL(OPENSSL_sk_num)
#define OPENSSL_sk_pop_free CRYPTO_CALL(OPENSSL_sk_pop_free)
#define OPENSSL_sk_push CRYPTO_CALL(OPENSSL_sk_push)
#define OPENSSL_sk_set CRYPTO_CALL(OPENSSL_sk_set)
#define OPENSSL_sk_value CRYPTO_CALL(OPENSSL_sk_value)
#define OSSL_ESS_check_signing_certs CRYPTO_CALL(OSSL_ESS_check_signing_certs)
#define OSSL_PROVIDER_available CRYPTO_CALL(OSSL_PROVIDER_available)
#define OSSL_PROVIDER_load CRYPTO_CALL(OSSL_PROVIDER_load)
#define PEM_read_bio CRYPTO_CALL(PEM_read_bio)
#define PEM_write_bio_X509 CRYPTO_CALL(PEM_write_bio_X509)
#define PKCS12_SAFEBAG_free CRYPTO_CALL(PKCS12_SAFEBAG_free)
#define PKCS12_SAFEBAG_get0_attr CRYPTO_CALL(PKCS12_SAFEBAG_get0_attr)
#define PKCS12_SAFEBAG_get0_p8inf CRYPTO_CALL(PKCS12_SAFEBAG_get0_p8inf)
#define PKCS12_SAFEBAG_get0_safes CRYPTO_CALL(PKCS12_SAFEBAG_get0_safes)
#define PKCS12_SAFEBAG_get1_cert CRYPTO_CALL(PKCS12_SAFEBAG_get1_cert)
#define PKCS12_SAFEBAG_get_bag_nid CRYPTO_CALL(PKCS12_SAFEBAG_get_bag_nid)
#define PKCS12_SAFEBAG_get_nid CRYPTO_CALL(PKCS12_SAFEBAG_get_nid)
#define PKCS12_create CRYPTO_CALL(PKCS12_create)
#define PKCS12_decrypt_skey CRYPTO_CALL(PKCS12_decrypt_skey)
#define PKCS12_free CRYPTO_CALL(PKCS12_free)
#define PKCS12_get0_mac CRYPTO_CALL(PKCS12_get0_mac)
#define PKCS12_get_friendlyname CRYPTO_CALL(PKCS12_get_friendlyname)
#define PKCS12_mac_present CRYPTO_CALL(PKCS12_mac_present)
#define PKCS12_unpack_authsafes CRYPTO_CALL(PKCS12_unpack_authsafes)
#define PKCS12_unpack_p7data CRYPTO_CALL(PKCS12_unpack_p7data)
#define PKCS12_unpack_p7encdata CRYPTO_CALL(PKCS12_unpack_p7encdata)
#define PKCS12_verify_mac CRYPTO_CALL(PKCS12_verify_mac)
#define PKCS7_free CRYPTO_CALL(PKCS7_free)
#define PKCS8_PRIV_KEY_INFO_free CRYPTO_CALL(PKCS8_PRIV_KEY_INFO_free)
#define PKCS8_pkey_get0 CRYPTO_CALL(PKCS8_pkey_get0)
#define RAND_bytes CRYPTO_CALL(RAND_bytes)
#define SHA256 CRYPTO_CALL(SHA256)
#define TS_MSG_IMPRINT_free CRYPTO_CALL(TS_MSG_IMPRINT_free)
#define TS_MSG_IMPRINT_get_algo CRYPTO_CALL(TS_MSG_IMPRINT_get_algo)
#define TS_MSG_IMPRINT_get_msg CRYPTO_CALL(TS_MSG_IMPRINT_get_msg)
#define TS_MSG_IMPRINT_new CRYPTO_CALL(TS_MSG_IMPRINT_new)
#define TS_MSG_IMPRINT_set_algo CRYPTO_CALL(TS_MSG_IMPRINT_set_algo)
#define TS_MSG_IMPRINT_set_msg CRYPTO_CALL(TS_MSG_IMPRINT_set_msg)
#define TS_REQ_free CRYPTO_CALL(TS_REQ_free)
#define TS_REQ_new CRYPTO_CALL(TS_REQ_new)
#define TS_REQ_set_cert_req CRYPTO_CALL(TS_REQ_set_cert_req)
#define TS_REQ_set_msg_imprint CRYPTO_CALL(TS_REQ_set_msg_imprint)
#define TS_REQ_set_nonce CRYPTO_CALL(TS_REQ_set_nonce)
#define TS_REQ_set_version CRYPTO_CALL(TS_REQ_set_version)
#define TS_RESP_free CRYPTO_CALL(TS_RESP_free)
#define TS_RESP_get_status_info CRYPTO_CALL(TS_RESP_get_status_info)
#define TS_RESP_get_token CRYPTO_CALL(TS_RESP_get_token)
#define TS_RESP_get_tst_info CRYPTO_CALL(TS_RESP_get_tst_info)
#define TS_STATUS_INFO_get0_failure_info CRYPTO_CALL(TS_STATUS_INFO_get0_failure_info)
#define TS_STATUS_INFO_get0_status CRYPTO_CALL(TS_STATUS_INFO_get0_status)
#define TS_STATUS_INFO_get0_text CRYPTO_CALL(TS_STATUS_INFO_get0_text)
#define TS_TST_INFO_free CRYPTO_CALL(TS_TST_INFO_free)
#define TS_TST_INFO_get_msg_imprint CRYPTO_CALL(TS_TST_INFO_get_msg_imprint)
#define TS_TST_INFO_get_nonce CRYPTO_CALL(TS_TST_INFO_get_nonce)
#define TS_TST_INFO_get_policy_id CRYPTO_CALL(TS_TST_INFO_get_policy_id)
#define TS_TST_INFO_get_time CRYPTO_CALL(TS_TST_INFO_get_time)
#define X509V3_EXT_conf_nid CRYPTO_CALL(X509V3_EXT_conf_nid)
#define X509V3_set_ctx CRYPTO_CALL(X509V3_set_ctx)
#define X509_ALGOR_free CRYPTO_CALL(X509_ALGOR_free)
#define X509_ALGOR_get0 CRYPTO_CALL(X509_ALGOR_get0)
#define X509_ALGOR_new CRYPTO_CALL(X509_ALGOR_new)
#define X509_ALGOR_set0 CRYPTO_CALL(X509_ALGOR_set0)
#define X509_ATTRIBUTE_count CRYPTO_CALL(X509_ATTRIBUTE_count)
#define X509_ATTRIBUTE_get0_type CRYPTO_CALL(X509_ATTRIBUTE_get0_type)
#define X509_CRL_cmp CRYPTO_CALL(X509_CRL_cmp)
#define X509_CRL_free CRYPTO_CALL(X509_CRL_free)
#define X509_CRL_get0_by_serial CRYPTO_CALL(X509_CRL_get0_by_serial)
#define X509_CRL_get0_lastUpdate CRYPTO_CALL(X509_CRL_get0_lastUpdate)
#define X509_CRL_get0_nextUpdate CRYPTO_CALL(X509_CRL_get0_nextUpdate)
#define X509_CRL_get_ext_by_NID CRYPTO_CALL(X509_CRL_get_ext_by_NID)
#define X509_CRL_get_ext_d2i CRYPTO_CALL(X509_CRL_get_ext_d2i)
#define X509_CRL_get_issuer CRYPTO_CALL(X509_CRL_get_issuer)
#define X509_CRL_match CRYPTO_CALL(X509_CRL_match)
#define X509_CRL_verify CRYPTO_CALL(X509_CRL_verify)
#define X509_EXTENSION_free CRYPTO_CALL(X509_EXTENSION_free)
#define X509_EXTENSION_get_critical CRYPTO_CALL(X509_EXTENSION_get_critical)
#define X509_NAME_ENTRY_get_data CRYPTO_CALL(X509_NAME_ENTRY_get_data)
#define X509_NAME_ENTRY_get_object CRYPTO_CALL(X509_NAME_ENTRY_get_object)
#define X509_NAME_add_entry_by_txt CRYPTO_CALL(X509_NAME_add_entry_by_txt)
#define X509_NAME_cmp CRYPTO_CALL(X509_NAME_cmp)
#define X509_NAME_entry_count CRYPTO_CALL(X509_NAME_entry_count)
#define X509_NAME_free CRYPTO_CALL(X509_NAME_free)
#define X509_NAME_get_entry CRYPTO_CALL(X509_NAME_get_entry)
#define X509_NAME_get_index_by_NID CRYPTO_CALL(X509_NAME_get_index_by_NID)
#define X509_NAME_new CRYPTO_CALL(X509_NAME_new)
#define X509_NAME_print_ex CRYPTO_CALL(X509_NAME_print_ex)
#define X509_REVOKED_get0_revocationDate CRYPTO_CALL(X509_REVOKED_get0_revocationDate)
#define X509_REVOKED_get_ext_d2i CRYPTO_CALL(X509_REVOKED_get_ext_d2i)
#define X509_SIG_free CRYPTO_CALL(X509_SIG_free)
#define X509_SIG_get0 CRYPTO_CALL(X509_SIG_get0)
#define X509_STORE_CTX_free CRYPTO_CALL(X509_STORE_CTX_free)
#define X509_STORE_CTX_get0_param CRYPTO_CALL(X509_STORE_CTX_get0_param)
#define X509_STORE_CTX_get1_chain CRYPTO_CALL(X509_STORE_CTX_get1_chain)
#define X509_STORE_CTX_get_current_cert CRYPTO_CALL(X509_STORE_CTX_get_current_cert)
#define X509_STORE_CTX_get_error CRYPTO_CALL(X509_STORE_CTX_get_error)
#define X509_STORE_CTX_get_error_depth CRYPTO_CALL(X509_STORE_CTX_get_error_depth)
#define X509_STORE_CTX_init CRYPTO_CALL(X509_STORE_CTX_init)
#define X509_STORE_CTX_new CRYPTO_CALL(X509_STORE_CTX_new)
#define X509_STORE_CTX_set_time CRYPTO_CALL(X509_STORE_CTX_set_time)
#define X509_STORE_add_cert CRYPTO_CALL(X509_STORE_add_cert)
#define X509_STORE_free CRYPTO_CALL(X509_STORE_free)
#define X509_STORE_new CRYPTO_CALL(X509_STORE_new)
#define X509_VERIFY_PARAM_set_flags CRYPTO_CALL(X509_VERIFY_PARAM_set_flags)
#define X509_VERIFY_PARAM_set_time CRYPTO_CALL(X509_VERIFY_PARAM_set_time)
#define X509_add_ext CRYPTO_CALL(X509_add_ext)
#define X509_check_ca CRYPTO_CALL(X509_check_ca)
#define X509_check_issued CRYPTO_CALL(X509_check_issued)
#define X509_check_private_key CRYPTO_CALL(X509_check_private_key)
#define X509_check_purpose CRYPTO_CALL(X509_check_purpose)
#define X509_cmp CRYPTO_CALL(X509_cmp)
#define X509_cmp_time CRYPTO_CALL(X509_cmp_time)
#define X509_digest CRYPTO_CALL(X509_digest)
#define X509_email_free CRYPTO_CALL(X509_email_free)
#define X509_free CRYPTO_CALL(X509_free)
#define X509_get0_notAfter CRYPTO_CALL(X509_get0_notAfter)
#define X509_get0_notBefore CRYPTO_CALL(X509_get0_notBefore)
#define X509_get0_pubkey CRYPTO_CALL(X509_get0_pubkey)
#define X509_get0_serialNumber CRYPTO_CALL(X509_get0_serialNumber)
#define X509_get1_ocsp CRYPTO_CALL(X509_get1_ocsp)
#define X509_get_ext CRYPTO_CALL(X509_get_ext)
#define X509_get_ext_by_NID CRYPTO_CALL(X509_get_ext_by_NID)
#define X509_get_ext_d2i CRYPTO_CALL(X509_get_ext_d2i)
#define X509_get_extended_key_usage CRYPTO_CALL(X509_get_extended_key_usage)
#define X509_get_extension_flags CRYPTO_CALL(X509_get_extension_flags)
#define X509_get_issuer_name CRYPTO_CALL(X509_get_issuer_name)
#define X509_get_key_usage CRYPTO_CALL(X509_get_key_usage)
#define X509_get_serialNumber CRYPTO_CALL(X509_get_serialNumber)
#define X509_get_signature_info CRYPTO_CALL(X509_get_signature_info)
#define X509_get_signature_nid CRYPTO_CALL(X509_get_signature_nid)
#define X509_get_subject_name CRYPTO_CALL(X509_get_subject_name)
#define X509_getm_notAfter CRYPTO_CALL(X509_getm_notAfter)
#define X509_getm_notBefore CRYPTO_CALL(X509_getm_notBefore)
#define X509_keyid_get0 CRYPTO_CALL(X509_keyid_get0)
#define X509_keyid_set1 CRYPTO_CALL(X509_keyid_set1)
#define X509_new CRYPTO_CALL(X509_new)
#define X509_self_signed CRYPTO_CALL(X509_self_signed)
#define X509_set_issuer_name CRYPTO_CALL(X509_set_issuer_name)
#define X509_set_pubkey CRYPTO_CALL(X509_set_pubkey)
#define X509_set_subject_name CRYPTO_CALL(X509_set_subject_name)
#define X509_set_version CRYPTO_CALL(X509_set_version)
#define X509_sign CRYPTO_CALL(X509_sign)
#define X509_up_ref CRYPTO_CALL(X509_up_ref)
#define X509_verify CRYPTO_CALL(X509_verify)
#define X509_verify_cert CRYPTO_CALL(X509_verify_cert)
#define X509_verify_cert_error_string CRYPTO_CALL(X509_verify_cert_error_string)
#define d2i_ASN1_OBJECT CRYPTO_CALL(d2i_ASN1_OBJECT)
#define d2i_CMS_ContentInfo CRYPTO_CALL(d2i_CMS_ContentInfo)
#define d2i_ESS_SIGNING_CERT CRYPTO_CALL(d2i_ESS_SIGNING_CERT)
#define d2i_ESS_SIGNING_CERT_V2 CRYPTO_CALL(d2i_ESS_SIGNING_CERT_V2)
#define d2i_OCSP_BASICRESP CRYPTO_CALL(d2i_OCSP_BASICRESP)
#define d2i_OCSP_RESPONSE CRYPTO_CALL(d2i_OCSP_RESPONSE)
#define d2i_PKCS12 CRYPTO_CALL(d2i_PKCS12)
#define d2i_PKCS8_PRIV_KEY_INFO CRYPTO_CALL(d2i_PKCS8_PRIV_KEY_INFO)
#define d2i_TS_RESP CRYPTO_CALL(d2i_TS_RESP)
#define d2i_TS_TST_INFO CRYPTO_CALL(d2i_TS_TST_INFO)
#define d2i_X509 CRYPTO_CALL(d2i_X509)
#define d2i_X509_ALGOR CRYPTO_CALL(d2i_X509_ALGOR)
#define d2i_X509_AUX CRYPTO_CALL(d2i_X509_AUX)
#define d2i_X509_CRL CRYPTO_CALL(d2i_X509_CRL)
#define d2i_X509_SIG CRYPTO_CALL(d2i_X509_SIG)
#define i2d_CMS_ContentInfo CRYPTO_CALL(i2d_CMS_ContentInfo)
#define i2d_OCSP_BASICRESP CRYPTO_CALL(i2d_OCSP_BASICRESP)
#define i2d_OCSP_REQUEST CRYPTO_CALL(i2d_OCSP_REQUEST)
#define i2d_OCSP_RESPONSE CRYPTO_CALL(i2d_OCSP_RESPONSE)
#define i2d_PKCS12 CRYPTO_CALL(i2d_PKCS12)
#define i2d_PKCS7 CRYPTO_CALL(i2d_PKCS7)
#define i2d_TS_REQ CRYPTO_CALL(i2d_TS_REQ)
#define i2d_X509 CRYPTO_CALL(i2d_X509)
#define i2d_X509_CRL CRYPTO_CALL(i2d_X509_CRL)
#define i2s_ASN1_INTEGER CRYPTO_CALL(i2s_ASN1_INTEGER)

#endif /* CRYPTO_LOAD_TABLE_ONLY */

#endif
