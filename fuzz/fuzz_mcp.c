/* fuzz_mcp.c - libFuzzer target: any bytes as a sequence of MCP messages to one session (lines of the input).
 * The contract: every message sent is one line of JSON-RPC 2.0, and the session always answers ping after.
 * At most 16 messages an input, of at most 2 KB in all: a session's states are reached in a few
 * messages, and unbounded inputs grew to hundreds of lines, each an error answer parsed back,
 * which held the target near 2,000 runs a CPU second.
 * libfuzzer-flags: -max_len=2048
 */
#include "mcp/mcp.h"

#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void sent(void *ctx, void *origin, const char *json, int last)
{
	(void)ctx;
	(void)origin;
	(void)last;
	if (!json) return;
	if (strchr(json, '\n')) abort();
	cJSON *m = cJSON_Parse(json);
	if (!m || !cJSON_IsString(cJSON_GetObjectItem(m, "jsonrpc"))) abort();
	cJSON_Delete(m);
}

static enum mcp_tool_rc echo(void *app, struct mcp_call *call, const cJSON *args)
{
	(void)app;
	mcp_call_progress(call, 1, 2, "half");
	mcp_call_result(call, mcp_tool_result(cJSON_Duplicate(args, 1), NULL));
	return MCP_TOOL_DONE;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct mcp_tool tool;
	static struct mcp_prompt_arg args[] = { { "who", NULL, 1 }, { NULL, NULL, 0 } };
	static struct mcp_prompt prompt = { "p", NULL, NULL, args, NULL };
	static struct mcp_server_def def;
	if (!tool.name) {
		tool = (struct mcp_tool){ "echo", NULL, "echo", cJSON_Parse("{\"type\":\"object\",\"properties\":{\"n\":{\"type\":"
			"[\"integer\",\"null\"],\"minimum\":0},\"s\":{\"type\":\"array\",\"items\":{\"enum\":[\"a\",1]},\"maxItems\":3}},"
			"\"required\":[\"n\"],\"additionalProperties\":false}"), NULL, 0, echo };
		def = (struct mcp_server_def){ .name = "f", .version = "1", .tools = &tool, .ntools = 1, .prompts = &prompt,
					       .nprompts = 0, .page_size = 1 };
	}
	struct mcp_session *s = mcp_session_new(&def, NULL, sent, NULL);
	const char *p = (const char *)data, *end = p + size;
	for (int lines = 0; p < end && lines < 16; lines++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		mcp_session_handle(s, p, n, NULL);
		p += n + 1;
	}
	const char *ping = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
	if (mcp_session_handle(s, ping, strlen(ping), NULL) != MCP_H_RESPONDED) abort();
	mcp_session_free(s);
	return 0;
}
