/* mcp_http.c - MCP sessions over Streamable HTTP on loopback: one /mcp endpoint, plain sockets and poll(2). */
#include "mcp/mcp_transport.h"

#include "core/buf.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum {
	MAX_CONNS = 64,
	MAX_SESSIONS = 32,
	MAX_HEADER = 16384,
	READ_TIMEOUT_MS = 30000,        /* a request must arrive whole within this */
	IDLE_TIMEOUT_MS = 120000,       /* a keep-alive connection with nothing to do */
};

struct exch;

struct conn {
	int fd;
	struct buf in;
	struct buf out;
	size_t out_off;
	int close_after;        /* close once out is written */
	struct exch *ex;        /* a request still running: its SSE stream */
	long long since;        /* when the current request started arriving, or the last activity */
	struct conn *next;
};

struct session {
	char id[33];
	struct mcp_session *mcp;
	void *app;
	long long used;
	struct session *next;
};

/* One POST carrying a request: its messages, until the response. */
struct exch {
	struct conn *c;         /* NULL once the client hung up (the request runs on: not a cancel) */
	struct buf msgs[2];     /* [0]: messages while collecting (JSON-lines), [1] unused */
	int nmsgs;
	int streaming;          /* SSE headers sent: messages go out as events */
	int finished;
	struct exch *next;
};

struct http {
	const struct mcp_host *h;
	int lfd, port, family;
	struct conn *conns;
	struct session *sessions;
	struct exch *exchs;
	char ready_url[80];
};

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static long long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* --- the address ------------------------------------------------------------------------------ */

int mcp_http_parse_listen(const char *spec, int *family, int *port, char *err, size_t errlen)
{
	const char *colon = strrchr(spec, ':');
	const char *host = "127.0.0.1", *ps = spec;
	char hbuf[128] = "";
	if (colon) {
		size_t hn = (size_t)(colon - spec);
		if (hn >= sizeof hbuf) hn = sizeof hbuf - 1;
		memcpy(hbuf, spec, hn);
		hbuf[hn] = 0;
		host = hbuf;
		ps = colon + 1;
	}
	char *end;
	long p = strtol(ps, &end, 10);
	if (!*ps || *end || p < 0 || p > 65535 || !isdigit((unsigned char)*ps)) {
		msg_set(err, errlen, "--http takes 127.0.0.1:PORT, [::1]:PORT or localhost:PORT (PORT 0-65535), not '%.100s'",
			spec);
		return -1;
	}
	if (strcmp(host, "127.0.0.1") == 0 || strcasecmp(host, "localhost") == 0) {
		*family = AF_INET;
	} else if (strcmp(host, "[::1]") == 0) {
		*family = AF_INET6;
	} else {
		msg_set(err, errlen, "--http serves on loopback only (127.0.0.1:PORT or [::1]:PORT), not '%.100s': the MCP "
				     "server has no authentication, so no other address may reach it", spec);
		return -1;
	}
	*port = (int)p;
	return 0;
}

static int listen_on(struct http *x, char *err, size_t errlen)
{
	int fd = socket(x->family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		msg_set(err, errlen, "cannot create a socket: %s", strerror(errno));
		return -1;
	}
	int one = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	struct sockaddr_storage ss = { 0 };
	socklen_t len;
	if (x->family == AF_INET) {
		struct sockaddr_in *a = (struct sockaddr_in *)&ss;
		a->sin_family = AF_INET;
		a->sin_port = htons((uint16_t)x->port);
		a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		len = sizeof *a;
	} else {
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
		a->sin6_family = AF_INET6;
		a->sin6_port = htons((uint16_t)x->port);
		a->sin6_addr = in6addr_loopback;
		len = sizeof *a;
	}
	if (bind(fd, (struct sockaddr *)&ss, len) < 0 || listen(fd, 16) < 0) {
		msg_set(err, errlen, "cannot listen on %s:%d: %s", x->family == AF_INET ? "127.0.0.1" : "[::1]", x->port,
			strerror(errno));
		close(fd);
		return -1;
	}
	len = sizeof ss;
	getsockname(fd, (struct sockaddr *)&ss, &len);
	x->port = ntohs(x->family == AF_INET ? ((struct sockaddr_in *)&ss)->sin_port : ((struct sockaddr_in6 *)&ss)->sin6_port);
	x->lfd = fd;
	snprintf(x->ready_url, sizeof x->ready_url, "http://%s:%d/mcp", x->family == AF_INET ? "127.0.0.1" : "[::1]", x->port);
	return 0;
}

/* --- output ----------------------------------------------------------------------------------- */

static void conn_flush(struct conn *c)
{
	while (c->out_off < c->out.len) {
		ssize_t w = send(c->fd, c->out.data + c->out_off, c->out.len - c->out_off, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR) continue;
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
		if (w <= 0) {           /* the client is gone */
			c->out_off = c->out.len;
			c->close_after = 1;
			return;
		}
		c->out_off += (size_t)w;
	}
	buf_reset(&c->out);
	c->out_off = 0;
}

static void respond(struct conn *c, int status, const char *reason, const char *headers, const char *ctype,
		    const char *body, size_t len)
{
	buf_addf(&c->out, "HTTP/1.1 %d %s\r\n", status, reason);
	if (headers) buf_adds(&c->out, headers);
	if (ctype) buf_addf(&c->out, "Content-Type: %s\r\n", ctype);
	if (status != 204) buf_addf(&c->out, "Content-Length: %zu\r\n", len);
	buf_adds(&c->out, "Cache-Control: no-store\r\n");
	if (c->close_after) buf_adds(&c->out, "Connection: close\r\n");
	buf_adds(&c->out, "\r\n");
	if (len) buf_add(&c->out, body, len);
	conn_flush(c);
}

/* An HTTP error whose body is a JSON-RPC error without an id, as the specification allows. */
static void respond_error(struct conn *c, int status, const char *reason, int code, const char *message,
			  const char *headers)
{
	char *body = mcp_error_json(code, message);
	respond(c, status, reason, headers, "application/json", body, strlen(body));
	free(body);
}

static void sse_event(struct buf *b, const char *json)
{
	buf_adds(b, "event: message\ndata: ");
	buf_adds(b, json);
	buf_adds(b, "\n\n");
}

static void exch_free(struct http *x, struct exch *e)
{
	for (struct exch **p = &x->exchs; *p; p = &(*p)->next)
		if (*p == e) {
			*p = e->next;
			break;
		}
	if (e->c && e->c->ex == e) e->c->ex = NULL;
	buf_free(&e->msgs[0]);
	free(e);
}

/* The session's outgoing messages: collected while the request is handled, streamed after. */
static void http_send(void *ctx, void *origin, const char *json, int last)
{
	struct http *x = ctx;
	struct exch *e = origin;
	if (!e) return;             /* not tied to a request: no GET stream here, so nowhere to go */
	if (!e->streaming) {
		if (json) {
			buf_adds(&e->msgs[0], json);
			buf_addc(&e->msgs[0], '\n');
			e->nmsgs++;
		}
		if (last) e->finished = 1;
		return;
	}
	struct conn *c = e->c;
	if (c) {
		if (json) sse_event(&c->out, json);
		conn_flush(c);
	}
	if (last) {
		if (c) {
			c->close_after = 1;
			conn_flush(c);
		}
		e->finished = 1;
		exch_free(x, e);
	}
}

/* After handling: one message → application/json; several, or more to come → text/event-stream. */
static void exch_reply(struct http *x, struct exch *e, int pending)
{
	struct conn *c = e->c;
	if (!pending && e->nmsgs <= 1) {
		size_t n = e->msgs[0].len;
		if (n) n--;             /* the newline */
		respond(c, 200, "OK", NULL, "application/json", buf_str(&e->msgs[0]), n);
		exch_free(x, e);
		return;
	}
	struct buf body = BUF_INIT;
	for (char *line = e->msgs[0].data; line && *line;) {
		char *nl = strchr(line, '\n');
		*nl = 0;
		sse_event(&body, line);
		line = nl + 1;
	}
	if (!pending) {
		respond(c, 200, "OK", NULL, "text/event-stream", buf_str(&body), body.len);
		exch_free(x, e);
	} else {
		/* Streamed until the response: the body ends when the connection closes. No event ids:
		 * this server does not resume streams (GET is 405), so it offers no Last-Event-ID. */
		buf_adds(&c->out, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n"
				  "Connection: close\r\n\r\n");
		buf_add(&c->out, buf_str(&body), body.len);
		conn_flush(c);
		e->streaming = 1;
		c->ex = e;
		buf_reset(&e->msgs[0]);
	}
	buf_free(&body);
}

/* --- sessions ---------------------------------------------------------------------------------- */

static void session_free(struct http *x, struct session *s)
{
	for (struct session **p = &x->sessions; *p; p = &(*p)->next)
		if (*p == s) {
			*p = s->next;
			break;
		}
	mcp_session_free(s->mcp);
	x->h->app_free(s->app);
	free(s);
}

static struct session *session_find(struct http *x, const char *id)
{
	for (struct session *s = x->sessions; s; s = s->next)
		if (strcmp(s->id, id) == 0) return s;
	return NULL;
}

static int random_id(char out[33])
{
	unsigned char b[16];
	size_t got = 0;
	while (got < sizeof b) {
		ssize_t r = getrandom(b + got, sizeof b - got, 0);
		if (r < 0 && errno == EINTR) continue;
		if (r <= 0) return -1;
		got += (size_t)r;
	}
	for (int i = 0; i < 16; i++) snprintf(out + 2 * i, 3, "%02x", b[i]);
	return 0;
}

/* A new session, evicting the least recently used idle one when all places are taken. */
static struct session *session_new(struct http *x)
{
	size_t n = 0;
	struct session *lru = NULL;
	for (struct session *s = x->sessions; s; s = s->next) {
		n++;
		if (!mcp_session_pending(s->mcp) && (!lru || s->used < lru->used)) lru = s;
	}
	if (n >= MAX_SESSIONS) {
		if (!lru) return NULL;
		session_free(x, lru);
	}
	struct session *s = xcalloc(1, sizeof *s);
	if (random_id(s->id) < 0) {
		free(s);
		return NULL;
	}
	s->app = x->h->app_new(x->h->arg);
	s->mcp = mcp_session_new(x->h->def, s->app, http_send, x);
	s->used = now_ms();
	s->next = x->sessions;
	x->sessions = s;
	return s;
}

/* --- requests -------------------------------------------------------------------------------- */

struct request {
	char method[16];
	char target[256];
	int http10;
	const char *host, *origin, *ctype, *accept, *session, *version, *connection, *te;
	long clen;
	const char *body;
};

/* Header values are NUL-terminated in place. */
static int parse_head(char *head, struct request *r)
{
	memset(r, 0, sizeof *r);
	r->clen = -1;
	char *line = head, *eol = strstr(line, "\r\n");
	if (!eol) return -1;
	*eol = 0;
	char ver[16];
	if (sscanf(line, "%15s %255s %15s", r->method, r->target, ver) != 3 || strncmp(ver, "HTTP/1.", 7) != 0) return -1;
	r->http10 = strcmp(ver, "HTTP/1.0") == 0;
	for (line = eol + 2; *line; line = eol + 2) {
		eol = strstr(line, "\r\n");
		if (!eol) return -1;
		*eol = 0;
		char *colon = strchr(line, ':');
		if (!colon) return -1;
		*colon = 0;
		char *v = colon + 1;
		while (*v == ' ' || *v == '\t') v++;
		for (char *t = v + strlen(v); t > v && (t[-1] == ' ' || t[-1] == '\t'); t--) t[-1] = 0;
		const char **slot = strcasecmp(line, "host") == 0 ? &r->host
				   : strcasecmp(line, "origin") == 0 ? &r->origin
				   : strcasecmp(line, "content-type") == 0 ? &r->ctype
				   : strcasecmp(line, "accept") == 0 ? &r->accept
				   : strcasecmp(line, "mcp-session-id") == 0 ? &r->session
				   : strcasecmp(line, "mcp-protocol-version") == 0 ? &r->version
				   : strcasecmp(line, "connection") == 0 ? &r->connection
				   : strcasecmp(line, "transfer-encoding") == 0 ? &r->te : NULL;
		if (slot) {
			if (*slot) return -1;           /* a repeated header we rely on: ambiguous */
			*slot = v;
		} else if (strcasecmp(line, "content-length") == 0) {
			char *end;
			errno = 0;
			long n = strtol(v, &end, 10);
			if (!isdigit((unsigned char)*v) || *end || errno || r->clen >= 0) return -1;
			r->clen = n;
		}
	}
	return 0;
}

static int loopback_name(const char *h, size_t n)
{
	return (n == 9 && strncasecmp(h, "localhost", 9) == 0) || (n == 9 && strncmp(h, "127.0.0.1", 9) == 0) ||
	       (n == 5 && strncmp(h, "[::1]", 5) == 0);
}

/* Host must name this server by a loopback name (a DNS-rebinding page sends its own name). */
static int host_ok(const struct http *x, const char *host)
{
	if (!host) return 0;
	const char *colon = host[0] == '[' ? strstr(host, "]:") : strchr(host, ':');
	if (colon && host[0] == '[') colon++;
	size_t n = colon ? (size_t)(colon - host) : strlen(host);
	if (!loopback_name(host, n)) return 0;
	return !colon || atoi(colon + 1) == x->port;
}

/* An Origin, when sent, must be a loopback page (http or https, any port). */
static int origin_ok(const char *origin)
{
	if (!origin) return 1;
	const char *h = strncmp(origin, "http://", 7) == 0 ? origin + 7 : strncmp(origin, "https://", 8) == 0 ? origin + 8 : NULL;
	if (!h) return 0;
	const char *end = h[0] == '[' ? strchr(h, ']') : NULL;
	end = end ? end + 1 : h + strcspn(h, ":/");
	if (*end && *end != ':') return 0;
	if (*end == ':') {
		const char *p = end + 1;
		if (!*p || strspn(p, "0123456789") != strlen(p)) return 0;
	}
	return loopback_name(h, (size_t)(end - h));
}

static int has_token(const char *list, const char *tok)
{
	if (!list) return 0;
	size_t n = strlen(tok);
	for (const char *p = list; (p = strcasestr(p, tok)); p += n) {
		char after = p[n];
		if ((p == list || p[-1] == ' ' || p[-1] == ',') && (!after || after == ',' || after == ';' || after == ' '))
			return 1;
	}
	return 0;
}

/* Validation any request to the endpoint goes through. 0: go on; -1: answered. */
static int gate(struct http *x, struct conn *c, const struct request *r)
{
	char path[256];
	snprintf(path, sizeof path, "%s", r->target);
	path[strcspn(path, "?")] = 0;
	if (strcmp(path, "/mcp") != 0) {
		respond(c, 404, "Not Found", NULL, "text/plain", "the MCP endpoint is /mcp\n", 25);
		return -1;
	}
	if (!host_ok(x, r->host)) {
		respond_error(c, 403, "Forbidden", MCP_INVALID_REQUEST, "Forbidden: the Host header must name this loopback server", NULL);
		return -1;
	}
	if (!origin_ok(r->origin)) {
		respond_error(c, 403, "Forbidden", MCP_INVALID_REQUEST, "Forbidden: Origin is not a loopback page (DNS rebinding protection)", NULL);
		return -1;
	}
	if (r->version && !mcp_version_supported(r->version)) {
		char msg[200];
		snprintf(msg, sizeof msg, "Bad Request: unsupported MCP-Protocol-Version (this server speaks %s, %s)",
			 mcp_versions[0], mcp_versions[1]);
		respond_error(c, 400, "Bad Request", MCP_INVALID_REQUEST, msg, NULL);
		return -1;
	}
	return 0;
}

/* The session a request names: NULL after answering 400 (none named) or 404 (unknown or ended). */
static struct session *named_session(struct http *x, struct conn *c, const struct request *r)
{
	if (!r->session) {
		respond_error(c, 400, "Bad Request", MCP_INVALID_REQUEST,
			      "Bad Request: MCP-Session-Id header is required (initialize first)", NULL);
		return NULL;
	}
	struct session *s = session_find(x, r->session);
	if (!s) respond_error(c, 404, "Not Found", MCP_INVALID_REQUEST, "Session not found: initialize a new session", NULL);
	else s->used = now_ms();
	return s;
}

/* Capture a rejection's error message (for a message no session should see). */
static void capture_send(void *ctx, void *origin, const char *json, int last)
{
	(void)origin;
	(void)last;
	if (json) buf_adds(ctx, json);
}

static void handle_post(struct http *x, struct conn *c, const struct request *r)
{
	if (!has_token(r->accept, "application/json") || !has_token(r->accept, "text/event-stream")) {
		respond_error(c, 406, "Not Acceptable", MCP_INVALID_REQUEST,
			      "Not Acceptable: Accept must list application/json and text/event-stream", NULL);
		return;
	}
	if (!r->ctype || strncasecmp(r->ctype, "application/json", 16) != 0 || (r->ctype[16] && r->ctype[16] != ';')) {
		respond_error(c, 415, "Unsupported Media Type", MCP_INVALID_REQUEST,
			      "Unsupported Media Type: the body must be application/json", NULL);
		return;
	}
	char method[64];
	size_t len = (size_t)r->clen;
	int kind = mcp_message_kind(r->body, len, method, sizeof method);
	if (!kind) {                /* invalid JSON or not a JSON-RPC message: the protocol's own error */
		struct buf b = BUF_INIT;
		struct mcp_session *tmp = mcp_session_new(x->h->def, NULL, capture_send, &b);
		mcp_session_handle(tmp, r->body, len, NULL);
		mcp_session_free(tmp);
		respond(c, 400, "Bad Request", NULL, "application/json", buf_str(&b), b.len);
		buf_free(&b);
		return;
	}
	struct session *s;
	int fresh = 0;
	if (kind == 'q' && strcmp(method, "initialize") == 0) {
		if (r->session) {
			respond_error(c, 400, "Bad Request", MCP_INVALID_REQUEST,
				      "Bad Request: initialize starts a new session; send it without MCP-Session-Id", NULL);
			return;
		}
		s = session_new(x);
		if (!s) {
			respond_error(c, 503, "Service Unavailable", MCP_INTERNAL_ERROR, "Too many sessions are running", NULL);
			return;
		}
		fresh = 1;
	} else if (!(s = named_session(x, c, r))) {
		return;
	}
	struct exch *e = xcalloc(1, sizeof *e);
	e->c = c;
	e->next = x->exchs;
	x->exchs = e;
	enum mcp_handled h = mcp_session_handle(s->mcp, r->body, len, e);
	if (fresh && !mcp_session_initialized(s->mcp)) {    /* initialize refused: no session */
		session_free(x, s);
		s = NULL;
	}
	if (h == MCP_H_NOTHING || h == MCP_H_REJECTED) {
		if (h == MCP_H_NOTHING) respond(c, 202, "Accepted", NULL, NULL, NULL, 0);
		else respond(c, 400, "Bad Request", NULL, "application/json", buf_str(&e->msgs[0]),
			     e->msgs[0].len ? e->msgs[0].len - 1 : 0);
		exch_free(x, e);
		return;
	}
	if (fresh && s) {
		char hdr[80];
		snprintf(hdr, sizeof hdr, "MCP-Session-Id: %s\r\n", s->id);
		size_t n = e->msgs[0].len ? e->msgs[0].len - 1 : 0;
		respond(c, 200, "OK", hdr, "application/json", buf_str(&e->msgs[0]), n);
		exch_free(x, e);
		return;
	}
	exch_reply(x, e, h == MCP_H_PENDING);
}

static void handle_request(struct http *x, struct conn *c, const struct request *r)
{
	if (r->http10 || (r->connection && has_token(r->connection, "close"))) c->close_after = 1;
	if (gate(x, c, r) < 0) return;
	if (strcmp(r->method, "POST") == 0) {
		handle_post(x, c, r);
	} else if (strcmp(r->method, "DELETE") == 0) {
		struct session *s = named_session(x, c, r);
		if (!s) return;
		session_free(x, s);
		respond(c, 204, "No Content", NULL, NULL, NULL, 0);
	} else {
		/* GET would open a stream for server-initiated messages; this server sends none unasked. */
		respond_error(c, 405, "Method Not Allowed", MCP_INVALID_REQUEST,
			      "Method Not Allowed: POST one JSON-RPC message to /mcp (no server-sent stream on GET)",
			      "Allow: POST, DELETE\r\n");
	}
}

/* Parse whatever complete requests the connection holds (one at a time while a stream runs). */
static void conn_process(struct http *x, struct conn *c)
{
	while (!c->ex && !c->close_after && c->in.len) {
		char *end = strstr(c->in.data, "\r\n\r\n");
		if (!end) {
			if (c->in.len > MAX_HEADER) {
				c->close_after = 1;
				respond(c, 431, "Request Header Fields Too Large", NULL, NULL, NULL, 0);
			}
			return;
		}
		size_t head_len = (size_t)(end - c->in.data) + 4;
		char *head = xstrndup(c->in.data, head_len - 2);
		struct request r;
		if (parse_head(head, &r) < 0) {
			free(head);
			c->close_after = 1;
			respond(c, 400, "Bad Request", NULL, "text/plain", "malformed request\n", 18);
			return;
		}
		if (r.te) {
			free(head);
			c->close_after = 1;
			respond(c, 411, "Length Required", NULL, "text/plain", "send the body with Content-Length\n", 34);
			return;
		}
		if (r.clen < 0) r.clen = 0;
		if ((unsigned long)r.clen > MCP_MAX_MESSAGE) {
			free(head);
			c->close_after = 1;
			respond_error(c, 413, "Content Too Large", MCP_INVALID_REQUEST, "a message may hold at most 4 MiB", NULL);
			return;
		}
		if (c->in.len < head_len + (size_t)r.clen) {
			free(head);
			return;                 /* the body is still coming */
		}
		char *body = xstrndup(c->in.data + head_len, (size_t)r.clen);
		r.body = body;
		handle_request(x, c, &r);
		free(body);
		free(head);
		size_t used = head_len + (size_t)r.clen;
		memmove(c->in.data, c->in.data + used, c->in.len - used + 1);
		c->in.len -= used;
		c->since = now_ms();
	}
}

static void conn_close(struct http *x, struct conn *c)
{
	for (struct conn **p = &x->conns; *p; p = &(*p)->next)
		if (*p == c) {
			*p = c->next;
			break;
		}
	for (struct exch *e = x->exchs; e; e = e->next)
		if (e->c == c) e->c = NULL;     /* the request runs on; its messages have nowhere to go */
	close(c->fd);
	buf_free(&c->in);
	buf_free(&c->out);
	free(c);
}

static void accept_conns(struct http *x)
{
	for (;;) {
		int fd = accept4(x->lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) return;
		size_t n = 0;
		for (struct conn *c = x->conns; c; c = c->next) n++;
		if (n >= MAX_CONNS) {
			close(fd);
			continue;
		}
		struct conn *c = xcalloc(1, sizeof *c);
		c->fd = fd;
		c->since = now_ms();
		c->next = x->conns;
		x->conns = c;
	}
}

static void conn_read(struct http *x, struct conn *c)
{
	char chunk[65536];
	ssize_t r = recv(c->fd, chunk, sizeof chunk, 0);
	if (r < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) return;
	if (r <= 0) {
		c->close_after = 1;
		c->out_off = c->out.len = 0;
		return;
	}
	if (!c->in.len) c->since = now_ms();
	buf_add(&c->in, chunk, (size_t)r);
	if (c->in.len > MAX_HEADER + MCP_MAX_MESSAGE) {
		c->close_after = 1;
		return;
	}
	conn_process(x, c);
}

int mcp_http_run(const struct mcp_host *h, int family, int port, void (*on_ready)(const char *url), char *err,
		 size_t errlen)
{
	struct http x = { .h = h, .family = family, .port = port, .lfd = -1 };
	if (listen_on(&x, err, errlen) < 0) return -1;
	struct sigaction sa = { 0 };
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	stop_requested = 0;
	if (on_ready) on_ready(x.ready_url);
	struct pollfd p[1 + MAX_CONNS + MAX_SESSIONS];
	struct conn *pc[MAX_CONNS];
	struct session *ps[MAX_SESSIONS];
	while (!stop_requested) {
		int n = 0, nc = 0, ns = 0;
		p[n++] = (struct pollfd){ x.lfd, POLLIN, 0 };
		for (struct conn *c = x.conns; c && nc < MAX_CONNS; c = c->next) {
			pc[nc++] = c;
			p[n++] = (struct pollfd){ c->fd, (short)((c->ex ? 0 : POLLIN) | (c->out.len > c->out_off ? POLLOUT : 0)), 0 };
		}
		for (struct session *s = x.sessions; s && ns < MAX_SESSIONS; s = s->next) {
			ps[ns++] = s;
			p[n++] = (struct pollfd){ h->app_fd(s->app), POLLIN, 0 };
		}
		if (poll(p, (nfds_t)n, 1000) < 0) {
			if (errno == EINTR) continue;
			msg_set(err, errlen, "poll: %s", strerror(errno));
			break;
		}
		if (p[0].revents) accept_conns(&x);
		for (int i = 0; i < ns; i++)
			if (p[1 + nc + i].fd >= 0 && p[1 + nc + i].revents) h->app_service(ps[i]->app);
		long long now = now_ms();
		for (int i = 0; i < nc; i++) {
			struct conn *c = pc[i];
			short ev = p[1 + i].revents;
			if (ev & POLLOUT) conn_flush(c);
			if (ev & (POLLIN | POLLHUP | POLLERR)) {
				if (c->ex && (ev & (POLLHUP | POLLERR))) c->close_after = 1, c->out_off = c->out.len;
				else if (!c->ex) conn_read(&x, c);
			}
			int idle = !c->ex && c->out_off >= c->out.len;
			int timed_out = idle && (c->in.len ? now - c->since > READ_TIMEOUT_MS : now - c->since > IDLE_TIMEOUT_MS);
			if ((c->close_after && c->out_off >= c->out.len) || timed_out) conn_close(&x, c);
		}
	}
	while (x.sessions) session_free(&x, x.sessions);
	while (x.conns) {
		conn_flush(x.conns);
		conn_close(&x, x.conns);
	}
	while (x.exchs) exch_free(&x, x.exchs);
	close(x.lfd);
	return 0;
}
