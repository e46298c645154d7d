#include "ccurl_shim.h"

CURLcode odh_curl_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
CURLcode odh_curl_setopt_ptr(CURL *h, CURLoption o, const void *v) { return curl_easy_setopt(h, o, v); }
CURLcode odh_curl_setopt_blob(CURL *h, CURLoption o, const void *data, size_t len) {
    struct curl_blob blob;
    blob.data = (void *)data;
    blob.len = len;
    blob.flags = CURL_BLOB_COPY; /* curl keeps its own copy: the Swift buffer may go away */
    return curl_easy_setopt(h, o, &blob);
}
CURLcode odh_curl_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }
CURLcode odh_curl_getinfo_double(CURL *h, CURLINFO i, double *v) { return curl_easy_getinfo(h, i, v); }
CURLcode odh_curl_setopt_write(CURL *h, CURLoption o, odh_curl_data_cb cb) { return curl_easy_setopt(h, o, cb); }
CURLcode odh_curl_setopt_xferinfo(CURL *h, odh_curl_xferinfo_cb cb) {
    CURLcode rc = curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, cb);
    if (rc != CURLE_OK) return rc;
    return curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
}
CURLMcode odh_curl_multi_setopt_long(CURLM *m, CURLMoption o, long v) { return curl_multi_setopt(m, o, v); }
CURLcode odh_curl_unpause(CURL *h) { return curl_easy_pause(h, CURLPAUSE_CONT); }
int odh_curl_multi_next_done(CURLM *m, CURL **easy, CURLcode *result) {
    int queued = 0;
    CURLMsg *msg;
    while ((msg = curl_multi_info_read(m, &queued)) != NULL) {
        if (msg->msg == CURLMSG_DONE) {
            *easy = msg->easy_handle;
            *result = msg->data.result;
            return 1;
        }
    }
    return 0;
}
CURLcode odh_curl_setopt_sockopt(CURL *h, odh_curl_sockopt_cb cb, void *userdata) {
    CURLcode rc = curl_easy_setopt(h, CURLOPT_SOCKOPTFUNCTION, cb);
    if (rc != CURLE_OK) return rc;
    return curl_easy_setopt(h, CURLOPT_SOCKOPTDATA, userdata);
}
CURLcode odh_curl_setopt_closesocket(CURL *h, odh_curl_closesocket_cb cb, void *userdata) {
    CURLcode rc = curl_easy_setopt(h, CURLOPT_CLOSESOCKETFUNCTION, cb);
    if (rc != CURLE_OK) return rc;
    return curl_easy_setopt(h, CURLOPT_CLOSESOCKETDATA, userdata);
}

volatile sig_atomic_t odh_interrupted = 0;

static void odh_on_interrupt(int sig) {
    (void)sig;
    odh_interrupted = 1;
}

void odh_install_interrupt_handler(void) {
    struct sigaction action;
    action.sa_handler = odh_on_interrupt;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGTERM, &action, NULL);
    /* A closed pipe (| head) must surface as EPIPE on write, not kill the process mid-line. */
    signal(SIGPIPE, SIG_IGN);
}

int odh_was_interrupted(void) { return odh_interrupted != 0; }
