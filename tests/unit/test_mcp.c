/* test_mcp.c - the MCP protocol module (mcp.c), pwaf's tool schemas and results (mcp_pwaf.c), llms.c.
 * Specification: MCP 2025-06-18 and 2025-11-25 (modelcontextprotocol/modelcontextprotocol, docs/specification/). */
#include "core/buf.h"
#include "core/llms.h"
#include "mcp/mcp.h"
#include "mcp/mcp_pwaf.h"
#include "testutil.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- a capture of everything a session sends ------------------------------------------------ */

#define MAXOUT 64
static struct {
	char *json[MAXOUT];
	void *origin[MAXOUT];
	int last[MAXOUT];
	int n;
} out;

static void capture(void *ctx, void *origin, const char *json, int last)
{
	(void)ctx;
	cr_assert_lt(out.n, MAXOUT);
	out.json[out.n] = json ? xstrdup(json) : NULL;
	out.origin[out.n] = origin;
	out.last[out.n] = last;
	out.n++;
}

static void reset_out(void)
{
	for (int i = 0; i < out.n; i++) free(out.json[i]);
	memset(&out, 0, sizeof out);
}

/* The i-th message sent (negative: from the end), parsed; freed at teardown. */
static cJSON *parsed[MAXOUT * 4];
static int nparsed;
static cJSON *msg(int i)
{
	if (i < 0) i += out.n;
	cr_assert(i >= 0 && i < out.n, "message %d of %d", i, out.n);
	cr_assert_not_null(out.json[i], "message %d is an end without a message", i);
	cr_assert_null(strchr(out.json[i], '\n'), "a message holds a newline: %s", out.json[i]);
	cJSON *j = cJSON_Parse(out.json[i]);
	cr_assert_not_null(j, "not JSON: %s", out.json[i]);
	parsed[nparsed++] = j;
	return j;
}

static int err_code(const cJSON *m)
{
	const cJSON *e = cJSON_GetObjectItem(m, "error");
	cr_assert_not_null(e, "not an error: %s", cJSON_PrintUnformatted(m));
	return cJSON_GetObjectItem(e, "code")->valueint;
}

static const char *err_text(const cJSON *m)
{
	return cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(m, "error"), "message"));
}

/* --- a small server: one plain tool, one slow tool, a prompt, resources ----------------------- */

static int cancelled;
static struct mcp_call *slow_call;

static enum mcp_tool_rc t_echo(void *app, struct mcp_call *call, const cJSON *args)
{
	(void)app;
	const cJSON *n = cJSON_GetObjectItem(args, "n");
	mcp_call_progress(call, 1, 3, "one");
	mcp_call_progress(call, 1, 3, "one again");     /* not above the last: skipped */
	mcp_call_progress(call, 3, 3, NULL);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "text", "two\nlines");
	if (n) cJSON_AddNumberToObject(o, "n", n->valuedouble);
	mcp_call_result(call, mcp_tool_result(o, NULL));
	return MCP_TOOL_DONE;
}

static enum mcp_tool_rc t_slow(void *app, struct mcp_call *call, const cJSON *args)
{
	(void)app;
	(void)args;
	slow_call = call;
	return MCP_TOOL_PENDING;
}

static enum mcp_tool_rc t_broken(void *app, struct mcp_call *call, const cJSON *args)
{
	(void)app;
	(void)call;
	(void)args;
	return MCP_TOOL_DONE;     /* forgot to answer */
}

static void on_cancel(void *app, struct mcp_call *call)
{
	(void)app;
	cr_assert_eq(call, slow_call);
	cancelled++;
	slow_call = NULL;
}

static int p_get(void *app, const cJSON *args, cJSON *result, char *err, size_t errlen)
{
	(void)app;
	const char *who = cJSON_GetStringValue(cJSON_GetObjectItem(args, "who"));
	if (strcmp(who, "nobody") == 0) {
		snprintf(err, errlen, "nobody is not a partner");
		return -1;
	}
	cJSON *m = cJSON_CreateObject();
	cJSON_AddStringToObject(m, "role", "user");
	cJSON *c = cJSON_AddObjectToObject(m, "content");
	cJSON_AddStringToObject(c, "type", "text");
	cJSON_AddStringToObject(c, "text", who);
	cJSON_AddItemToArray(cJSON_AddArrayToObject(result, "messages"), m);
	return 0;
}

static size_t r_count(void *app)
{
	(void)app;
	return 3;
}

static cJSON *r_at(void *app, size_t i)
{
	(void)app;
	char uri[32];
	snprintf(uri, sizeof uri, "t://r/%zu", i);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "uri", uri);
	cJSON_AddStringToObject(o, "name", uri + 6);
	return o;
}

static int r_read(void *app, const char *uri, cJSON *contents, char *err, size_t errlen)
{
	(void)app;
	if (strcmp(uri, "t://r/1") == 0) {
		cJSON *c = cJSON_CreateObject();
		cJSON_AddStringToObject(c, "uri", uri);
		cJSON_AddStringToObject(c, "text", "one");
		cJSON_AddItemToArray(contents, c);
		return 0;
	}
	if (strcmp(uri, "t://broken") == 0) {
		snprintf(err, errlen, "disk on fire");
		return -1;
	}
	return 1;
}

static const struct mcp_prompt_arg p_args[] = { { "who", "who is asking", 1 }, { "why", NULL, 0 }, { NULL, NULL, 0 } };
static const struct mcp_prompt prompts[] = { { "greet", "Greet", "Say hello", p_args, p_get } };
static const struct mcp_template templates[] = { { "t://r/{n}", "r", "R", "a resource", "text/plain" } };
static struct mcp_tool tools[3];
static struct mcp_server_def def;
static struct mcp_session *s;

static void setup(void)
{
	reset_out();
	cancelled = 0;
	slow_call = NULL;
	tools[0] = (struct mcp_tool){ "echo", "Echo", "Echo n back", cJSON_Parse(
		"{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\",\"minimum\":0}},\"additionalProperties\":false}"),
		cJSON_Parse("{\"type\":\"object\"}"), MCP_HINT_READ_ONLY, t_echo };
	tools[1] = (struct mcp_tool){ "slow", NULL, "Takes a while", cJSON_Parse("{\"type\":\"object\"}"), NULL,
				      MCP_HINT_READ_ONLY | MCP_HINT_OPEN_WORLD, t_slow };
	tools[2] = (struct mcp_tool){ "broken", NULL, "Gives nothing", cJSON_Parse("{\"type\":\"object\"}"), NULL, 0, t_broken };
	def = (struct mcp_server_def){ .name = "t", .title = "Test", .version = "9", .description = "a test server",
				       .website = "https://example.com", .instructions = "be kind",
				       .tools = tools, .ntools = 3, .prompts = prompts, .nprompts = 1, .templates = templates,
				       .ntemplates = 1, .resource_count = r_count, .resource_at = r_at, .resource_read = r_read,
				       .cancel = on_cancel, .page_size = 2 };
	s = mcp_session_new(&def, NULL, capture, NULL);
}

static void teardown(void)
{
	mcp_session_free(s);
	for (int i = 0; i < 3; i++) {
		cJSON_Delete(tools[i].input_schema);
		cJSON_Delete(tools[i].output_schema);
	}
	for (int i = 0; i < nparsed; i++) cJSON_Delete(parsed[i]);
	nparsed = 0;
	reset_out();
}

static enum mcp_handled feed(const char *text)
{
	return mcp_session_handle(s, text, strlen(text), (void *)text);
}

static void init(const char *version)
{
	char m[300];
	snprintf(m, sizeof m, "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"%s\","
			      "\"capabilities\":{},\"clientInfo\":{\"name\":\"c\",\"version\":\"1\"}}}", version);
	cr_assert_eq(feed(m), MCP_H_RESPONDED);
	cr_assert_eq(feed("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"), MCP_H_NOTHING);
	reset_out();
}

TestSuite(mcp, .init = setup, .fini = teardown);

/* --- JSON-RPC framing ------------------------------------------------------------------------ */

Test(mcp, parse_error_has_null_id_and_the_session_goes_on)
{
	cr_assert_eq(feed("{\"jsonrpc\":\"2.0\",\"id\":1,"), MCP_H_REJECTED);
	cJSON *m = msg(0);
	cr_assert_eq(err_code(m), MCP_PARSE_ERROR);
	cr_assert(cJSON_IsNull(cJSON_GetObjectItem(m, "id")));
	cr_assert_eq(out.last[0], 1);
	cr_assert_eq(feed("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}"), MCP_H_RESPONDED);
	cr_assert_str_eq(out.json[1], "{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{}}");
}

Test(mcp, trailing_garbage_is_a_parse_error)
{
	feed("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"} {}");
	cr_assert_eq(err_code(msg(0)), MCP_PARSE_ERROR);
	cr_assert_not_null(strstr(err_text(msg(0)), "byte 41"), "%s", err_text(msg(0)));
}

Test(mcp, blank_input_sends_nothing)
{
	cr_assert_eq(feed("  \r\n"), MCP_H_NOTHING);
	cr_assert_eq(out.n, 0);
}

Test(mcp, batch_and_non_objects_are_invalid_requests)
{
	cr_assert_eq(feed("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]"), MCP_H_REJECTED);
	cr_assert_eq(err_code(msg(0)), MCP_INVALID_REQUEST);
	cr_assert_not_null(strstr(err_text(msg(0)), "batch"));
	feed("42");
	cr_assert_eq(err_code(msg(1)), MCP_INVALID_REQUEST);
	feed("\"ping\"");
	cr_assert_eq(err_code(msg(2)), MCP_INVALID_REQUEST);
}

Test(mcp, bad_ids_are_invalid_requests_with_null_id)
{
	const char *bad[] = { "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}",
			      "{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"ping\"}",
			      "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"ping\"}",
			      "{\"jsonrpc\":\"2.0\",\"id\":[1],\"method\":\"ping\"}",
			      "{\"jsonrpc\":\"2.0\",\"id\":true,\"method\":\"ping\"}" };
	for (int i = 0; i < 5; i++) {
		cr_assert_eq(feed(bad[i]), MCP_H_REJECTED, "%s", bad[i]);
		cJSON *m = msg(i);
		cr_assert_eq(err_code(m), MCP_INVALID_REQUEST);
		cr_assert(cJSON_IsNull(cJSON_GetObjectItem(m, "id")), "%s", out.json[i]);
	}
}

Test(mcp, string_and_large_integer_ids_are_echoed)
{
	feed("{\"jsonrpc\":\"2.0\",\"id\":\"a-\\\"1\",\"method\":\"ping\"}");
	cr_assert_str_eq(out.json[0], "{\"jsonrpc\":\"2.0\",\"id\":\"a-\\\"1\",\"result\":{}}");
	feed("{\"jsonrpc\":\"2.0\",\"id\":9007199254740991,\"method\":\"ping\"}");
	cr_assert_eq(cJSON_GetObjectItem(msg(1), "id")->valuedouble, 9007199254740991.0);
	feed("{\"jsonrpc\":\"2.0\",\"id\":-3,\"method\":\"ping\"}");
	cr_assert_str_eq(out.json[2], "{\"jsonrpc\":\"2.0\",\"id\":-3,\"result\":{}}");
}

Test(mcp, wrong_jsonrpc_version_and_missing_method)
{
	feed("{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}");
	cr_assert_eq(err_code(msg(0)), MCP_INVALID_REQUEST);
	cr_assert_eq(cJSON_GetObjectItem(msg(0), "id")->valueint, 1);
	feed("{\"id\":2,\"method\":\"ping\"}");
	cr_assert_eq(err_code(msg(1)), MCP_INVALID_REQUEST);
	feed("{\"jsonrpc\":\"2.0\",\"id\":3}");
	cr_assert_eq(err_code(msg(2)), MCP_INVALID_REQUEST);
	cr_assert_not_null(strstr(err_text(msg(2)), "method is missing"));
	feed("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":7}");
	cr_assert_eq(err_code(msg(3)), MCP_INVALID_REQUEST);
}

Test(mcp, unknown_method_is_32601_and_names_it)
{
	init("2025-11-25");
	feed("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"resources/subscribe\",\"params\":{}}");
	cJSON *m = msg(0);
	cr_assert_eq(err_code(m), MCP_METHOD_NOT_FOUND);
	cr_assert_str_eq(err_text(m), "Method not found: resources/subscribe");
	cr_assert_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(m, "error"), "data"), "method")->valuestring,
			 "resources/subscribe");
}

Test(mcp, notifications_and_client_responses_get_no_answer)
{
	init("2025-11-25");
	cr_assert_eq(feed("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/whatever\",\"params\":{}}"), MCP_H_NOTHING);
	cr_assert_eq(feed("{\"jsonrpc\":\"2.0\",\"method\":\"tools/list\"}"), MCP_H_NOTHING);   /* no id: a notification */
	cr_assert_eq(feed("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{}}"), MCP_H_NOTHING);
	cr_assert_eq(feed("{\"jsonrpc\":\"2.0\",\"id\":8,\"error\":{\"code\":1,\"message\":\"x\"}}"), MCP_H_NOTHING);
	cr_assert_eq(out.n, 0);
}

Test(mcp, params_must_be_an_object)
{
	init("2025-11-25");
	feed("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":[]}");
	cr_assert_eq(err_code(msg(0)), MCP_INVALID_PARAMS);
}

Test(mcp, message_kind)
{
	char m[32];
	cr_assert_eq(mcp_message_kind("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\"}", 46, m, sizeof m), 'q');
	cr_assert_str_eq(m, "initialize");
	const char *n = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";
	cr_assert_eq(mcp_message_kind(n, strlen(n), NULL, 0), 'n');
	cr_assert_eq(mcp_message_kind("{\"id\":1,\"result\":{}}", 20, NULL, 0), 'r');
	cr_assert_eq(mcp_message_kind("{\"id\":1", 7, m, sizeof m), 0);
	cr_assert_eq(mcp_message_kind("[]", 2, NULL, 0), 0);
}

/* Mutated messages (seeded, so the run repeats): every answer is one JSON-RPC message, nothing
 * crashes, and the session still answers afterwards. */
Test(mcp, survives_mutated_messages)
{
	static const char *seeds[] = {
		"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\"}}",
		"{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"n\":3},\"_meta\":{\"progressToken\":1}}}",
		"{\"jsonrpc\":\"2.0\",\"id\":\"r\",\"method\":\"resources/read\",\"params\":{\"uri\":\"t://r/1\"}}",
		"{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"prompts/get\",\"params\":{\"name\":\"greet\",\"arguments\":{\"who\":\"x\"}}}",
		"{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":5}}",
		"{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"tools/list\",\"params\":{\"cursor\":\"pwaf-2\"}}",
	};
	static const char noise[] = "{}[]\",:0123456789.eE+-tfn\\u\x01\xff\xc3 ";
	unsigned seed = 12345;
	char buf[512];
	for (int round = 0; round < 4000; round++) {
		const char *src = seeds[rand_r(&seed) % 6];
		size_t n = strlen(src);
		memcpy(buf, src, n);
		for (int k = 0, edits = 1 + rand_r(&seed) % 4; k < edits; k++) {
			size_t at = (size_t)rand_r(&seed) % n;
			switch (rand_r(&seed) % 3) {
			case 0: buf[at] = noise[rand_r(&seed) % (sizeof noise - 1)]; break;                /* replace */
			case 1: if (n > 1) { memmove(buf + at, buf + at + 1, n - at - 1); n--; } break;     /* delete */
			case 2: if (n < sizeof buf - 1) { memmove(buf + at + 1, buf + at, n - at); buf[at] = noise[rand_r(&seed) % (sizeof noise - 1)]; n++; } break;
			}
		}
		mcp_session_handle(s, buf, n, NULL);
		for (int i = 0; i < out.n; i++) {
			if (!out.json[i]) continue;
			cJSON *m = cJSON_Parse(out.json[i]);
			cr_assert_not_null(m, "round %d sent non-JSON: %s", round, out.json[i]);
			cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(m, "jsonrpc")), "2.0");
			cr_assert_null(strchr(out.json[i], '\n'));
			cJSON_Delete(m);
		}
		reset_out();
		if (slow_call) mcp_call_result(slow_call, mcp_tool_result(cJSON_CreateObject(), NULL)), slow_call = NULL;
	}
	feed("{\"jsonrpc\":\"2.0\",\"id\":99,\"method\":\"ping\"}");
	cr_assert_str_eq(out.json[out.n - 1], "{\"jsonrpc\":\"2.0\",\"id\":99,\"result\":{}}");
}

/* --- lifecycle -------------------------------------------------------------------------------- */

Test(mcp, requests_before_initialize_are_refused_but_ping_answers)
{
	feed("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
	cr_assert_eq(err_code(msg(0)), MCP_INVALID_REQUEST);
	cr_assert_not_null(strstr(err_text(msg(0)), "initialize"));
	feed("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}");
	cr_assert_not_null(cJSON_GetObjectItem(msg(1), "result"));
	cr_assert_null(mcp_session_version(s));
}

static const char *negotiate(const char *asked)
{
	char m[300];
	snprintf(m, sizeof m, "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"%s\"}}", asked);
	feed(m);
	return cJSON_GetObjectItem(cJSON_GetObjectItem(msg(-1), "result"), "protocolVersion")->valuestring;
}

Test(mcp, version_negotiation_keeps_a_supported_version)
{
	cr_assert_str_eq(negotiate("2025-06-18"), "2025-06-18");
	cr_assert_str_eq(mcp_session_version(s), "2025-06-18");
	cr_assert(mcp_session_initialized(s));
}

Test(mcp, version_negotiation_answers_latest_for_others)
{
	cr_assert_str_eq(negotiate("2024-11-05"), MCP_LATEST_VERSION);
}

Test(mcp, version_negotiation_answers_latest_for_nonsense)
{
	cr_assert_str_eq(negotiate("next tuesday"), "2025-11-25");
}

Test(mcp, initialize_result_declares_capabilities_and_server)
{
	negotiate("2025-11-25");
	cJSON *r = cJSON_GetObjectItem(msg(0), "result");
	cJSON *c = cJSON_GetObjectItem(r, "capabilities");
	cr_assert(cJSON_IsObject(cJSON_GetObjectItem(c, "logging")));
	cr_assert(cJSON_IsFalse(cJSON_GetObjectItem(cJSON_GetObjectItem(c, "tools"), "listChanged")));
	cr_assert(cJSON_IsFalse(cJSON_GetObjectItem(cJSON_GetObjectItem(c, "resources"), "subscribe")));
	cr_assert(cJSON_IsObject(cJSON_GetObjectItem(c, "prompts")));
	cJSON *si = cJSON_GetObjectItem(r, "serverInfo");
	cr_assert_str_eq(cJSON_GetObjectItem(si, "name")->valuestring, "t");
	cr_assert_str_eq(cJSON_GetObjectItem(si, "version")->valuestring, "9");
	cr_assert_str_eq(cJSON_GetObjectItem(si, "description")->valuestring, "a test server");
	cr_assert_str_eq(cJSON_GetObjectItem(si, "websiteUrl")->valuestring, "https://example.com");
	cr_assert_str_eq(cJSON_GetObjectItem(r, "instructions")->valuestring, "be kind");
}

Test(mcp, initialize_2025_06_18_leaves_out_newer_implementation_fields)
{
	negotiate("2025-06-18");
	cJSON *si = cJSON_GetObjectItem(cJSON_GetObjectItem(msg(0), "result"), "serverInfo");
	cr_assert_null(cJSON_GetObjectItem(si, "description"));
	cr_assert_null(cJSON_GetObjectItem(si, "websiteUrl"));
	cr_assert_not_null(cJSON_GetObjectItem(si, "title"));
}

Test(mcp, initialize_params_are_checked)
{
	feed("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}");
	cr_assert_eq(err_code(msg(0)), MCP_INVALID_PARAMS);
	cr_assert_not_null(strstr(err_text(msg(0)), "protocolVersion"));
	feed("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"initialize\",\"params\":{\"protocolVersion\":20250618}}");
	cr_assert_eq(err_code(msg(1)), MCP_INVALID_PARAMS);
	feed("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":[]}}");
	cr_assert_not_null(strstr(err_text(msg(2)), "capabilities"));
	feed("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\",\"clientInfo\":{}}}");
	cr_assert_not_null(strstr(err_text(msg(3)), "clientInfo"));
	cr_assert_not(mcp_session_initialized(s));
}

Test(mcp, second_initialize_is_refused)
{
	init("2025-11-25");
	feed("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\"}}");
	cr_assert_eq(err_code(msg(0)), MCP_INVALID_REQUEST);
	cr_assert_str_eq(mcp_session_version(s), "2025-11-25");
}

/* --- tools ------------------------------------------------------------------------------------- */

Test(mcp, tools_list_pages_with_cursors)
{
	init("2025-11-25");
	feed("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
	cJSON *r = cJSON_GetObjectItem(msg(0), "result");
	cJSON *t = cJSON_GetArrayItem(cJSON_GetObjectItem(r, "tools"), 0);
	cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItem(r, "tools")), 2);
	cr_assert_str_eq(cJSON_GetObjectItem(t, "name")->valuestring, "echo");
	cr_assert_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(t, "inputSchema"), "type")->valuestring, "object");
	cr_assert_not_null(cJSON_GetObjectItem(t, "outputSchema"));
	cr_assert(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(t, "annotations"), "readOnlyHint")));
	const char *cursor = cJSON_GetObjectItem(r, "nextCursor")->valuestring;
	char m[200];
	snprintf(m, sizeof m, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\",\"params\":{\"cursor\":\"%s\"}}", cursor);
	feed(m);
	cJSON *r2 = cJSON_GetObjectItem(msg(1), "result");
	cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItem(r2, "tools")), 1);
	cr_assert_null(cJSON_GetObjectItem(r2, "nextCursor"));
	cJSON *broken = cJSON_GetArrayItem(cJSON_GetObjectItem(r2, "tools"), 0);
	cr_assert(cJSON_IsFalse(cJSON_GetObjectItem(cJSON_GetObjectItem(broken, "annotations"), "readOnlyHint")));
	cr_assert_not_null(cJSON_GetObjectItem(cJSON_GetObjectItem(broken, "annotations"), "destructiveHint"));
}

Test(mcp, invalid_cursors_are_invalid_params)
{
	init("2025-11-25");
	const char *bad[] = { "\"nope\"", "\"pwaf-0\"", "\"pwaf-3\"", "\"pwaf-1x\"", "7", "\"pwaf--1\"" };
	for (int i = 0; i < 6; i++) {
		char m[200];
		snprintf(m, sizeof m, "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"tools/list\",\"params\":{\"cursor\":%s}}", i, bad[i]);
		feed(m);
		cr_assert_eq(err_code(msg(i)), MCP_INVALID_PARAMS, "%s", bad[i]);
		cr_assert_not_null(strstr(err_text(msg(i)), "cursor"));
	}
}

Test(mcp, tools_call_result_has_structured_and_text_content_without_newlines)
{
	init("2025-11-25");
	feed("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"n\":4}}}");
	cr_assert_eq(out.n, 1);
	cJSON *r = cJSON_GetObjectItem(msg(0), "result");
	cJSON *sc = cJSON_GetObjectItem(r, "structuredContent");
	cr_assert_eq(cJSON_GetObjectItem(sc, "n")->valueint, 4);
	cJSON *t = cJSON_GetArrayItem(cJSON_GetObjectItem(r, "content"), 0);
	cr_assert_str_eq(cJSON_GetObjectItem(t, "type")->valuestring, "text");
	cJSON *again = cJSON_Parse(cJSON_GetObjectItem(t, "text")->valuestring);
	cr_assert(cJSON_Compare(again, sc, 1), "text content is the structured content serialized");
	cJSON_Delete(again);
	cr_assert_null(cJSON_GetObjectItem(r, "isError"));
	cr_assert_eq(out.origin[0], out.origin[0]);
	cr_assert_eq(out.last[0], 1);
}

Test(mcp, unknown_tool_is_32602_listing_the_tools)
{
	init("2025-11-25");
	feed("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"rm\",\"arguments\":{}}}");
	cr_assert_eq(err_code(msg(0)), MCP_INVALID_PARAMS);
	cr_assert_str_eq(err_text(msg(0)), "Unknown tool: rm (tools: echo, slow, broken)");
	feed("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}");
	cr_assert_not_null(cJSON_GetObjectItem(msg(1), "result"));
}

Test(mcp, malformed_tools_call_is_32602)
{
	init("2025-11-25");
	feed("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{}}");
	cr_assert_not_null(strstr(err_text(msg(0)), "params.name"));
	feed("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":[1]}}");
	cr_assert_eq(err_code(msg(1)), MCP_INVALID_PARAMS);
	cr_assert_not_null(strstr(err_text(msg(1)), "params.arguments must be an object"));
}

Test(mcp, invalid_arguments_are_a_tool_error_in_2025_11_25)
{
	init("2025-11-25");
	feed("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"n\":\"four\"}}}");
	cJSON *r = cJSON_GetObjectItem(msg(0), "result");
	cr_assert(cJSON_IsTrue(cJSON_GetObjectItem(r, "isError")));
	cr_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(r, "content"), 0), "text")->valuestring,
			 "Invalid arguments for tool echo: n: expected integer, got string \"four\"");
	cr_assert_null(cJSON_GetObjectItem(r, "structuredContent"));
}

Test(mcp, invalid_arguments_are_32602_in_2025_06_18)
{
	init("2025-06-18");
	feed("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"n\":-1}}}");
	cr_assert_eq(err_code(msg(0)), MCP_INVALID_PARAMS);
	cr_assert_str_eq(err_text(msg(0)), "Invalid params: invalid arguments for tool echo: n: must be at least 0 (got -1)");
}

Test(mcp, a_tool_that_gives_nothing_is_an_internal_error)
{
	init("2025-11-25");
	feed("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"broken\"}}");
	cr_assert_eq(err_code(msg(0)), MCP_INTERNAL_ERROR);
}

Test(mcp, progress_goes_with_the_token_and_only_grows)
{
	init("2025-11-25");
	feed("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"_meta\":{\"progressToken\":\"tok\"}}}");
	cr_assert_eq(out.n, 3, "two progress notifications and the response");
	cJSON *p0 = cJSON_GetObjectItem(msg(0), "params"), *p1 = cJSON_GetObjectItem(msg(1), "params");
	cr_assert_str_eq(cJSON_GetObjectItem(msg(0), "method")->valuestring, "notifications/progress");
	cr_assert_str_eq(cJSON_GetObjectItem(p0, "progressToken")->valuestring, "tok");
	cr_assert_eq(cJSON_GetObjectItem(p0, "progress")->valueint, 1);
	cr_assert_eq(cJSON_GetObjectItem(p0, "total")->valueint, 3);
	cr_assert_str_eq(cJSON_GetObjectItem(p0, "message")->valuestring, "one");
	cr_assert_eq(cJSON_GetObjectItem(p1, "progress")->valueint, 3);
	cr_assert_null(cJSON_GetObjectItem(p1, "message"));
	cr_assert_eq(out.last[0], 0);
	cr_assert_eq(out.last[2], 1);
	cr_assert_not_null(cJSON_GetObjectItem(msg(2), "result"));
}

Test(mcp, no_progress_without_a_token)
{
	init("2025-11-25");
	feed("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\"}}");
	cr_assert_eq(out.n, 1);
}

Test(mcp, a_pending_call_answers_later_on_its_origin)
{
	init("2025-11-25");
	const char *req = "{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"method\":\"tools/call\",\"params\":{\"name\":\"slow\",\"_meta\":{\"progressToken\":5}}}";
	cr_assert_eq(mcp_session_handle(s, req, strlen(req), (void *)req), MCP_H_PENDING);
	cr_assert_eq(out.n, 0);
	cr_assert_eq(mcp_session_pending(s), 1);
	cr_assert_not_null(slow_call);
	cr_assert_str_eq(mcp_call_id_text(slow_call), "\"x\"");
	mcp_call_progress(slow_call, 0.5, -1, "half");
	mcp_log(s, slow_call, MCP_LOG_INFO, "t", cJSON_CreateString("working"));
	mcp_call_result(slow_call, mcp_tool_result(cJSON_CreateObject(), NULL));
	cr_assert_eq(out.n, 3);
	cr_assert_null(cJSON_GetObjectItem(cJSON_GetObjectItem(msg(0), "params"), "total"));
	cr_assert_str_eq(cJSON_GetObjectItem(msg(2), "id")->valuestring, "x");
	for (int i = 0; i < 3; i++) cr_assert_eq(out.origin[i], req);
	cr_assert_eq(mcp_session_pending(s), 0);
}

Test(mcp, cancellation_stops_a_pending_call_without_a_response)
{
	init("2025-11-25");
	feed("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"slow\"}}");
	cr_assert_eq(mcp_session_pending(s), 1);
	feed("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":\"7\"}}");
	cr_assert_eq(cancelled, 0, "a string \"7\" is not the integer 7");
	feed("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{}}");
	feed("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\"}");
	cr_assert_eq(cancelled, 0, "malformed cancellations are ignored");
	feed("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":7,\"reason\":\"user\"}}");
	cr_assert_eq(cancelled, 1);
	cr_assert_eq(mcp_session_pending(s), 0);
	int ends = 0, responses = 0;
	for (int i = 0; i < out.n; i++) {
		if (!out.json[i]) {
			ends++;
			cr_assert_eq(out.last[i], 1);
			continue;
		}
		cJSON *m = msg(i);
		responses += cJSON_GetObjectItem(m, "id") != NULL;
	}
	cr_assert_eq(ends, 1, "the exchange ends without a message");
	cr_assert_eq(responses, 0, "no response for a cancelled request");
	feed("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":7}}");
	cr_assert_eq(cancelled, 1, "cancelling twice does nothing");
}

Test(mcp, ending_a_session_cancels_its_pending_calls)
{
	init("2025-11-25");
	feed("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"slow\"}}");
	mcp_session_free(s);
	s = NULL;
	cr_assert_eq(cancelled, 1);
}

/* --- resources, prompts, logging ------------------------------------------------------------ */

Test(mcp, resources_list_read_and_templates)
{
	init("2025-11-25");
	feed("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/list\"}");
	cJSON *r = cJSON_GetObjectItem(msg(0), "result");
	cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItem(r, "resources")), 2);
	cr_assert_str_eq(cJSON_GetObjectItem(r, "nextCursor")->valuestring, "pwaf-2");
	feed("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"resources/read\",\"params\":{\"uri\":\"t://r/1\"}}");
	cJSON *c = cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetObjectItem(msg(1), "result"), "contents"), 0);
	cr_assert_str_eq(cJSON_GetObjectItem(c, "text")->valuestring, "one");
	feed("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"resources/read\",\"params\":{\"uri\":\"t://r/9\"}}");
	cr_assert_eq(err_code(msg(2)), MCP_RESOURCE_NOT_FOUND);
	cr_assert_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(msg(2), "error"), "data"), "uri")->valuestring,
			 "t://r/9");
	feed("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"resources/read\",\"params\":{\"uri\":\"t://broken\"}}");
	cr_assert_eq(err_code(msg(3)), MCP_INTERNAL_ERROR);
	cr_assert_not_null(strstr(err_text(msg(3)), "disk on fire"));
	feed("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"resources/read\",\"params\":{}}");
	cr_assert_eq(err_code(msg(4)), MCP_INVALID_PARAMS);
	cr_assert_not_null(strstr(err_text(msg(4)), "params.uri"));
	feed("{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"resources/templates/list\"}");
	cJSON *t = cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetObjectItem(msg(5), "result"), "resourceTemplates"), 0);
	cr_assert_str_eq(cJSON_GetObjectItem(t, "uriTemplate")->valuestring, "t://r/{n}");
	cr_assert_str_eq(cJSON_GetObjectItem(t, "mimeType")->valuestring, "text/plain");
}

Test(mcp, prompts_list_and_get_with_argument_checks)
{
	init("2025-11-25");
	feed("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"prompts/list\"}");
	cJSON *p = cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetObjectItem(msg(0), "result"), "prompts"), 0);
	cr_assert_str_eq(cJSON_GetObjectItem(p, "name")->valuestring, "greet");
	cJSON *a = cJSON_GetArrayItem(cJSON_GetObjectItem(p, "arguments"), 0);
	cr_assert(cJSON_IsTrue(cJSON_GetObjectItem(a, "required")));
	feed("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"prompts/get\",\"params\":{\"name\":\"greet\",\"arguments\":{\"who\":\"ann\"}}}");
	cJSON *m = cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetObjectItem(msg(1), "result"), "messages"), 0);
	cr_assert_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(m, "content"), "text")->valuestring, "ann");
	const char *bad[][2] = {
		{ "{\"name\":\"nope\"}", "unknown prompt 'nope' (prompts: greet)" },
		{ "{\"name\":\"greet\"}", "needs the argument 'who'" },
		{ "{\"name\":\"greet\",\"arguments\":{\"who\":\"\"}}", "needs the argument 'who'" },
		{ "{\"name\":\"greet\",\"arguments\":{\"who\":3}}", "who of prompt greet must be a string" },
		{ "{\"name\":\"greet\",\"arguments\":{\"who\":\"a\",\"when\":\"now\"}}", "has no argument 'when'" },
		{ "{\"name\":\"greet\",\"arguments\":{\"who\":\"nobody\"}}", "nobody is not a partner" },
		{ "{\"arguments\":{}}", "params.name" },
	};
	for (int i = 0; i < 7; i++) {
		char req[300];
		snprintf(req, sizeof req, "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"prompts/get\",\"params\":%s}", 10 + i, bad[i][0]);
		feed(req);
		cr_assert_eq(err_code(msg(-1)), MCP_INVALID_PARAMS, "%s", bad[i][0]);
		cr_assert_not_null(strstr(err_text(msg(-1)), bad[i][1]), "%s: %s", bad[i][0], err_text(msg(-1)));
	}
}

Test(mcp, logging_set_level_filters_messages)
{
	init("2025-11-25");
	mcp_log(s, NULL, MCP_LOG_DEBUG, "t", cJSON_CreateString("hidden by default"));
	cr_assert_eq(out.n, 0, "info is the level until set");
	mcp_log(s, NULL, MCP_LOG_WARNING, "t", cJSON_CreateString("shown"));
	cJSON *p = cJSON_GetObjectItem(msg(0), "params");
	cr_assert_str_eq(cJSON_GetObjectItem(msg(0), "method")->valuestring, "notifications/message");
	cr_assert_str_eq(cJSON_GetObjectItem(p, "level")->valuestring, "warning");
	cr_assert_str_eq(cJSON_GetObjectItem(p, "logger")->valuestring, "t");
	feed("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"logging/setLevel\",\"params\":{\"level\":\"error\"}}");
	cr_assert_not_null(cJSON_GetObjectItem(msg(1), "result"));
	mcp_log(s, NULL, MCP_LOG_WARNING, "t", cJSON_CreateString("now hidden"));
	cr_assert_eq(out.n, 2);
	mcp_log(s, NULL, MCP_LOG_EMERGENCY, "t", NULL);
	cr_assert_eq(out.n, 3);
	feed("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"logging/setLevel\",\"params\":{\"level\":\"verbose\"}}");
	cr_assert_eq(err_code(msg(3)), MCP_INVALID_PARAMS);
	cr_assert_not_null(strstr(err_text(msg(3)), "got string \"verbose\""));
	cr_assert_eq(mcp_log_level_parse("notice"), MCP_LOG_NOTICE);
	cr_assert_eq(mcp_log_level_parse("NOTICE"), -1);
}

Test(mcp, error_json_helper)
{
	char *e = mcp_error_json(MCP_INVALID_REQUEST, "no\x1b[31m escape");
	cr_assert_str_eq(e, "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"no[31m escape\"}}");
	free(e);
}

/* --- the JSON Schema subset ----------------------------------------------------------------- */

static int validate(const char *schema, const char *value, char *err, size_t len)
{
	cJSON *sc = cJSON_Parse(schema), *v = cJSON_Parse(value);
	cr_assert(sc && v, "bad test JSON");
	int rc = mcp_schema_validate(sc, v, "", err, len);
	cJSON_Delete(sc);
	cJSON_Delete(v);
	return rc;
}

#define VALID(schema, value) do { char e_[300] = ""; cr_assert_eq(validate(schema, value, e_, sizeof e_), 0, "%s: %s", value, e_); } while (0)
#define INVALID(schema, value, want) do { char e_[300] = ""; cr_assert_eq(validate(schema, value, e_, sizeof e_), -1, "%s passed", value); \
	cr_assert_str_eq(e_, want); } while (0)

Test(schema, types)
{
	VALID("{\"type\":\"integer\"}", "3");
	VALID("{\"type\":\"integer\"}", "3.0");
	INVALID("{\"type\":\"integer\"}", "3.5", "expected integer, got number 3.5");
	VALID("{\"type\":\"number\"}", "3");
	INVALID("{\"type\":\"string\"}", "null", "expected string, got null");
	INVALID("{\"type\":\"boolean\"}", "\"true\"", "expected boolean, got string \"true\"");
	INVALID("{\"type\":\"object\"}", "[]", "expected object, got an array");
	VALID("{\"type\":[\"string\",\"null\"]}", "null");
	INVALID("{\"type\":[\"string\",\"null\"]}", "1", "expected string or null, got integer 1");
}

Test(schema, enums_ranges_lengths)
{
	INVALID("{\"enum\":[\"a\",\"b\"]}", "\"c\"", "must be one of a, b (got string \"c\")");
	VALID("{\"enum\":[\"a\",1]}", "1");
	INVALID("{\"minimum\":1,\"maximum\":50}", "51", "must be at most 50 (got 51)");
	INVALID("{\"minLength\":1}", "\"\"", "must not be empty");
	VALID("{\"maxLength\":2}", "\"éé\"");
	INVALID("{\"maxLength\":2}", "\"ééé\"", "must be at most 2 characters long (got 3)");
	INVALID("{\"maxItems\":1}", "[1,2]", "takes at most 1 entries (got 2)");
}

Test(schema, objects_name_the_path)
{
	const char *sc = "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"object\",\"properties\":{\"b\":{\"type\":\"array\","
			 "\"items\":{\"type\":\"string\"}}},\"required\":[\"b\"]}},\"required\":[\"a\"],\"additionalProperties\":false}";
	VALID(sc, "{\"a\":{\"b\":[\"x\"],\"extra\":1}}");
	INVALID(sc, "{}", "a is required");
	INVALID(sc, "{\"a\":{}}", "a.b is required");
	INVALID(sc, "{\"a\":{\"b\":[\"x\",2]}}", "a.b[1]: expected string, got integer 2");
	INVALID(sc, "{\"a\":{\"b\":[]},\"z\":1}", "z: unknown argument (valid: a)");
	INVALID(sc, "{\"a\":{\"b\":\"\\u001b[2J\"}}", "a.b: expected array, got string \"[2J\"");
}

/* --- pwaf's tools: schemas, and results that match their output schemas ---------------------- */

static struct mcp_server_def *pdef;
static struct cdb *pdb;
static char *pdir;
static struct pwaf_mcp_opts popts;
static const char demo[] = "{\"workspace\":{\"host\":\"https://demo.example.com\"},\"endpoints\":{}}";

static void psetup(void)
{
	reset_out();
	pdir = tu_tmpdir();
	tu_write(pdir, "cost.md", tu_page("cost", "Cost attribution", "built-on", "Tags say **who** pays. More text."));
	tu_write(pdir, "oauth-m2m.md", tu_page("oauth-m2m", "OAuth M2M", "connected-isv", "Service principals use [OAuth](cost)."));
	tu_write(pdir, "BO-TAG-01.md", tu_item("BO-TAG-01", "customer_id tag on all compute", "cost", "required",
					       "Every cluster carries a customer_id tag.\n\n## Why it matters\n\nChargeback.\n\n"
					       "## Verify by hand\n\nLook.\n\n## How pwaf checks it\n\nIt does not.\n\n"
					       "## Fix a failure\n\nTag it.\n"));
	struct diag d = { 0 };
	cr_assert_eq(tu_index(pdir, &d), 0, "%s", tu_diag_text(&d));
	diag_free(&d);
	pdb = tu_open(pdir);
	struct buf st = BUF_INIT;
	buf_addf(&st, "%s/state.db", pdir);
	popts = (struct pwaf_mcp_opts){ .db = pdb, .state_path = buf_take(&st), .allow_write = 1, .version = "9.9",
					.live = { .demo = 1, .demo_json = (const unsigned char *)demo, .demo_len = sizeof demo - 1 } };
	pdef = pwaf_mcp_def_new(&popts);
}

static void pteardown(void)
{
	pwaf_mcp_def_free(pdef);
	cdb_close(pdb);
	free((char *)popts.state_path);
	tu_rmrf(pdir);
	free(pdir);
	for (int i = 0; i < nparsed; i++) cJSON_Delete(parsed[i]);
	nparsed = 0;
	reset_out();
}

TestSuite(pwaf_tools, .init = psetup, .fini = pteardown);

static const struct mcp_tool *ptool(const char *name)
{
	for (size_t i = 0; i < pdef->ntools; i++)
		if (strcmp(pdef->tools[i].name, name) == 0) return &pdef->tools[i];
	return NULL;
}

static void pvalid(const char *tool, const char *args)
{
	cJSON *a = cJSON_Parse(args);
	char e[300] = "";
	cr_assert_eq(mcp_schema_validate(ptool(tool)->input_schema, a, "", e, sizeof e), 0, "%s %s: %s", tool, args, e);
	cJSON_Delete(a);
}

static void pinvalid(const char *tool, const char *args, const char *want)
{
	cJSON *a = cJSON_Parse(args);
	char e[300] = "";
	cr_assert_eq(mcp_schema_validate(ptool(tool)->input_schema, a, "", e, sizeof e), -1, "%s %s passed", tool, args);
	cr_assert_str_eq(e, want, "%s %s", tool, args);
	cJSON_Delete(a);
}

Test(pwaf_tools, every_tool_has_object_schemas)
{
	cr_assert_eq(pdef->ntools, 6);
	for (size_t i = 0; i < pdef->ntools; i++) {
		const struct mcp_tool *t = &pdef->tools[i];
		cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(t->input_schema, "type")), "object", "%s", t->name);
		cr_assert(cJSON_IsFalse(cJSON_GetObjectItem(t->input_schema, "additionalProperties")), "%s", t->name);
		cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(t->output_schema, "type")), "object", "%s", t->name);
		cr_assert_gt(strlen(t->description), 80, "%s has a description an assistant can choose by", t->name);
	}
}

Test(pwaf_tools, mark_only_with_allow_write)
{
	struct pwaf_mcp_opts o = popts;
	o.allow_write = 0;
	struct mcp_server_def *d = pwaf_mcp_def_new(&o);
	for (size_t i = 0; i < d->ntools; i++) cr_assert_str_neq(d->tools[i].name, "mark");
	cr_assert_eq(d->ntools, 5);
	cr_assert_null(strstr(d->instructions, "mark records"));
	pwaf_mcp_def_free(d);
	cr_assert_not_null(ptool("mark"));
	cr_assert_eq(ptool("mark")->hints & MCP_HINT_READ_ONLY, 0);
}

Test(pwaf_tools, search_schema)
{
	pvalid("search", "{\"query\":\"oauth\",\"partner\":\"built-on\",\"pillar\":\"technical-standards\",\"kind\":\"item\",\"limit\":50}");
	pinvalid("search", "{}", "query is required");
	pinvalid("search", "{\"query\":\"\"}", "query: must not be empty");
	pinvalid("search", "{\"query\":\"x\",\"limit\":\"ten\"}", "limit: expected integer, got string \"ten\"");
	pinvalid("search", "{\"query\":\"x\",\"limit\":0}", "limit: must be at least 1 (got 0)");
	pinvalid("search", "{\"query\":\"x\",\"partner\":\"reseller\"}",
		 "partner: must be one of connected-isv, built-on, data-collaboration, mcp (got string \"reseller\")");
	pinvalid("search", "{\"query\":\"x\",\"kind\":\"faq\"}", "kind: must be one of page, item (got string \"faq\")");
	pinvalid("search", "{\"q\":\"x\"}", "query is required");
	pinvalid("search", "{\"query\":\"x\",\"q\":1}", "q: unknown argument (valid: query, partner, pillar, kind, limit)");
}

Test(pwaf_tools, show_explain_checklist_schemas)
{
	pvalid("show", "{\"id\":\"BO-TAG-01\"}");
	pinvalid("show", "{\"id\":7}", "id: expected string, got integer 7");
	pinvalid("explain", "{}", "id is required");
	pvalid("explain", "{\"id\":\"BO-TAG-01\",\"assessment\":\"acme\"}");
	pvalid("checklist", "{}");
	pinvalid("checklist", "{\"level\":\"mandatory\"}", "level: must be one of required, recommended, anti-pattern, info (got string \"mandatory\")");
	pinvalid("checklist", "{\"assessment\":\"\"}", "assessment: must not be empty");
}

Test(pwaf_tools, check_and_mark_schemas)
{
	pvalid("check", "{\"items\":[\"BO-TAG-01\"],\"status\":[\"fail\",\"error\"],\"refresh\":true,\"level\":\"required\"}");
	pinvalid("check", "{\"items\":[\"a\",3]}", "items[1]: expected string, got integer 3");
	pinvalid("check", "{\"status\":[\"broken\"]}",
		 "status[0]: must be one of pass, fail, warn, manual, unknown, error (got string \"broken\")");
	pinvalid("check", "{\"status\":\"fail\"}", "status: expected array, got string \"fail\"");
	pinvalid("check", "{\"refresh\":\"yes\"}", "refresh: expected boolean, got string \"yes\"");
	pvalid("mark", "{\"id\":\"BO-TAG-01\",\"state\":\"na\",\"reason\":\"no compute\"}");
	pinvalid("mark", "{\"id\":\"BO-TAG-01\"}", "state is required");
	pinvalid("mark", "{\"id\":\"BO-TAG-01\",\"state\":\"finished\"}", "state: must be one of open, done, na, blocked (got string \"finished\")");
}

/* Call a pwaf tool through a session; the result's structuredContent must match the output schema. */
static cJSON *pcall(struct mcp_session *ps, const char *tool, const char *args)
{
	static int id = 100;
	char req[600];
	snprintf(req, sizeof req, "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"tools/call\",\"params\":{\"name\":\"%s\",\"arguments\":%s}}",
		 ++id, tool, args);
	mcp_session_handle(ps, req, strlen(req), NULL);
	cJSON *r = cJSON_GetObjectItem(msg(-1), "result");
	cr_assert_not_null(r, "%s: %s", tool, out.json[out.n - 1]);
	cJSON *sc = cJSON_GetObjectItem(r, "structuredContent");
	if (sc) {
		char e[300] = "";
		cr_assert_eq(mcp_schema_validate(ptool(tool)->output_schema, sc, "", e, sizeof e), 0, "%s output: %s", tool, e);
	}
	return r;
}

static const char *tool_text(const cJSON *r)
{
	return cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(r, "content"), 0), "text"));
}

Test(pwaf_tools, results_match_their_output_schemas)
{
	void *app = pwaf_mcp_app_new(&popts);
	struct mcp_session *ps = mcp_session_new(pdef, app, capture, NULL);
	const char *ini = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\"}}";
	mcp_session_handle(ps, ini, strlen(ini), NULL);
	cJSON *r = pcall(ps, "search", "{\"query\":\"service principals\"}");
	cJSON *first = cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetObjectItem(r, "structuredContent"), "results"), 0);
	cr_assert_str_eq(cJSON_GetObjectItem(first, "id")->valuestring, "oauth-m2m");
	cr_assert_str_eq(cJSON_GetObjectItem(first, "uri")->valuestring, "pwaf://page/oauth-m2m");
	cJSON *link = cJSON_GetArrayItem(cJSON_GetObjectItem(r, "content"), 1);
	cr_assert_str_eq(cJSON_GetObjectItem(link, "type")->valuestring, "resource_link");
	r = pcall(ps, "show", "{\"id\":\"cost\"}");
	cr_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetObjectItem(r, "structuredContent"), "items"), 0), "id")->valuestring,
			 "BO-TAG-01");
	r = pcall(ps, "checklist", "{\"partner\":\"built-on\"}");
	cJSON *it = cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetObjectItem(r, "structuredContent"), "items"), 0);
	cr_assert_str_eq(cJSON_GetObjectItem(it, "state")->valuestring, "open");
	cr_assert_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(it, "live"), "status")->valuestring, "manual");
	r = pcall(ps, "check", "{}");
	cr_assert_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(r, "structuredContent"), "workspace"), "source")->valuestring, "demo");
	r = pcall(ps, "explain", "{\"id\":\"bo-tag-01\"}");
	cJSON *sc = cJSON_GetObjectItem(r, "structuredContent");
	cr_assert_str_eq(cJSON_GetObjectItem(sc, "requirement")->valuestring, "Every cluster carries a customer_id tag.");
	cr_assert_str_eq(cJSON_GetObjectItem(sc, "why")->valuestring, "Chargeback.");
	cr_assert_str_eq(cJSON_GetObjectItem(sc, "fix")->valuestring, "Tag it.");
	r = pcall(ps, "mark", "{\"id\":\"BO-TAG-01\",\"state\":\"blocked\",\"reason\":\"waiting on IT\"}");
	cr_assert_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(r, "structuredContent"), "state")->valuestring, "blocked");
	r = pcall(ps, "checklist", "{}");
	it = cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetObjectItem(r, "structuredContent"), "items"), 0);
	cr_assert_str_eq(cJSON_GetObjectItem(it, "reason")->valuestring, "waiting on IT");
	r = pcall(ps, "explain", "{\"id\":\"cost\"}");
	cr_assert(cJSON_IsTrue(cJSON_GetObjectItem(r, "isError")));
	cr_assert_not_null(strstr(tool_text(r), "'cost' is a page, not a checklist item (its items: BO-TAG-01)"), "%s", tool_text(r));
	r = pcall(ps, "mark", "{\"id\":\"BO-TAG-02\",\"state\":\"done\"}");
	cr_assert_not_null(strstr(tool_text(r), "No checklist item has id 'BO-TAG-02'; did you mean: BO-TAG-01"), "%s", tool_text(r));
	r = pcall(ps, "mark", "{\"id\":\"BO-TAG-01\",\"state\":\"done\",\"reason\":\"x\"}");
	cr_assert_not_null(strstr(tool_text(r), "A reason goes with na or blocked"));
	mcp_session_free(ps);
	pwaf_mcp_app_free(app);
}

Test(pwaf_tools, resources_read_pages_and_refuse_others)
{
	void *app = pwaf_mcp_app_new(&popts);
	cJSON *c = cJSON_CreateArray();
	char err[300] = "";
	cr_assert_eq(pdef->resource_read(app, "pwaf://page/bo-tag-01", c, err, sizeof err), 0);
	cJSON *t = cJSON_GetArrayItem(c, 0);
	cr_assert_str_eq(cJSON_GetObjectItem(t, "mimeType")->valuestring, "text/markdown");
	cr_assert_not_null(strstr(cJSON_GetObjectItem(t, "text")->valuestring, "Source: <https://example.com/BO-TAG-01>"));
	cr_assert_eq(pdef->resource_read(app, "pwaf://llms.txt", c, err, sizeof err), 0);
	cr_assert_null(strstr(cJSON_GetObjectItem(cJSON_GetArrayItem(c, 1), "text")->valuestring, "Tag it."), "llms.txt is the map");
	cr_assert_eq(pdef->resource_read(app, "pwaf://llms-full.txt", c, err, sizeof err), 0);
	cr_assert_not_null(strstr(cJSON_GetObjectItem(cJSON_GetArrayItem(c, 2), "text")->valuestring, "Tag it."), "llms-full.txt has the bodies");
	cr_assert_eq(pdef->resource_read(app, "pwaf://page/", c, err, sizeof err), 1);
	cr_assert_eq(pdef->resource_read(app, "file:///etc/passwd", c, err, sizeof err), 1);
	cr_assert_eq(pdef->resource_read(app, "pwaf://checklist/reseller", c, err, sizeof err), 1);
	cr_assert_not_null(strstr(err, "connected-isv"));
	cr_assert_eq(pdef->resource_count(app), 3 + 2);
	cJSON *first = pdef->resource_at(app, 0);
	cr_assert_str_eq(cJSON_GetObjectItem(first, "uri")->valuestring, "pwaf://llms.txt");
	cJSON_Delete(first);
	cJSON *page = pdef->resource_at(app, 2);
	cr_assert_not_null(strstr(cJSON_GetObjectItem(page, "description")->valuestring, "for "), "%s", cJSON_PrintUnformatted(page));
	cJSON_Delete(page);
	cJSON_Delete(c);
	pwaf_mcp_app_free(app);
}

/* --- llms.txt ------------------------------------------------------------------------------ */

Test(llms, summary_is_the_first_sentence_in_plain_text)
{
	char *x = llms_summary("# Title\n\nA **bold** [link](x) to `code` goes here. Second sentence.\n", 200);
	cr_assert_str_eq(x, "A bold link to code goes here.");
	free(x);
	x = llms_summary("# T\n\n```\nnot this\n```\n\n| a | b |\n\nThis one.\n", 200);
	cr_assert_str_eq(x, "This one.");
	free(x);
	x = llms_summary("# T\n\nThe customer_id tag is kept as written, with no emphasis lost.\n", 200);
	cr_assert_str_eq(x, "The customer_id tag is kept as written, with no emphasis lost.");
	free(x);
	x = llms_summary("# T\n", 200);
	cr_assert_str_eq(x, "");
	free(x);
}

Test(llms, summary_is_cut_at_a_word)
{
	char *x = llms_summary("Alpha beta gamma delta epsilon zeta eta theta", 20);
	cr_assert_str_eq(x, "Alpha beta gamma…");
	free(x);
}

Test(llms, llms_txt_shape)
{
	char *dir = tu_tmpdir();
	tu_write(dir, "cost.md", tu_page("cost", "Cost [attribution]", "built-on", "Tags say who pays."));
	tu_write(dir, "BO-TAG-01.md", tu_item("BO-TAG-01", "customer_id tag", "cost", "required", "Tag every cluster."));
	struct diag d = { 0 };
	cr_assert_eq(tu_index(dir, &d), 0);
	diag_free(&d);
	struct cdb *db = tu_open(dir);
	struct buf b = BUF_INIT;
	char err[200];
	cr_assert_eq(llms_write(db, 0, "1.2.3", &b, err, sizeof err), 0);
	const char *t = buf_str(&b);
	cr_assert(strncmp(t, "# pwaf: ", 8) == 0);
	cr_assert_not_null(strstr(t, "\n> The Databricks Partner Well-Architected Framework (PWAF) as bundled in pwaf 1.2.3: 1 pages"));
	cr_assert_not_null(strstr(t, "\n## Built-On ISV\n\n- [Cost \\[attribution\\]](pwaf://page/cost): Tags say who pays.\n"), "%s", t);
	cr_assert_not_null(strstr(t, "\n## Checklist: Built-On ISV\n\n- [customer_id tag](pwaf://page/BO-TAG-01): BO-TAG-01, Required. Tag every cluster.\n"), "%s", t);
	buf_reset(&b);
	cr_assert_eq(llms_write(db, 1, "1.2.3", &b, err, sizeof err), 0);
	cr_assert_not_null(strstr(buf_str(&b), "\n---\n\n# customer_id tag\n\nTag every cluster.\n"), "%s", buf_str(&b));
	cr_assert_not_null(strstr(buf_str(&b), "Checklist item `BO-TAG-01` (pwaf://page/BO-TAG-01), Required; source: <https://example.com/BO-TAG-01>"));
	buf_free(&b);
	cdb_close(db);
	tu_rmrf(dir);
	free(dir);
}
