#ifndef CCURL_SHIM_H
#define CCURL_SHIM_H
#include <curl/curl.h>

// Typed, non-variadic wrappers: Swift cannot call C variadic functions.
CURLcode odh_curl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode odh_curl_setopt_ptr(CURL *handle, CURLoption option, const void *value);
CURLcode odh_curl_setopt_blob(CURL *handle, CURLoption option, const void *data, size_t len);
CURLcode odh_curl_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode odh_curl_getinfo_double(CURL *handle, CURLINFO info, double *value);

typedef size_t (*odh_curl_data_cb)(char *ptr, size_t size, size_t nmemb, void *userdata);
typedef int (*odh_curl_xferinfo_cb)(void *userdata, curl_off_t dltotal, curl_off_t dlnow,
                                    curl_off_t ultotal, curl_off_t ulnow);
CURLcode odh_curl_setopt_write(CURL *handle, CURLoption option, odh_curl_data_cb cb);
CURLcode odh_curl_setopt_xferinfo(CURL *handle, odh_curl_xferinfo_cb cb);
CURLMcode odh_curl_multi_setopt_long(CURLM *multi, CURLMoption option, long value);

/* The log engine's multi loop. CURLPAUSE_CONT is a macro expression Swift does not import,
   and CURLMsg carries its result in a union: small helpers keep that C-side. */
CURLcode odh_curl_unpause(CURL *handle);
/* The next finished transfer: returns 1 and fills easy/result, or 0 when none is left. */
int odh_curl_multi_next_done(CURLM *multi, CURL **easy, CURLcode *result);

/* Socket hooks so another thread can cancel a blocking transfer at once (shutdown(2) on
   its socket) instead of waiting up to a second for the progress callback. */
typedef int (*odh_curl_sockopt_cb)(void *userdata, curl_socket_t fd, curlsocktype purpose);
typedef int (*odh_curl_closesocket_cb)(void *userdata, curl_socket_t fd);
CURLcode odh_curl_setopt_sockopt(CURL *handle, odh_curl_sockopt_cb cb, void *userdata);
CURLcode odh_curl_setopt_closesocket(CURL *handle, odh_curl_closesocket_cb cb, void *userdata);
#endif

#ifndef ODH_SIGNALS
#define ODH_SIGNALS
#include <signal.h>
/* Set by the SIGINT/SIGTERM handler; read by transfers so Ctrl-C ends them within a second.
   A sig_atomic_t written from a C handler is the only async-signal-safe way to do this. */
extern volatile sig_atomic_t odh_interrupted;
void odh_install_interrupt_handler(void);
int odh_was_interrupted(void);
#endif
