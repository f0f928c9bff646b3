/* mcp.c - the Model Context Protocol server side: JSON-RPC 2.0 parsing, lifecycle, dispatch, schemas. */
#include "mcp/mcp.h"
#include "core/errlen.h"

#include "core/buf.h"
#include "core/sanitize.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const mcp_versions[] = { "2025-11-25", "2025-06-18", NULL };

int mcp_version_supported(const char *v)
{
	for (int i = 0; v && mcp_versions[i]; i++)
		if (strcmp(v, mcp_versions[i]) == 0) return 1;
	return 0;
}

static const char *const level_names[MCP_LOG_NLEVELS] = { "debug", "info", "notice", "warning", "error",
							   "critical", "alert", "emergency" };

const char *mcp_log_level_name(enum mcp_log_level l)
{
	return (unsigned)l < MCP_LOG_NLEVELS ? level_names[l] : "?";
}

int mcp_log_level_parse(const char *name)
{
	for (int i = 0; name && i < MCP_LOG_NLEVELS; i++)
		if (strcmp(name, level_names[i]) == 0) return i;
	return -1;
}

struct mcp_call {
	struct mcp_session *s;
	cJSON *id;                 /* the request id (string or integer) */
	char *id_text;
	cJSON *progress_token;     /* NULL: the client asked for no progress */
	double last_progress;
	int sent_progress;
	void *origin;
	void *data;
	int done;                  /* the response went out */
	int pending;               /* in s->calls */
	struct mcp_call *next;
};

struct mcp_session {
	const struct mcp_server_def *def;
	void *app;
	mcp_send_fn send;
	void *ctx;
	char version[16];          /* "" before initialize */
	int initialized;           /* initialize answered */
	int client_ready;          /* notifications/initialized received */
	enum mcp_log_level level;
	struct mcp_call *calls;    /* pending */
};

/* --- output --------------------------------------------------------------------------------- */

static void send_json(struct mcp_session *s, void *origin, cJSON *msg, int last)
{
	char *text = cJSON_PrintUnformatted(msg);
	if (text) s->send(s->ctx, origin, text, last);
	free(text);
	cJSON_Delete(msg);
}

/* A copy of a request id to send back: integers exactly (cJSON would print 2^53-1 with 15 digits). */
static cJSON *id_copy(const cJSON *id)
{
	if (!cJSON_IsNumber(id)) return cJSON_Duplicate(id, 1);
	char num[32];
	snprintf(num, sizeof num, "%lld", (long long)id->valuedouble);
	return cJSON_CreateRaw(num);
}

static cJSON *error_object(const cJSON *id, int code, const char *message, cJSON *data)
{
	cJSON *m = cJSON_CreateObject();
	cJSON_AddStringToObject(m, "jsonrpc", "2.0");
	cJSON_AddItemToObject(m, "id", id ? id_copy(id) : cJSON_CreateNull());
	cJSON *e = cJSON_AddObjectToObject(m, "error");
	cJSON_AddNumberToObject(e, "code", code);
	char *safe = sanitize_line(message, strlen(message));
	cJSON_AddStringToObject(e, "message", safe ? safe : "error");
	free(safe);
	if (data) cJSON_AddItemToObject(e, "data", data);
	return m;
}

char *mcp_error_json(int code, const char *message)
{
	cJSON *m = error_object(NULL, code, message, NULL);
	char *text = cJSON_PrintUnformatted(m);
	cJSON_Delete(m);
	return text ? text : xstrdup("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32603,\"message\":\"out of memory\"}}");
}

static void send_error(struct mcp_session *s, void *origin, const cJSON *id, int code, cJSON *data, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
static void send_error(struct mcp_session *s, void *origin, const cJSON *id, int code, cJSON *data, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	send_json(s, origin, error_object(id, code, msg, data), 1);
}

static void send_result(struct mcp_session *s, void *origin, const cJSON *id, cJSON *result)
{
	cJSON *m = cJSON_CreateObject();
	cJSON_AddStringToObject(m, "jsonrpc", "2.0");
	cJSON_AddItemToObject(m, "id", id_copy(id));
	cJSON_AddItemToObject(m, "result", result ? result : cJSON_CreateObject());
	send_json(s, origin, m, 1);
}

static void send_notification(struct mcp_session *s, void *origin, const char *method, cJSON *params)
{
	cJSON *m = cJSON_CreateObject();
	cJSON_AddStringToObject(m, "jsonrpc", "2.0");
	cJSON_AddStringToObject(m, "method", method);
	if (params) cJSON_AddItemToObject(m, "params", params);
	send_json(s, origin, m, 0);
}

void mcp_log(struct mcp_session *s, struct mcp_call *related, enum mcp_log_level level, const char *logger, cJSON *data)
{
	if (!s || level < s->level || !s->initialized) {
		cJSON_Delete(data);
		return;
	}
	cJSON *p = cJSON_CreateObject();
	cJSON_AddStringToObject(p, "level", mcp_log_level_name(level));
	if (logger) cJSON_AddStringToObject(p, "logger", logger);
	cJSON_AddItemToObject(p, "data", data ? data : cJSON_CreateNull());
	send_notification(s, related ? related->origin : NULL, "notifications/message", p);
}

/* --- sessions ------------------------------------------------------------------------------- */

struct mcp_session *mcp_session_new(const struct mcp_server_def *def, void *app, mcp_send_fn send, void *ctx)
{
	struct mcp_session *s = xcalloc(1, sizeof *s);
	s->def = def;
	s->app = app;
	s->send = send;
	s->ctx = ctx;
	s->level = MCP_LOG_INFO;
	return s;
}

static void call_free(struct mcp_call *c)
{
	if (!c) return;
	cJSON_Delete(c->id);
	cJSON_Delete(c->progress_token);
	free(c->id_text);
	free(c);
}

static void unlink_call(struct mcp_session *s, struct mcp_call *c)
{
	for (struct mcp_call **p = &s->calls; *p; p = &(*p)->next)
		if (*p == c) {
			*p = c->next;
			c->pending = 0;
			return;
		}
}

/* Cancel a pending call: the app stops it, its exchange ends without a response. */
static void cancel_call(struct mcp_session *s, struct mcp_call *c)
{
	unlink_call(s, c);
	if (s->def->cancel) s->def->cancel(s->app, c);
	s->send(s->ctx, c->origin, NULL, 1);
	call_free(c);
}

void mcp_session_free(struct mcp_session *s)
{
	if (!s) return;
	while (s->calls) cancel_call(s, s->calls);
	free(s);
}

const char *mcp_session_version(const struct mcp_session *s)
{
	return s->version[0] ? s->version : NULL;
}

int mcp_session_initialized(const struct mcp_session *s)
{
	return s->initialized;
}

size_t mcp_session_pending(const struct mcp_session *s)
{
	size_t n = 0;
	for (const struct mcp_call *c = s->calls; c; c = c->next) n++;
	return n;
}

/* --- calls ---------------------------------------------------------------------------------- */

struct mcp_session *mcp_call_session(struct mcp_call *c)
{
	return c->s;
}

const char *mcp_call_id_text(const struct mcp_call *c)
{
	return c->id_text;
}

void mcp_call_set_data(struct mcp_call *c, void *data)
{
	c->data = data;
}

void *mcp_call_data(const struct mcp_call *c)
{
	return c->data;
}

void mcp_call_result(struct mcp_call *c, cJSON *result)
{
	if (c->done) {
		cJSON_Delete(result);
		return;
	}
	c->done = 1;
	send_result(c->s, c->origin, c->id, result);
	if (c->pending) {
		unlink_call(c->s, c);
		call_free(c);
	}
}

void mcp_call_tool_error(struct mcp_call *c, const char *fmt, ...)
{
	char msg[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	char *safe = sanitize_text(msg, strlen(msg), 0, NULL);
	cJSON *r = cJSON_CreateObject();
	cJSON *t = cJSON_CreateObject();
	cJSON_AddStringToObject(t, "type", "text");
	cJSON_AddStringToObject(t, "text", safe ? safe : msg);
	cJSON_AddItemToArray(cJSON_AddArrayToObject(r, "content"), t);
	cJSON_AddBoolToObject(r, "isError", 1);
	free(safe);
	mcp_call_result(c, r);
}

void mcp_call_progress(struct mcp_call *c, double progress, double total, const char *message)
{
	if (!c->progress_token || c->done) return;
	if (c->sent_progress && !(progress > c->last_progress)) return;
	c->sent_progress = 1;
	c->last_progress = progress;
	cJSON *p = cJSON_CreateObject();
	cJSON_AddItemToObject(p, "progressToken", id_copy(c->progress_token));
	cJSON_AddNumberToObject(p, "progress", progress);
	if (total >= 0) cJSON_AddNumberToObject(p, "total", total);
	if (message) {
		char *safe = sanitize_line(message, strlen(message));
		cJSON_AddStringToObject(p, "message", safe ? safe : "");
		free(safe);
	}
	send_notification(c->s, c->origin, "notifications/progress", p);
}

cJSON *mcp_tool_result(cJSON *structured, cJSON *extra_blocks)
{
	cJSON *r = cJSON_CreateObject();
	cJSON *content = cJSON_AddArrayToObject(r, "content");
	char *text = cJSON_PrintUnformatted(structured);
	cJSON *t = cJSON_CreateObject();
	cJSON_AddStringToObject(t, "type", "text");
	cJSON_AddStringToObject(t, "text", text ? text : "{}");
	free(text);
	cJSON_AddItemToArray(content, t);
	if (extra_blocks) {
		cJSON *b;
		while ((b = cJSON_DetachItemFromArray(extra_blocks, 0))) cJSON_AddItemToArray(content, b);
		cJSON_Delete(extra_blocks);
	}
	cJSON_AddItemToObject(r, "structuredContent", structured);
	return r;
}

/* --- JSON Schema subset ------------------------------------------------------------------- */

static const char *json_type(const cJSON *v)
{
	if (cJSON_IsObject(v)) return "object";
	if (cJSON_IsArray(v)) return "array";
	if (cJSON_IsString(v)) return "string";
	if (cJSON_IsBool(v)) return "boolean";
	if (cJSON_IsNull(v)) return "null";
	if (cJSON_IsNumber(v)) {
		double d = v->valuedouble;
		return isfinite(d) && d == floor(d) ? "integer" : "number";
	}
	return "invalid";
}

static int type_matches(const char *want, const cJSON *v)
{
	const char *have = json_type(v);
	if (strcmp(want, have) == 0) return 1;
	return strcmp(want, "number") == 0 && strcmp(have, "integer") == 0;
}

/* A short, safe rendering of a value for messages: "string \"ten\"", "number 2.5", "an object". */
static void describe_value(const cJSON *v, char *out, size_t len)
{
	const char *t = json_type(v);
	if (cJSON_IsString(v)) {
		char *s = sanitize_line(v->valuestring, strlen(v->valuestring));
		size_t n = s ? strlen(s) : 0;
		snprintf(out, len, "string \"%.*s%s\"", n > 40 ? 40 : (int)n, s ? s : "", n > 40 ? "…" : "");
		free(s);
	} else if (cJSON_IsNumber(v)) {
		snprintf(out, len, "%s %.17g", t, v->valuedouble);
	} else if (cJSON_IsBool(v)) {
		snprintf(out, len, "boolean %s", cJSON_IsTrue(v) ? "true" : "false");
	} else if (cJSON_IsNull(v)) {
		snprintf(out, len, "null");
	} else {
		snprintf(out, len, "an %s", t);
	}
}

static size_t utf8_length(const char *s)
{
	size_t n = 0;
	for (; *s; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static int fail(char *err, size_t errlen, const char *path, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static int fail(char *err, size_t errlen, const char *path, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (path && *path) snprintf(err, errlen, "%s: %s", path, msg);
	else snprintf(err, errlen, "%s", msg);
	return -1;
}

static void join_path(char *out, size_t len, const char *path, const char *key, long index)
{
	if (key) snprintf(out, len, "%s%s%s", path && *path ? path : "", path && *path ? "." : "", key);
	else snprintf(out, len, "%s[%ld]", path && *path ? path : "", index);
}

static int check_type(const cJSON *schema, const cJSON *value, const char *path, char *err, size_t errlen)
{
	const cJSON *type = cJSON_GetObjectItemCaseSensitive(schema, "type");
	if (!type) return 0;
	char got[96];
	if (cJSON_IsString(type)) {
		if (type_matches(type->valuestring, value)) return 0;
		describe_value(value, got, sizeof got);
		return fail(err, errlen, path, "expected %s, got %s", type->valuestring, got);
	}
	struct buf want = BUF_INIT;
	const cJSON *t;
	cJSON_ArrayForEach(t, type) {
		if (!cJSON_IsString(t)) continue;
		if (type_matches(t->valuestring, value)) {
			buf_free(&want);
			return 0;
		}
		buf_addf(&want, "%s%s", want.len ? " or " : "", t->valuestring);
	}
	describe_value(value, got, sizeof got);
	fail(err, errlen, path, "expected %s, got %s", buf_str(&want), got);
	buf_free(&want);
	return -1;
}

static int check_enum(const cJSON *schema, const cJSON *value, const char *path, char *err, size_t errlen)
{
	const cJSON *en = cJSON_GetObjectItemCaseSensitive(schema, "enum");
	if (!cJSON_IsArray(en)) return 0;
	const cJSON *e;
	cJSON_ArrayForEach(e, en)
		if (cJSON_Compare(e, value, 1)) return 0;
	struct buf list = BUF_INIT;
	cJSON_ArrayForEach(e, en) {
		char *t = cJSON_PrintUnformatted(e);
		if (cJSON_IsString(e)) buf_addf(&list, "%s%s", list.len ? ", " : "", e->valuestring);
		else buf_addf(&list, "%s%s", list.len ? ", " : "", t ? t : "?");
		free(t);
	}
	char got[96];
	describe_value(value, got, sizeof got);
	fail(err, errlen, path, "must be one of %s (got %s)", buf_str(&list), got);
	buf_free(&list);
	return -1;
}

static int check_number(const cJSON *schema, const cJSON *value, const char *path, char *err, size_t errlen)
{
	if (!cJSON_IsNumber(value)) return 0;
	const cJSON *min = cJSON_GetObjectItemCaseSensitive(schema, "minimum");
	const cJSON *max = cJSON_GetObjectItemCaseSensitive(schema, "maximum");
	if (cJSON_IsNumber(min) && value->valuedouble < min->valuedouble)
		return fail(err, errlen, path, "must be at least %g (got %g)", min->valuedouble, value->valuedouble);
	if (cJSON_IsNumber(max) && value->valuedouble > max->valuedouble)
		return fail(err, errlen, path, "must be at most %g (got %g)", max->valuedouble, value->valuedouble);
	return 0;
}

static int check_string(const cJSON *schema, const cJSON *value, const char *path, char *err, size_t errlen)
{
	if (!cJSON_IsString(value)) return 0;
	size_t n = utf8_length(value->valuestring);
	const cJSON *min = cJSON_GetObjectItemCaseSensitive(schema, "minLength");
	const cJSON *max = cJSON_GetObjectItemCaseSensitive(schema, "maxLength");
	if (cJSON_IsNumber(min) && (double)n < min->valuedouble)
		return fail(err, errlen, path, n == 0 ? "must not be empty" : "must be at least %g characters long",
			    min->valuedouble);
	if (cJSON_IsNumber(max) && (double)n > max->valuedouble)
		return fail(err, errlen, path, "must be at most %g characters long (got %zu)", max->valuedouble, n);
	return 0;
}

static int check_array(const cJSON *schema, const cJSON *value, const char *path, char *err, size_t errlen)
{
	if (!cJSON_IsArray(value)) return 0;
	int n = cJSON_GetArraySize(value);
	const cJSON *min = cJSON_GetObjectItemCaseSensitive(schema, "minItems");
	const cJSON *max = cJSON_GetObjectItemCaseSensitive(schema, "maxItems");
	if (cJSON_IsNumber(min) && n < min->valuedouble)
		return fail(err, errlen, path, "needs at least %g entries (got %d)", min->valuedouble, n);
	if (cJSON_IsNumber(max) && n > max->valuedouble)
		return fail(err, errlen, path, "takes at most %g entries (got %d)", max->valuedouble, n);
	const cJSON *items = cJSON_GetObjectItemCaseSensitive(schema, "items");
	if (!cJSON_IsObject(items)) return 0;
	long i = 0;
	const cJSON *v;
	cJSON_ArrayForEach(v, value) {
		char sub[256];
		join_path(sub, sizeof sub, path, NULL, i++);
		if (mcp_schema_validate(items, v, sub, err, errlen) < 0) return -1;
	}
	return 0;
}

static int check_object(const cJSON *schema, const cJSON *value, const char *path, char *err, size_t errlen)
{
	if (!cJSON_IsObject(value)) return 0;
	const cJSON *props = cJSON_GetObjectItemCaseSensitive(schema, "properties");
	const cJSON *req = cJSON_GetObjectItemCaseSensitive(schema, "required");
	const cJSON *r;
	cJSON_ArrayForEach(r, req) {
		if (cJSON_IsString(r) && !cJSON_GetObjectItemCaseSensitive(value, r->valuestring)) {
			char sub[256];
			join_path(sub, sizeof sub, path, r->valuestring, 0);
			return fail(err, errlen, NULL, "%s is required", sub);
		}
	}
	const cJSON *addl = cJSON_GetObjectItemCaseSensitive(schema, "additionalProperties");
	const cJSON *v;
	cJSON_ArrayForEach(v, value) {
		const cJSON *ps = cJSON_IsObject(props) ? cJSON_GetObjectItemCaseSensitive(props, v->string) : NULL;
		char sub[256];
		char *key = sanitize_line(v->string, strlen(v->string));
		join_path(sub, sizeof sub, path, key ? key : "?", 0);
		free(key);
		if (!ps) {
			if (!cJSON_IsFalse(addl)) continue;
			struct buf names = BUF_INIT;
			const cJSON *p;
			cJSON_ArrayForEach(p, props) buf_addf(&names, "%s%s", names.len ? ", " : "", p->string);
			fail(err, errlen, NULL, "%s: unknown argument (valid: %s)", sub, names.len ? buf_str(&names) : "none");
			buf_free(&names);
			return -1;
		}
		if (mcp_schema_validate(ps, v, sub, err, errlen) < 0) return -1;
	}
	return 0;
}

int mcp_schema_validate(const cJSON *schema, const cJSON *value, const char *path, char *err, size_t errlen)
{
	if (!cJSON_IsObject(schema)) return 0;
	if (check_type(schema, value, path, err, errlen) < 0 || check_enum(schema, value, path, err, errlen) < 0 ||
	    check_number(schema, value, path, err, errlen) < 0 || check_string(schema, value, path, err, errlen) < 0 ||
	    check_array(schema, value, path, err, errlen) < 0 || check_object(schema, value, path, err, errlen) < 0)
		return -1;
	return 0;
}

/* --- message framing ------------------------------------------------------------------------ */

/* Parse exactly one JSON value from data (whitespace around it allowed). NULL on error, with the
 * byte offset of the problem in *at. */
static cJSON *parse_json(const char *data, size_t len, size_t *at)
{
	const char *end = NULL;
	cJSON *j = cJSON_ParseWithLengthOpts(data, len, &end, 0);
	if (!j) {
		*at = end && end >= data ? (size_t)(end - data) : 0;
		return NULL;
	}
	for (const char *p = end; p && p < data + len; p++)
		if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n') {
			*at = (size_t)(p - data);
			cJSON_Delete(j);
			return NULL;
		}
	return j;
}

static int valid_id(const cJSON *id)
{
	if (cJSON_IsString(id)) return 1;
	if (!cJSON_IsNumber(id)) return 0;
	double d = id->valuedouble;
	return isfinite(d) && d == floor(d) && fabs(d) <= 9007199254740991.0;
}

static int blank(const char *data, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (data[i] != ' ' && data[i] != '\t' && data[i] != '\r' && data[i] != '\n') return 0;
	return 1;
}

int mcp_message_kind(const char *data, size_t len, char *method, size_t mlen)
{
	if (method && mlen) method[0] = 0;
	size_t at;
	cJSON *j = parse_json(data, len, &at);
	if (!cJSON_IsObject(j)) {
		cJSON_Delete(j);
		return 0;
	}
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(j, "method");
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(j, "id");
	int kind = 0;
	if (cJSON_IsString(m)) {
		kind = id ? 'q' : 'n';
		if (method && mlen) snprintf(method, mlen, "%s", m->valuestring);
	} else if (id && (cJSON_GetObjectItemCaseSensitive(j, "result") || cJSON_GetObjectItemCaseSensitive(j, "error"))) {
		kind = 'r';
	}
	cJSON_Delete(j);
	return kind;
}

/* --- methods -------------------------------------------------------------------------------- */

/* What a method handler did. */
struct reply {
	cJSON *result;          /* the result, or NULL with an error */
	int code;
	char message[1024];
	cJSON *data;
	int pending;            /* tools/call went on in the background */
	int done;               /* the handler sent the response itself */
};

static void reply_error(struct reply *r, int code, cJSON *data, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void reply_error(struct reply *r, int code, cJSON *data, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->message, sizeof r->message, fmt, ap);
	va_end(ap);
	r->code = code;
	cJSON_Delete(r->data);
	r->data = data;
}

struct request {
	struct mcp_session *s;
	const cJSON *id;
	const cJSON *params;    /* an object, or NULL */
	const char *method;
	void *origin;
};

static const cJSON *param(const struct request *q, const char *name)
{
	return q->params ? cJSON_GetObjectItemCaseSensitive(q->params, name) : NULL;
}

static void m_initialize(struct request *q, struct reply *r)
{
	struct mcp_session *s = q->s;
	if (s->initialized) {
		reply_error(r, MCP_INVALID_REQUEST, NULL, "Invalid Request: this session is already initialized");
		return;
	}
	const cJSON *v = param(q, "protocolVersion");
	if (!cJSON_IsString(v)) {
		reply_error(r, MCP_INVALID_PARAMS, NULL, "Invalid params: initialize needs params.protocolVersion, a string");
		return;
	}
	const cJSON *caps = param(q, "capabilities"), *info = param(q, "clientInfo");
	if (caps && !cJSON_IsObject(caps)) {
		reply_error(r, MCP_INVALID_PARAMS, NULL, "Invalid params: params.capabilities must be an object");
		return;
	}
	if (info && (!cJSON_IsObject(info) || !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(info, "name")))) {
		reply_error(r, MCP_INVALID_PARAMS, NULL, "Invalid params: params.clientInfo must be an object with a name");
		return;
	}
	/* Version negotiation: the client's version when we speak it, else our latest. */
	const char *ver = mcp_version_supported(v->valuestring) ? v->valuestring : MCP_LATEST_VERSION;
	snprintf(s->version, sizeof s->version, "%s", ver);
	const struct mcp_server_def *d = s->def;
	cJSON *res = cJSON_CreateObject();
	cJSON_AddStringToObject(res, "protocolVersion", ver);
	cJSON *c = cJSON_AddObjectToObject(res, "capabilities");
	cJSON_AddObjectToObject(c, "logging");
	if (d->nprompts) cJSON_AddBoolToObject(cJSON_AddObjectToObject(c, "prompts"), "listChanged", 0);
	if (d->resource_count || d->ntemplates) {
		cJSON *rc = cJSON_AddObjectToObject(c, "resources");
		cJSON_AddBoolToObject(rc, "subscribe", 0);
		cJSON_AddBoolToObject(rc, "listChanged", 0);
	}
	if (d->ntools) cJSON_AddBoolToObject(cJSON_AddObjectToObject(c, "tools"), "listChanged", 0);
	cJSON *si = cJSON_AddObjectToObject(res, "serverInfo");
	cJSON_AddStringToObject(si, "name", d->name);
	if (d->title) cJSON_AddStringToObject(si, "title", d->title);
	cJSON_AddStringToObject(si, "version", d->version);
	if (strcmp(ver, "2025-11-25") == 0) {        /* Implementation.description, websiteUrl: new in 2025-11-25 */
		if (d->description) cJSON_AddStringToObject(si, "description", d->description);
		if (d->website) cJSON_AddStringToObject(si, "websiteUrl", d->website);
	}
	if (d->instructions) cJSON_AddStringToObject(res, "instructions", d->instructions);
	r->result = res;
	s->initialized = 1;
}

/* A list page: the offset the cursor names (0 without one), or -1 after an error reply. */
static long page_start(struct request *q, struct reply *r, size_t total)
{
	const cJSON *cur = param(q, "cursor");
	if (!cur) return 0;
	char *end = NULL;
	long off = -1;
	if (cJSON_IsString(cur) && strncmp(cur->valuestring, "pwaf-", 5) == 0 && cur->valuestring[5] >= '0' &&
	    cur->valuestring[5] <= '9')
		off = strtol(cur->valuestring + 5, &end, 10);
	if (off <= 0 || !end || *end || (size_t)off >= total) {
		char got[96];
		describe_value(cur, got, sizeof got);
		reply_error(r, MCP_INVALID_PARAMS, NULL, "Invalid params: params.cursor is not a cursor this server gave (%s)", got);
		return -1;
	}
	return off;
}

static size_t page_size(const struct mcp_session *s)
{
	return s->def->page_size ? s->def->page_size : 100;
}

static void add_next_cursor(cJSON *res, size_t next, size_t total)
{
	if (next >= total) return;
	char cur[32];
	snprintf(cur, sizeof cur, "pwaf-%zu", next);
	cJSON_AddStringToObject(res, "nextCursor", cur);
}

static void m_tools_list(struct request *q, struct reply *r)
{
	const struct mcp_server_def *d = q->s->def;
	long start = page_start(q, r, d->ntools);
	if (start < 0) return;
	cJSON *res = cJSON_CreateObject();
	cJSON *arr = cJSON_AddArrayToObject(res, "tools");
	size_t end = (size_t)start + page_size(q->s);
	if (end > d->ntools) end = d->ntools;
	for (size_t i = (size_t)start; i < end; i++) {
		const struct mcp_tool *t = &d->tools[i];
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "name", t->name);
		if (t->title) cJSON_AddStringToObject(o, "title", t->title);
		cJSON_AddStringToObject(o, "description", t->description);
		cJSON_AddItemToObject(o, "inputSchema", cJSON_Duplicate(t->input_schema, 1));
		if (t->output_schema) cJSON_AddItemToObject(o, "outputSchema", cJSON_Duplicate(t->output_schema, 1));
		cJSON *a = cJSON_AddObjectToObject(o, "annotations");
		if (t->title) cJSON_AddStringToObject(a, "title", t->title);
		cJSON_AddBoolToObject(a, "readOnlyHint", (t->hints & MCP_HINT_READ_ONLY) != 0);
		if (!(t->hints & MCP_HINT_READ_ONLY)) {
			cJSON_AddBoolToObject(a, "destructiveHint", (t->hints & MCP_HINT_DESTRUCTIVE) != 0);
			cJSON_AddBoolToObject(a, "idempotentHint", (t->hints & MCP_HINT_IDEMPOTENT) != 0);
		}
		cJSON_AddBoolToObject(a, "openWorldHint", (t->hints & MCP_HINT_OPEN_WORLD) != 0);
		cJSON_AddItemToArray(arr, o);
	}
	add_next_cursor(res, end, d->ntools);
	r->result = res;
}

static void m_tools_call(struct request *q, struct reply *r)
{
	struct mcp_session *s = q->s;
	const struct mcp_server_def *d = s->def;
	const cJSON *name = param(q, "name"), *args = param(q, "arguments");
	if (!cJSON_IsString(name)) {
		reply_error(r, MCP_INVALID_PARAMS, NULL, "Invalid params: tools/call needs params.name, a string");
		return;
	}
	const struct mcp_tool *t = NULL;
	for (size_t i = 0; i < d->ntools && !t; i++)
		if (strcmp(d->tools[i].name, name->valuestring) == 0) t = &d->tools[i];
	if (!t) {
		cJSON *data = cJSON_CreateObject();
		cJSON *names = cJSON_AddArrayToObject(data, "tools");
		struct buf list = BUF_INIT;
		for (size_t i = 0; i < d->ntools; i++) {
			cJSON_AddItemToArray(names, cJSON_CreateString(d->tools[i].name));
			buf_addf(&list, "%s%s", i ? ", " : "", d->tools[i].name);
		}
		char *safe = sanitize_line(name->valuestring, strlen(name->valuestring));
		reply_error(r, MCP_INVALID_PARAMS, data, "Unknown tool: %.100s (tools: %s)", safe ? safe : "?", buf_str(&list));
		free(safe);
		buf_free(&list);
		return;
	}
	if (args && !cJSON_IsObject(args)) {
		reply_error(r, MCP_INVALID_PARAMS, NULL, "Invalid params: params.arguments must be an object");
		return;
	}
	cJSON *empty = NULL;
	if (!args) args = empty = cJSON_CreateObject();
	char err[PWAF_ERRLEN];
	struct mcp_call *c = xcalloc(1, sizeof *c);
	c->s = s;
	c->id = cJSON_Duplicate(q->id, 1);
	cJSON *idc = id_copy(q->id);
	c->id_text = cJSON_PrintUnformatted(idc);
	cJSON_Delete(idc);
	c->origin = q->origin;
	const cJSON *meta = param(q, "_meta");
	const cJSON *tok = cJSON_IsObject(meta) ? cJSON_GetObjectItemCaseSensitive(meta, "progressToken") : NULL;
	if (tok && valid_id(tok)) c->progress_token = cJSON_Duplicate(tok, 1);
	if (mcp_schema_validate(t->input_schema, args, "", err, sizeof err) < 0) {
		/* 2025-11-25 (SEP-1303): input validation errors are tool execution errors, so the model can
		 * correct itself; 2025-06-18 lists "invalid arguments" among the protocol errors. */
		if (strcmp(s->version, "2025-06-18") == 0) {
			reply_error(r, MCP_INVALID_PARAMS, NULL, "Invalid params: invalid arguments for tool %s: %s", t->name, err);
		} else {
			mcp_call_tool_error(c, "Invalid arguments for tool %s: %s", t->name, err);
			r->done = 1;
		}
		call_free(c);
		cJSON_Delete(empty);
		return;
	}
	enum mcp_tool_rc rc = t->run(s->app, c, args);
	cJSON_Delete(empty);
	if (rc == MCP_TOOL_PENDING && !c->done) {
		c->pending = 1;
		c->next = s->calls;
		s->calls = c;
		r->pending = 1;
		return;
	}
	if (!c->done) reply_error(r, MCP_INTERNAL_ERROR, NULL, "Internal error: tool %s gave no result", t->name);
	else r->done = 1;
	call_free(c);
}

static void m_resources_list(struct request *q, struct reply *r)
{
	const struct mcp_server_def *d = q->s->def;
	size_t total = d->resource_count ? d->resource_count(q->s->app) : 0;
	long start = page_start(q, r, total);
	if (start < 0) return;
	cJSON *res = cJSON_CreateObject();
	cJSON *arr = cJSON_AddArrayToObject(res, "resources");
	size_t end = (size_t)start + page_size(q->s);
	if (end > total) end = total;
	for (size_t i = (size_t)start; i < end; i++) {
		cJSON *o = d->resource_at(q->s->app, i);
		if (o) cJSON_AddItemToArray(arr, o);
	}
	add_next_cursor(res, end, total);
	r->result = res;
}

static void m_templates_list(struct request *q, struct reply *r)
{
	const struct mcp_server_def *d = q->s->def;
	long start = page_start(q, r, d->ntemplates);
	if (start < 0) return;
	cJSON *res = cJSON_CreateObject();
	cJSON *arr = cJSON_AddArrayToObject(res, "resourceTemplates");
	size_t end = (size_t)start + page_size(q->s);
	if (end > d->ntemplates) end = d->ntemplates;
	for (size_t i = (size_t)start; i < end; i++) {
		const struct mcp_template *t = &d->templates[i];
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "uriTemplate", t->uri_template);
		cJSON_AddStringToObject(o, "name", t->name);
		if (t->title) cJSON_AddStringToObject(o, "title", t->title);
		if (t->description) cJSON_AddStringToObject(o, "description", t->description);
		if (t->mime_type) cJSON_AddStringToObject(o, "mimeType", t->mime_type);
		cJSON_AddItemToArray(arr, o);
	}
	add_next_cursor(res, end, d->ntemplates);
	r->result = res;
}

static void m_resources_read(struct request *q, struct reply *r)
{
	const struct mcp_server_def *d = q->s->def;
	const cJSON *uri = param(q, "uri");
	if (!cJSON_IsString(uri)) {
		reply_error(r, MCP_INVALID_PARAMS, NULL, "Invalid params: resources/read needs params.uri, a string");
		return;
	}
	cJSON *res = cJSON_CreateObject();
	cJSON *contents = cJSON_AddArrayToObject(res, "contents");
	char err[PWAF_ERRLEN] = "";
	int rc = d->resource_read ? d->resource_read(q->s->app, uri->valuestring, contents, err, sizeof err) : 1;
	if (rc == 0) {
		r->result = res;
		return;
	}
	cJSON_Delete(res);
	if (rc == 1) {
		cJSON *data = cJSON_CreateObject();
		char *safe = sanitize_line(uri->valuestring, strlen(uri->valuestring));
		cJSON_AddStringToObject(data, "uri", safe ? safe : "");
		reply_error(r, MCP_RESOURCE_NOT_FOUND, data, "Resource not found: %.200s%s%s", safe ? safe : "",
			    *err ? "; " : "", err);
		free(safe);
	} else {
		reply_error(r, MCP_INTERNAL_ERROR, NULL, "Internal error: %s", err);
	}
}

static void m_prompts_list(struct request *q, struct reply *r)
{
	const struct mcp_server_def *d = q->s->def;
	long start = page_start(q, r, d->nprompts);
	if (start < 0) return;
	cJSON *res = cJSON_CreateObject();
	cJSON *arr = cJSON_AddArrayToObject(res, "prompts");
	size_t end = (size_t)start + page_size(q->s);
	if (end > d->nprompts) end = d->nprompts;
	for (size_t i = (size_t)start; i < end; i++) {
		const struct mcp_prompt *p = &d->prompts[i];
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "name", p->name);
		if (p->title) cJSON_AddStringToObject(o, "title", p->title);
		if (p->description) cJSON_AddStringToObject(o, "description", p->description);
		cJSON *args = cJSON_AddArrayToObject(o, "arguments");
		for (const struct mcp_prompt_arg *a = p->args; a && a->name; a++) {
			cJSON *ao = cJSON_CreateObject();
			cJSON_AddStringToObject(ao, "name", a->name);
			if (a->description) cJSON_AddStringToObject(ao, "description", a->description);
			cJSON_AddBoolToObject(ao, "required", a->required);
			cJSON_AddItemToArray(args, ao);
		}
		cJSON_AddItemToArray(arr, o);
	}
	add_next_cursor(res, end, d->nprompts);
	r->result = res;
}

static void m_prompts_get(struct request *q, struct reply *r)
{
	const struct mcp_server_def *d = q->s->def;
	const cJSON *name = param(q, "name"), *args = param(q, "arguments");
	if (!cJSON_IsString(name)) {
		reply_error(r, MCP_INVALID_PARAMS, NULL, "Invalid params: prompts/get needs params.name, a string");
		return;
	}
	const struct mcp_prompt *p = NULL;
	for (size_t i = 0; i < d->nprompts && !p; i++)
		if (strcmp(d->prompts[i].name, name->valuestring) == 0) p = &d->prompts[i];
	if (!p) {
		struct buf list = BUF_INIT;
		for (size_t i = 0; i < d->nprompts; i++) buf_addf(&list, "%s%s", i ? ", " : "", d->prompts[i].name);
		char *safe = sanitize_line(name->valuestring, strlen(name->valuestring));
		reply_error(r, MCP_INVALID_PARAMS, NULL, "Invalid params: unknown prompt '%.100s' (prompts: %s)",
			    safe ? safe : "?", buf_str(&list));
		free(safe);
		buf_free(&list);
		return;
	}
	if (args && !cJSON_IsObject(args)) {
		reply_error(r, MCP_INVALID_PARAMS, NULL, "Invalid params: params.arguments must be an object of strings");
		return;
	}
	const cJSON *a;
	cJSON_ArrayForEach(a, args) {
		int known = 0;
		for (const struct mcp_prompt_arg *pa = p->args; pa && pa->name; pa++) known |= strcmp(pa->name, a->string) == 0;
		char *key = sanitize_line(a->string, strlen(a->string));
		if (!known)
			reply_error(r, MCP_INVALID_PARAMS, NULL, "Invalid params: prompt %s has no argument '%.60s'", p->name,
				    key ? key : "?");
		else if (!cJSON_IsString(a))
			reply_error(r, MCP_INVALID_PARAMS, NULL, "Invalid params: argument %.60s of prompt %s must be a string",
				    key ? key : "?", p->name);
		free(key);
		if (r->code) return;
	}
	for (const struct mcp_prompt_arg *pa = p->args; pa && pa->name; pa++) {
		const cJSON *v = args ? cJSON_GetObjectItemCaseSensitive(args, pa->name) : NULL;
		if (pa->required && (!v || !*v->valuestring)) {
			reply_error(r, MCP_INVALID_PARAMS, NULL, "Invalid params: prompt %s needs the argument '%s' (%s)", p->name,
				    pa->name, pa->description ? pa->description : "required");
			return;
		}
	}
	cJSON *empty = args ? NULL : cJSON_CreateObject();
	cJSON *res = cJSON_CreateObject();
	char err[PWAF_ERRLEN] = "";
	if (p->get(q->s->app, args ? args : empty, res, err, sizeof err) < 0) {
		cJSON_Delete(res);
		reply_error(r, MCP_INVALID_PARAMS, NULL, "Invalid params: %s", err);
	} else {
		r->result = res;
	}
	cJSON_Delete(empty);
}

static void m_set_level(struct request *q, struct reply *r)
{
	const cJSON *l = param(q, "level");
	int lvl = cJSON_IsString(l) ? mcp_log_level_parse(l->valuestring) : -1;
	if (lvl < 0) {
		char got[96] = "nothing";
		if (l) describe_value(l, got, sizeof got);
		reply_error(r, MCP_INVALID_PARAMS, NULL,
			    "Invalid params: params.level must be one of debug, info, notice, warning, error, critical, "
			    "alert, emergency (got %s)", got);
		return;
	}
	q->s->level = (enum mcp_log_level)lvl;
	r->result = cJSON_CreateObject();
}

static void m_ping(struct request *q, struct reply *r)
{
	(void)q;
	r->result = cJSON_CreateObject();
}

static const struct method {
	const char *name;
	void (*run)(struct request *q, struct reply *r);
	int before_init;        /* allowed before initialize */
} methods[] = {
	{ "initialize", m_initialize, 1 },
	{ "ping", m_ping, 1 },
	{ "tools/list", m_tools_list, 0 },
	{ "tools/call", m_tools_call, 0 },
	{ "resources/list", m_resources_list, 0 },
	{ "resources/templates/list", m_templates_list, 0 },
	{ "resources/read", m_resources_read, 0 },
	{ "prompts/list", m_prompts_list, 0 },
	{ "prompts/get", m_prompts_get, 0 },
	{ "logging/setLevel", m_set_level, 0 },
	{ NULL, NULL, 0 }
};

static void on_notification(struct mcp_session *s, const char *method, const cJSON *params)
{
	if (strcmp(method, "notifications/initialized") == 0) {
		s->client_ready = 1;
	} else if (strcmp(method, "notifications/cancelled") == 0) {
		const cJSON *rid = cJSON_IsObject(params) ? cJSON_GetObjectItemCaseSensitive(params, "requestId") : NULL;
		if (!rid) return;       /* malformed: ignored, as the specification asks */
		for (struct mcp_call *c = s->calls; c; c = c->next)
			if (cJSON_Compare(c->id, rid, 1)) {
				const cJSON *why = cJSON_GetObjectItemCaseSensitive(params, "reason");
				cJSON *data = cJSON_CreateObject();
				cJSON_AddStringToObject(data, "cancelled", c->id_text);
				if (cJSON_IsString(why)) {
					char *safe = sanitize_line(why->valuestring, strlen(why->valuestring));
					cJSON_AddStringToObject(data, "reason", safe ? safe : "");
					free(safe);
				}
				mcp_log(s, NULL, MCP_LOG_INFO, "pwaf", data);
				cancel_call(s, c);
				return;
			}
	}
	/* Anything else (progress, roots/list_changed, unknown) needs nothing from us. */
}

enum mcp_handled mcp_session_handle(struct mcp_session *s, const char *data, size_t len, void *origin)
{
	if (blank(data, len)) return MCP_H_NOTHING;
	size_t at = 0;
	cJSON *j = parse_json(data, len, &at);
	if (!j) {
		send_error(s, origin, NULL, MCP_PARSE_ERROR, NULL, "Parse error: not valid JSON (at byte %zu)", at);
		return MCP_H_REJECTED;
	}
	enum mcp_handled out = MCP_H_RESPONDED;
	if (cJSON_IsArray(j)) {
		send_error(s, origin, NULL, MCP_INVALID_REQUEST, NULL,
			   "Invalid Request: JSON-RPC batches are not part of MCP since 2025-06-18; send one message at a time");
		out = MCP_H_REJECTED;
		goto done;
	}
	if (!cJSON_IsObject(j)) {
		send_error(s, origin, NULL, MCP_INVALID_REQUEST, NULL, "Invalid Request: a message is a JSON object");
		out = MCP_H_REJECTED;
		goto done;
	}
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(j, "id");
	const cJSON *method = cJSON_GetObjectItemCaseSensitive(j, "method");
	const cJSON *params = cJSON_GetObjectItemCaseSensitive(j, "params");
	const cJSON *ver = cJSON_GetObjectItemCaseSensitive(j, "jsonrpc");
	if (id && !valid_id(id)) {
		send_error(s, origin, NULL, MCP_INVALID_REQUEST, NULL, "Invalid Request: id must be a string or an integer");
		out = MCP_H_REJECTED;
		goto done;
	}
	if (!cJSON_IsString(ver) || strcmp(ver->valuestring, "2.0") != 0) {
		send_error(s, origin, id, MCP_INVALID_REQUEST, NULL, "Invalid Request: jsonrpc must be \"2.0\"");
		out = id ? MCP_H_RESPONDED : MCP_H_REJECTED;
		goto done;
	}
	if (!method) {
		if (id && (cJSON_GetObjectItemCaseSensitive(j, "result") || cJSON_GetObjectItemCaseSensitive(j, "error"))) {
			out = MCP_H_NOTHING;     /* a response: this server sends no requests, nothing to match */
			goto done;
		}
		send_error(s, origin, id, MCP_INVALID_REQUEST, NULL, "Invalid Request: method is missing");
		out = id ? MCP_H_RESPONDED : MCP_H_REJECTED;
		goto done;
	}
	if (!cJSON_IsString(method)) {
		send_error(s, origin, id, MCP_INVALID_REQUEST, NULL, "Invalid Request: method must be a string");
		out = id ? MCP_H_RESPONDED : MCP_H_REJECTED;
		goto done;
	}
	if (!id) {
		on_notification(s, method->valuestring, params);
		out = MCP_H_NOTHING;
		goto done;
	}
	if (params && !cJSON_IsObject(params)) {
		send_error(s, origin, id, MCP_INVALID_PARAMS, NULL, "Invalid params: params must be an object");
		goto done;
	}
	const struct method *m = methods;
	while (m->name && strcmp(m->name, method->valuestring) != 0) m++;
	if (!m->name) {
		char *safe = sanitize_line(method->valuestring, strlen(method->valuestring));
		cJSON *d = cJSON_CreateObject();
		cJSON_AddStringToObject(d, "method", safe ? safe : "");
		send_error(s, origin, id, MCP_METHOD_NOT_FOUND, d, "Method not found: %.100s", safe ? safe : "");
		free(safe);
		goto done;
	}
	if (!m->before_init && !s->initialized) {
		send_error(s, origin, id, MCP_INVALID_REQUEST, NULL, "Invalid Request: send initialize before %s", m->name);
		goto done;
	}
	struct request q = { s, id, params, m->name, origin };
	struct reply r = { 0 };
	m->run(&q, &r);
	if (r.pending) {
		out = MCP_H_PENDING;
	} else if (r.result) {
		send_result(s, origin, id, r.result);
	} else if (!r.done) {
		send_json(s, origin, error_object(id, r.code ? r.code : MCP_INTERNAL_ERROR, r.message, r.data), 1);
		r.data = NULL;
	}
	cJSON_Delete(r.data);
done:
	cJSON_Delete(j);
	return out;
}
