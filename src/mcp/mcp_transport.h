/* mcp_transport.h - carry MCP sessions over stdio (newline-delimited JSON) or Streamable HTTP on loopback. */
#ifndef PWAF_MCP_TRANSPORT_H
#define PWAF_MCP_TRANSPORT_H

#include "mcp/mcp.h"

#include <stddef.h>

/* What a transport needs to serve sessions: the definition and each session's application state. */
struct mcp_host {
	const struct mcp_server_def *def;
	void *(*app_new)(void *arg);        /* one per session */
	void (*app_free)(void *app);
	int (*app_fd)(void *app);           /* readable while the app has work for app_service, or -1 */
	void (*app_service)(void *app);
	void *arg;
};

/*
 * Serve one session on in_fd/out_fd: one JSON-RPC message per line each way (messages never hold a
 * newline); nothing but messages is written to out_fd. A line over MCP_MAX_MESSAGE gets a parse
 * error and is skipped. Returns 0 when the input ends (or SIGTERM/SIGINT), 1 when out_fd fails.
 */
int mcp_stdio_run(const struct mcp_host *h, int in_fd, int out_fd);

/*
 * Parse --http's address: "127.0.0.1:PORT", "[::1]:PORT", "localhost:PORT" (127.0.0.1) or "PORT"
 * (127.0.0.1); PORT 0 picks a free one. Anything but a loopback address is refused: the server has
 * no authentication. Returns 0 with the family (AF_INET / AF_INET6) and port, or -1 with err set.
 */
int mcp_http_parse_listen(const char *spec, int *family, int *port, char *err, size_t errlen);

/*
 * Serve Streamable HTTP (MCP 2025-06-18 / 2025-11-25) at http://ADDR:PORT/mcp until SIGTERM or
 * SIGINT: POST carries one message (202 for notifications and responses; a request gets
 * application/json, or text/event-stream when notifications come before its response), GET and
 * other methods 405, DELETE ends a session. Sessions are named by an MCP-Session-Id (128 random
 * bits) given with the initialize response; a missing one is 400, an unknown one 404. The Origin
 * (when sent) and the Host must be loopback names, else 403 (DNS rebinding); an MCP-Protocol-Version
 * header this server does not speak is 400. on_ready (may be NULL) gets the URL once listening.
 * Returns 0, or -1 with err set (cannot listen).
 */
int mcp_http_run(const struct mcp_host *h, int family, int port, void (*on_ready)(const char *url), char *err,
		 size_t errlen);

#endif
