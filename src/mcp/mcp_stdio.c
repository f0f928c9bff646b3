/* mcp_stdio.c - one MCP session over stdin/stdout: newline-delimited JSON-RPC, nothing else on stdout. */
#include "mcp/mcp_transport.h"

#include "core/buf.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct out {
	int fd;
	int failed;
};

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR) continue;
		if (w <= 0) return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Every message is one line; a cancelled exchange (json NULL) needs nothing on stdio. */
static void stdio_send(void *ctx, void *origin, const char *json, int last)
{
	(void)origin;
	(void)last;
	struct out *o = ctx;
	if (!json || o->failed) return;
	size_t n = strlen(json);
	char *line = xmalloc(n + 1);
	memcpy(line, json, n);
	line[n] = '\n';
	if (write_all(o->fd, line, n + 1) < 0) o->failed = 1;
	free(line);
}

int mcp_stdio_run(const struct mcp_host *h, int in_fd, int out_fd)
{
	struct sigaction sa = { 0 };
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	stop_requested = 0;

	struct out o = { out_fd, 0 };
	void *app = h->app_new(h->arg);
	struct mcp_session *s = mcp_session_new(h->def, app, stdio_send, &o);
	struct buf in = BUF_INIT;
	int skipping = 0, eof = 0;
	while (!eof && !o.failed && !stop_requested) {
		struct pollfd p[2] = { { in_fd, POLLIN, 0 }, { h->app_fd(app), POLLIN, 0 } };
		int np = p[1].fd >= 0 ? 2 : 1;
		if (poll(p, (nfds_t)np, -1) < 0) {
			if (errno == EINTR) continue;
			break;
		}
		if (np == 2 && p[1].revents) h->app_service(app);
		if (!p[0].revents) continue;
		char chunk[65536];
		ssize_t r = read(in_fd, chunk, sizeof chunk);
		if (r < 0 && (errno == EINTR || errno == EAGAIN)) continue;
		if (r <= 0) {
			eof = 1;
			if (in.len && !skipping) mcp_session_handle(s, in.data, in.len, NULL);  /* a last line without \n */
			break;
		}
		size_t start = 0;
		for (size_t i = 0; i < (size_t)r; i++) {
			if (chunk[i] != '\n') continue;
			if (skipping) {
				skipping = 0;
			} else {
				buf_add(&in, chunk + start, i - start);
				mcp_session_handle(s, buf_str(&in), in.len, NULL);
			}
			buf_reset(&in);
			start = i + 1;
		}
		if (!skipping) buf_add(&in, chunk + start, (size_t)r - start);
		if (in.len > MCP_MAX_MESSAGE) {
			char *e = mcp_error_json(MCP_PARSE_ERROR, "Parse error: message longer than 4 MiB");
			stdio_send(&o, NULL, e, 1);
			free(e);
			buf_reset(&in);
			skipping = 1;
		}
	}
	buf_free(&in);
	mcp_session_free(s);            /* cancels a running fetch */
	h->app_free(app);
	return o.failed ? 1 : 0;
}
