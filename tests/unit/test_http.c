/* test_http.c - transport errors against loopback sockets: their short messages and which are retried (as databricks-sdk-go). */
#include "ws/http.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* A listening loopback socket; *port set. */
static int listen_any(int *port)
{
	int s = socket(AF_INET, SOCK_STREAM, 0);
	cr_assert_geq(s, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t al = sizeof a;
	cr_assert_eq(bind(s, (struct sockaddr *)&a, sizeof a), 0);
	cr_assert_eq(listen(s, 4), 0);
	cr_assert_eq(getsockname(s, (struct sockaddr *)&a, &al), 0);
	*port = ntohs(a.sin_port);
	return s;
}

enum how { H_RESET, H_CLOSE, H_SILENT };
struct server {
	int fd;
	enum how how;
};

/* Accept one connection, read the request, then reset it, close it, or say nothing until closed. */
static void *serve_one(void *p)
{
	struct server *sv = p;
	int c = accept(sv->fd, NULL, NULL);
	if (c < 0) return NULL;
	char buf[4096];
	ssize_t n = read(c, buf, sizeof buf);
	(void)n;
	if (sv->how == H_RESET) {
		struct linger l = { 1, 0 };
		setsockopt(c, SOL_SOCKET, SO_LINGER, &l, sizeof l);
	} else if (sv->how == H_SILENT) {
		while (read(c, buf, sizeof buf) > 0) {}   /* until the client gives up */
	}
	close(c);
	return NULL;
}

/* GET http://127.0.0.1:port/ once; the result's message freed; x left for inspection. */
static CURLcode get_once(struct http_xfer *x, int port, long timeout_ms)
{
	char url[64], host[64];
	snprintf(url, sizeof url, "http://127.0.0.1:%d/api/2.0/preview/scim/v2/Me", port);
	snprintf(host, sizeof host, "http://127.0.0.1:%d", port);
	struct http_opts o = { .timeout_ms = timeout_ms };
	cr_assert_eq(http_xfer_init(x, &o, url, "dapi-test", NULL, NULL, NULL), 0);
	CURLcode rc = http_xfer_perform(x);
	char *msg = NULL;
	cr_assert_null(http_xfer_result(x, rc, host, &msg));
	cr_assert_not_null(msg);
	free(msg);
	return rc;
}

static CURLcode against(enum how how, struct http_xfer *x, long timeout_ms)
{
	int port;
	struct server sv = { listen_any(&port), how };
	pthread_t t;
	cr_assert_eq(pthread_create(&t, NULL, serve_one, &sv), 0);
	CURLcode rc = get_once(x, port, timeout_ms);
	pthread_join(t, NULL);
	close(sv.fd);
	return rc;
}

Test(http, refused_is_named_briefly_and_retried)
{
	int port, s = listen_any(&port);
	close(s); /* nothing listens there now */
	struct http_xfer x;
	CURLcode rc = get_once(&x, port, 5000);
	cr_assert_eq(rc, CURLE_COULDNT_CONNECT);
	char want[96];
	snprintf(want, sizeof want, "cannot connect to 127.0.0.1:%d (connection refused)", port);
	cr_assert_str_eq(x.brief, want);
	cr_assert_eq(x.status, 0);
	cr_assert(http_retryable(&x, rc), "the SDK retries \"connection refused\"");
	http_xfer_cleanup(&x);
}

Test(http, reset_is_retried)
{
	struct http_xfer x;
	CURLcode rc = against(H_RESET, &x, 5000);
	cr_assert(rc == CURLE_RECV_ERROR || rc == CURLE_SEND_ERROR, "rc %d", rc);
	cr_assert_eq(x.os_errno, ECONNRESET);
	cr_assert(strstr(x.brief, "connection reset by peer"), "%s", x.brief);
	cr_assert(http_retryable(&x, rc), "the SDK retries \"connection reset by peer\"");
	http_xfer_cleanup(&x);
}

Test(http, closed_without_answer_is_not_retried)
{
	struct http_xfer x;
	CURLcode rc = against(H_CLOSE, &x, 5000);
	cr_assert_eq(rc, CURLE_GOT_NOTHING);
	cr_assert(strstr(x.brief, "closed without an answer"), "%s", x.brief);
	cr_assert_not(http_retryable(&x, rc), "Go's \"EOF\" is not among the SDK's transient errors");
	http_xfer_cleanup(&x);
}

Test(http, silence_after_connecting_is_not_retried)
{
	struct http_xfer x;
	CURLcode rc = against(H_SILENT, &x, 300);
	cr_assert_eq(rc, CURLE_OPERATION_TIMEDOUT);
	cr_assert(x.connected);
	cr_assert(strstr(x.brief, "stopped answering"), "%s", x.brief);
	cr_assert_not(http_retryable(&x, rc), "the SDK does not retry its inactivity timeout");
	http_xfer_cleanup(&x);
}

/* The cases no loopback socket makes: decided from what http_xfer_result recorded. */
Test(http, retry_rules_follow_the_sdk)
{
	struct http_xfer x;
	memset(&x, 0, sizeof x);
	cr_assert(http_retryable(&x, CURLE_OPERATION_TIMEDOUT), "a connect timeout is the dial's i/o timeout");
	x.os_errno = ETIMEDOUT;
	cr_assert(http_retryable(&x, CURLE_COULDNT_CONNECT));
	x.os_errno = EHOSTUNREACH;
	cr_assert_not(http_retryable(&x, CURLE_COULDNT_CONNECT), "no route to host is not transient for the SDK");
	x.os_errno = 0;
	cr_assert_not(http_retryable(&x, CURLE_COULDNT_RESOLVE_HOST), "a host that does not resolve");
	cr_assert_not(http_retryable(&x, CURLE_SSL_CONNECT_ERROR), "a TLS failure other than a handshake timeout");
	cr_assert_not(http_retryable(&x, CURLE_PEER_FAILED_VERIFICATION));
	cr_assert_not(http_retryable(&x, CURLE_PARTIAL_FILE), "Go's \"unexpected EOF\"");
	x.status = 503;
	cr_assert(http_retryable(&x, CURLE_OK));
	x.status = 429;
	cr_assert(http_retryable(&x, CURLE_OK));
	x.status = 404;
	cr_assert_not(http_retryable(&x, CURLE_OK));
}
