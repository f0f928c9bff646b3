/* mcp.h - the Model Context Protocol server side: JSON-RPC 2.0 messages, lifecycle, dispatch, schemas. */
#ifndef PWAF_MCP_H
#define PWAF_MCP_H

#include <stddef.h>

/*
 * This module knows MCP (revisions 2025-06-18 and 2025-11-25) and nothing of pwaf: the tools,
 * resources and prompts come from a struct mcp_server_def, the bytes go through a transport
 * (mcp_stdio.c, mcp_http.c). It never writes to stdout or stderr itself and includes no curses.
 *
 * One struct mcp_session is one MCP session: the initialize handshake, the negotiated version,
 * the log level and the requests still running. A transport feeds it one JSON-RPC message at a
 * time (mcp_session_handle) and gets every outgoing message through its send callback.
 */

struct cJSON;

/* JSON-RPC 2.0 error codes, and MCP's resource-not-found. */
enum {
	MCP_PARSE_ERROR = -32700,
	MCP_INVALID_REQUEST = -32600,
	MCP_METHOD_NOT_FOUND = -32601,
	MCP_INVALID_PARAMS = -32602,
	MCP_INTERNAL_ERROR = -32603,
	MCP_RESOURCE_NOT_FOUND = -32002,
};

#define MCP_LATEST_VERSION "2025-11-25"
/* Largest message accepted (the transports enforce it). */
#define MCP_MAX_MESSAGE (4u << 20)

/* The protocol versions served, newest first, NULL-terminated. */
extern const char *const mcp_versions[];
/* 1 when v is one of mcp_versions. */
int mcp_version_supported(const char *v);

/* RFC 5424 levels as MCP names them. */
enum mcp_log_level { MCP_LOG_DEBUG, MCP_LOG_INFO, MCP_LOG_NOTICE, MCP_LOG_WARNING, MCP_LOG_ERROR,
		     MCP_LOG_CRITICAL, MCP_LOG_ALERT, MCP_LOG_EMERGENCY, MCP_LOG_NLEVELS };
const char *mcp_log_level_name(enum mcp_log_level l);
/* The level of a name, or -1. */
int mcp_log_level_parse(const char *name);

struct mcp_session;
struct mcp_call;

/*
 * Outgoing messages. json is one complete JSON-RPC message without a newline (it never holds
 * one: strings are escaped). origin is the transport's tag of the incoming request this message
 * belongs to (a response, or a progress or log notification while that request runs), NULL for
 * one related to no request. last is 1 for the message that ends origin's exchange: the response.
 * json NULL with last 1 ends the exchange without a response (the request was cancelled).
 * The string is only valid during the call.
 */
typedef void (*mcp_send_fn)(void *ctx, void *origin, const char *json, int last);

/* --- what a server offers ---------------------------------------------------------------- */

enum mcp_tool_rc { MCP_TOOL_DONE, MCP_TOOL_PENDING };

/* Tool annotation hints (behaviour an assistant may rely on; untrusted for clients). */
enum { MCP_HINT_READ_ONLY = 1, MCP_HINT_DESTRUCTIVE = 2, MCP_HINT_IDEMPOTENT = 4, MCP_HINT_OPEN_WORLD = 8 };

struct mcp_tool {
	const char *name, *title, *description;
	struct cJSON *input_schema;     /* a JSON Schema object (owned by whoever built the table) */
	struct cJSON *output_schema;    /* or NULL */
	unsigned hints;
	/*
	 * Run with arguments already validated against input_schema (an object, never NULL).
	 * Either finish before returning (mcp_call_result or mcp_call_tool_error) and return
	 * MCP_TOOL_DONE, or return MCP_TOOL_PENDING and finish later from mcp_server_def.service
	 * (or have the call cancelled through mcp_server_def.cancel).
	 */
	enum mcp_tool_rc (*run)(void *app, struct mcp_call *call, const struct cJSON *args);
};

struct mcp_prompt_arg {
	const char *name, *description;
	int required;
};

struct mcp_prompt {
	const char *name, *title, *description;
	const struct mcp_prompt_arg *args;     /* terminated by a NULL name */
	/* Fill result (an object: add "description" and "messages"). args holds only strings.
	 * Returns 0, or -1 with a message in err: the request gets -32602 (invalid params). */
	int (*get)(void *app, const struct cJSON *args, struct cJSON *result, char *err, size_t errlen);
};

struct mcp_template {
	const char *uri_template, *name, *title, *description, *mime_type;
};

struct mcp_server_def {
	const char *name, *title, *version;
	const char *description, *website;      /* sent to 2025-11-25 clients only; may be NULL */
	const char *instructions;               /* may be NULL */
	const struct mcp_tool *tools;
	size_t ntools;
	const struct mcp_prompt *prompts;
	size_t nprompts;
	const struct mcp_template *templates;
	size_t ntemplates;
	/* Resources: how many, and the i-th as an MCP Resource object (caller frees). */
	size_t (*resource_count)(void *app);
	struct cJSON *(*resource_at)(void *app, size_t i);
	/* Read a resource into contents (an array: add the content objects). Returns 0, 1 when no
	 * resource has this uri (-32002), -1 with a message in err (-32603). */
	int (*resource_read)(void *app, const char *uri, struct cJSON *contents, char *err, size_t errlen);
	/* Stop a pending call (notifications/cancelled, or the session ends): forget every reference
	 * to it; the session frees it afterwards and sends no response. May be NULL without pending tools. */
	void (*cancel)(void *app, struct mcp_call *call);
	size_t page_size;                       /* list pages; 0: 100 */
};

/* --- sessions ------------------------------------------------------------------------------ */

/* A new session (before initialize). def and app must outlive it. Never NULL. */
struct mcp_session *mcp_session_new(const struct mcp_server_def *def, void *app, mcp_send_fn send, void *ctx);
/* Cancel the pending calls (through def->cancel; their exchanges end without a response) and free. */
void mcp_session_free(struct mcp_session *s);

enum mcp_handled {
	MCP_H_NOTHING,          /* a notification, a client's response, or a blank line: nothing was sent */
	MCP_H_RESPONDED,        /* a request answered (its response went out with last = 1) */
	MCP_H_PENDING,          /* a request still running: its response comes later */
	MCP_H_REJECTED,         /* not a valid message: an error response without an id went out */
};

/*
 * Handle one incoming message (data need not be NUL-terminated). Every outcome is a message:
 * invalid JSON gets -32700, a batch or a malformed object -32600, an unknown method -32601,
 * bad params -32602 naming what was wrong; the session keeps serving after any of them.
 * origin is handed back to send for the messages of this exchange.
 */
enum mcp_handled mcp_session_handle(struct mcp_session *s, const char *data, size_t len, void *origin);

/* The negotiated version (NULL before initialize), and whether initialize has been answered. */
const char *mcp_session_version(const struct mcp_session *s);
int mcp_session_initialized(const struct mcp_session *s);
/* Requests still running. */
size_t mcp_session_pending(const struct mcp_session *s);

/*
 * What kind of message data holds, without handling it (for the HTTP transport, which must know
 * an initialize request before it has a session): 'q' a request, 'n' a notification, 'r' a
 * response, 0 not a JSON-RPC message (including invalid JSON). When method is not NULL it gets
 * the method name (truncated to mlen) or "".
 */
int mcp_message_kind(const char *data, size_t len, char *method, size_t mlen);

/* A JSON-RPC error response with a null id (for a transport refusing a message). malloc'd. */
char *mcp_error_json(int code, const char *message);

/* Log to the client as notifications/message when level is at or above the session's level
 * (logging/setLevel; info until set). related: the call it belongs to, or NULL. data is taken. */
void mcp_log(struct mcp_session *s, struct mcp_call *related, enum mcp_log_level level, const char *logger,
	     struct cJSON *data);

/* --- calls: one running tools/call ---------------------------------------------------------- */

/* Finish with a result object (taken): the response is sent. */
void mcp_call_result(struct mcp_call *c, struct cJSON *result);
/* Finish with a tool-level error: {"content":[{"type":"text","text":...}],"isError":true}. */
void mcp_call_tool_error(struct mcp_call *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* notifications/progress for this call when the request carried _meta.progressToken; progress must
 * grow (a value not above the last one sent is skipped); total < 0: unknown; message may be NULL. */
void mcp_call_progress(struct mcp_call *c, double progress, double total, const char *message);
struct mcp_session *mcp_call_session(struct mcp_call *c);
/* The request id as JSON text ("7" or "\"abc\""), for messages. */
const char *mcp_call_id_text(const struct mcp_call *c);
/* The app's own pointer for a pending call. */
void mcp_call_set_data(struct mcp_call *c, void *data);
void *mcp_call_data(const struct mcp_call *c);

/*
 * A tool result: structured (taken) as structuredContent and, as the specification asks for
 * compatibility, serialized in a text content block. Extra content blocks (taken, may be NULL)
 * are appended after it.
 */
struct cJSON *mcp_tool_result(struct cJSON *structured, struct cJSON *extra_blocks);

/* --- JSON Schema (the subset the tools' schemas use) ---------------------------------------- */

/*
 * Validate value against schema: type (object, array, string, integer, number, boolean, null, or a
 * list of them), properties, required, additionalProperties false, enum, minimum, maximum,
 * minLength, maxLength (code points), items, minItems, maxItems. Other keywords are ignored.
 * Returns 0, or -1 with a message naming the path and what was wrong in err
 * ("limit: expected integer, got string \"ten\"").
 */
int mcp_schema_validate(const struct cJSON *schema, const struct cJSON *value, const char *path, char *err,
			size_t errlen);

#endif
