// e2e.mjs - drive `pwaf mcp` with the official MCP TypeScript SDK client (@modelcontextprotocol/sdk).
//
//   node e2e.mjs stdio|http demo|write|live|nosource TRANSCRIPT -- PWAF mcp ARGS...
//
// Starts the server (over stdio, or with --http 127.0.0.1:0 and the URL it prints), runs the
// scenario and prints one line per check: "ok - NAME" or "not ok - NAME # WHY" (tests/e2e/mcp.sh
// numbers them as TAP). TRANSCRIPT gets every JSON-RPC message, one a line: "-> {...}" sent,
// "<- {...}" received. Exits 0 when it ran to the end (failed checks included), 1 when it broke.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { EmptyResultSchema, LoggingMessageNotificationSchema, McpError } from '@modelcontextprotocol/sdk/types.js';

const [mode, scenario, transcriptFile, dashdash, pwaf, ...serverArgs] = process.argv.slice(2);
if (!['stdio', 'http'].includes(mode) || dashdash !== '--' || !pwaf) {
	console.error('usage: node e2e.mjs stdio|http demo|write|live|nosource TRANSCRIPT -- PWAF mcp ARGS...');
	process.exit(2);
}

const transcript = [];
const logs = [];
const clientErrors = [];
let stderrText = '';

function ok(name, cond, why = '') {
	console.log(cond ? `ok - ${name}` : `not ok - ${name} # ${String(why).replace(/\n/g, ' ').slice(0, 400)}`);
	return cond;
}

async function expectError(name, promise, code, pattern) {
	try {
		const r = await promise;
		return ok(name, false, `no error; got ${JSON.stringify(r).slice(0, 200)}`);
	} catch (e) {
		const good = e instanceof McpError && e.code === code && (!pattern || pattern.test(e.message));
		return ok(name, good, `${e.constructor.name} ${e.code}: ${e.message}`);
	}
}

// The progress notifications on the wire for the last tools/call naming this tool, in order, and
// whether they all came before its response. (The SDK's onprogress callback can miss the last ones:
// it retires a request's progress handler when the response arrives, while notifications are
// dispatched a microtask later: typescript-sdk issue #2580.)
function wireProgress(tool) {
	const msgs = transcript.map(l => [l.slice(0, 2), JSON.parse(l.slice(3))]);
	let call = -1;
	msgs.forEach(([dir, m], i) => { if (dir === '->' && m.method === 'tools/call' && m.params.name === tool) call = i; });
	if (call < 0) return { list: [], before: false };
	const req = msgs[call][1], token = req.params._meta?.progressToken;
	const resp = msgs.findIndex(([dir, m], i) => i > call && dir === '<-' && m.id === req.id && (m.result || m.error));
	const list = [];
	let before = true;
	msgs.forEach(([dir, m], i) => {
		if (i > call && dir === '<-' && m.method === 'notifications/progress' && m.params.progressToken === token) {
			list.push(m.params);
			if (resp >= 0 && i > resp) before = false;
		}
	});
	return { list, before };
}

function increasingToTotal(list) {
	return list.length > 1 && list.every((p, i) => i === 0 || p.progress > list[i - 1].progress) &&
		list.at(-1).progress === list.at(-1).total;
}

// Record every JSON-RPC message crossing the transport.
function record(transport) {
	const send = transport.send.bind(transport);
	transport.send = (msg, opts) => {
		transcript.push('-> ' + JSON.stringify(msg));
		return send(msg, opts);
	};
	let handler;
	Object.defineProperty(transport, 'onmessage', {
		configurable: true,
		get() {
			return handler && ((msg, extra) => {
				transcript.push('<- ' + JSON.stringify(msg));
				return handler(msg, extra);
			});
		},
		set(fn) {
			handler = fn;
		}
	});
	return transport;
}

// --http: start the server and wait for the URL it prints on stderr.
function startHttpServer() {
	return new Promise((resolve, reject) => {
		const child = spawn(pwaf, [...serverArgs, '--http', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
		let out = '';
		child.stdout.on('data', d => (out += d));
		child.stderr.on('data', d => {
			stderrText += d;
			const m = /serving MCP \(Streamable HTTP\) at (\S+)/.exec(stderrText);
			if (m) resolve({ child, url: m[1], stdout: () => out });
		});
		child.on('exit', code => reject(new Error(`server exited (${code}): ${stderrText}`)));
		setTimeout(() => reject(new Error('server did not start')), 10000);
	});
}

const PROTOCOL_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

// Transport-level checks of Streamable HTTP, with plain fetch.
async function httpChecks(url, sessionId) {
	const post = (body, headers = {}) =>
		fetch(url, { method: 'POST', headers: { ...PROTOCOL_HEADERS, ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
	const ping = { jsonrpc: '2.0', id: 'raw-1', method: 'ping' };
	let r = await post(ping, { 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-11-25' });
	ok('http: POST a request with the session and version headers: 200 application/json',
		r.status === 200 && /application\/json/.test(r.headers.get('content-type')), r.status);
	ok('http: the response is the ping result', JSON.stringify(await r.json()) === '{"jsonrpc":"2.0","id":"raw-1","result":{}}');
	r = await post(ping);
	ok('http: no MCP-Session-Id: 400', r.status === 400, r.status);
	r = await post(ping, { 'mcp-session-id': 'deadbeef' });
	ok('http: unknown MCP-Session-Id: 404', r.status === 404, r.status);
	r = await post(ping, { 'mcp-session-id': sessionId, origin: 'http://evil.example' });
	const body = await r.json().catch(() => null);
	ok('http: a foreign Origin: 403 with a JSON-RPC error without id (DNS rebinding)',
		r.status === 403 && body && body.id === null && body.error, `${r.status} ${JSON.stringify(body)}`);
	r = await post(ping, { 'mcp-session-id': sessionId, origin: 'http://localhost:5173' });
	ok('http: a loopback Origin is served', r.status === 200, r.status);
	r = await post(ping, { 'mcp-session-id': sessionId, 'mcp-protocol-version': '1999-01-01' });
	ok('http: an unsupported MCP-Protocol-Version: 400', r.status === 400, r.status);
	r = await post(ping, { 'mcp-session-id': sessionId, accept: 'application/json' });
	ok('http: Accept without text/event-stream: 406', r.status === 406, r.status);
	r = await post({ jsonrpc: '2.0', method: 'notifications/initialized' }, { 'mcp-session-id': sessionId });
	ok('http: a notification: 202 with no body', r.status === 202 && (await r.text()) === '', r.status);
	r = await post('{"jsonrpc": "2.0", "id": 1, "method": ', { 'mcp-session-id': sessionId });
	const pe = await r.json().catch(() => null);
	ok('http: invalid JSON: 400 with a -32700 parse error', r.status === 400 && pe && pe.error.code === -32700 && pe.id === null,
		`${r.status} ${JSON.stringify(pe)}`);
	r = await fetch(url, { method: 'GET', headers: { accept: 'text/event-stream', 'mcp-session-id': sessionId } });
	ok('http: GET: 405 (no server-initiated stream)', r.status === 405, r.status);
	r = await fetch(url.replace(/\/mcp$/, '/other'), { method: 'POST', headers: PROTOCOL_HEADERS, body: JSON.stringify(ping) });
	ok('http: one endpoint: another path is 404', r.status === 404, r.status);
}

async function main() {
	let transport, server;
	if (mode === 'stdio') {
		transport = new StdioClientTransport({ command: pwaf, args: serverArgs, env: { ...process.env }, stderr: 'pipe' });
		transport.stderr.on('data', d => (stderrText += d));
	} else {
		server = await startHttpServer();
		transport = new StreamableHTTPClientTransport(new URL(server.url));
	}
	record(transport);
	const client = new Client({ name: 'pwaf-e2e', version: '1.0.0' }, { capabilities: {} });
	client.onerror = e => clientErrors.push(String(e));
	client.setNotificationHandler(LoggingMessageNotificationSchema, n => logs.push(n.params));
	await client.connect(transport);
	const init = transcript.map(l => l.slice(3)).map(s => JSON.parse(s)).find(m => m.id !== undefined && m.result && m.result.protocolVersion);
	ok('initialize: negotiated 2025-11-25', init && init.result.protocolVersion === '2025-11-25', JSON.stringify(init));
	ok('initialize: server is pwaf with tools, resources, prompts and logging',
		client.getServerVersion()?.name === 'pwaf' && ['tools', 'resources', 'prompts', 'logging'].every(k => client.getServerCapabilities()?.[k]),
		JSON.stringify(client.getServerCapabilities()));
	ok('initialize: instructions say what the server is for', /Partner Well-Architected Framework/.test(client.getInstructions() || ''));

	if (scenario === 'demo') await demo(client);
	else if (scenario === 'write') await write(client);
	else if (scenario === 'live') await live(client);
	else if (scenario === 'nosource') await nosource(client);

	const pong = await client.ping();
	ok('ping answers {} at the end', pong && Object.keys(pong).length === 0, JSON.stringify(pong));
	if (mode === 'http') {
		await httpChecks(server.url, transport.sessionId);
		await transport.terminateSession();
		const r = await fetch(server.url, {
			method: 'POST', headers: { ...PROTOCOL_HEADERS, 'mcp-session-id': transport.sessionId || 'x' },
			body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' })
		});
		ok('http: after DELETE the session is gone (404)', r.status === 404, r.status);
	}
	await client.close();
	if (server) {
		server.child.kill('SIGTERM');
		const code = await new Promise(res => server.child.on('exit', c => res(c)));
		ok('http: the server exits 0 on SIGTERM', code === 0, code);
		ok('http: nothing on stdout', server.stdout() === '', server.stdout());
	}
	// Late progress for a finished request is the SDK's own race (typescript-sdk #2580), not a server error.
	const errors = clientErrors.filter(e => !/Received a progress notification for an unknown token/.test(e));
	ok('the client saw no transport or protocol error', errors.length === 0, errors.join(' | '));
	const secret = process.env.DATABRICKS_TOKEN;
	if (secret) {
		const all = transcript.join('\n') + stderrText;
		ok('the token appears in no message and not on stderr', !all.includes(secret));
	}
	writeFileSync(transcriptFile, transcript.join('\n') + '\n');
}

async function demo(client) {
	const { tools } = await client.listTools();
	const names = tools.map(t => t.name).sort().join(',');
	ok('tools/list: check, checklist, explain, search, show (no mark without --allow-write)',
		names === 'check,checklist,explain,search,show', names);
	ok('tools/list: every tool has a description, an input schema and an output schema',
		tools.every(t => t.description && t.inputSchema?.type === 'object' && t.outputSchema?.type === 'object'));
	ok('tools/list: read-only tools say so', tools.every(t => t.annotations?.readOnlyHint === true));

	// search: find the OAuth M2M guidance
	const s = await client.callTool({ name: 'search', arguments: { query: 'OAuth M2M service principal client credentials', limit: 5 } });
	const ids = (s.structuredContent?.results || []).map(r => r.id);
	ok('search: the OAuth M2M page is the first hit', ids[0] === 'oauth-m2m', ids.join(','));
	ok('search: text content carries the same JSON', JSON.parse(s.content[0].text).results[0].id === ids[0]);
	ok('search: resource links to the hits', s.content.some(c => c.type === 'resource_link' && c.uri === 'pwaf://page/oauth-m2m'));
	const f = await client.callTool({ name: 'search', arguments: { query: 'tag', partner: 'built-on', kind: 'item', limit: 50 } });
	ok('search: filters by partner and kind', f.structuredContent.results.length > 0 &&
		f.structuredContent.results.every(r => r.kind === 'item' && r.partners.includes('built-on')));

	// show BO-TAG-01
	const sh = await client.callTool({ name: 'show', arguments: { id: 'bo-tag-01' } });
	ok('show: BO-TAG-01 in Markdown, found case-insensitively', sh.structuredContent?.id === 'BO-TAG-01' &&
		/customer_id/.test(sh.structuredContent.markdown) && sh.structuredContent.level === 'required', JSON.stringify(sh).slice(0, 200));
	const pg = await client.callTool({ name: 'show', arguments: { id: 'built-on-cost-attribution' } });
	ok('show: a page lists its items', pg.structuredContent.items.some(i => i.id === 'BO-TAG-01'));
	const nf = await client.callTool({ name: 'show', arguments: { id: 'BO-TAG-99' } });
	ok('show: an unknown id is a tool error with suggestions', nf.isError === true && /No page or item has id 'BO-TAG-99'.*did you mean/.test(nf.content[0].text),
		JSON.stringify(nf));

	// checklist
	const cl = await client.callTool({ name: 'checklist', arguments: { partner: 'built-on', level: 'required' } });
	const items = cl.structuredContent?.items || [];
	ok('checklist: Built-On required items with state and live status', items.length > 10 &&
		items.every(i => i.level === 'required' && i.state === 'open' && i.live && i.live.status),
		`${items.length} items`);
	ok('checklist: summary counts', cl.structuredContent.summary.total === items.length && cl.structuredContent.summary.open === items.length);

	// check: the demo workspace's failing items with evidence, with progress
	const progress = [];
	const ck = await client.callTool({ name: 'check', arguments: { status: ['fail'] } }, undefined, { onprogress: p => progress.push(p) });
	const res = ck.structuredContent?.results || [];
	ok('check: the demo workspace is the source', ck.structuredContent?.workspace?.source === 'demo');
	ok('check: only failing items, each with evidence', res.length > 0 && res.every(r => r.status === 'fail' && r.evidence.length > 10),
		JSON.stringify(res.slice(0, 2)));
	ok('check: BO-TAG-01 fails with the untagged resources named', res.some(r => r.item === 'BO-TAG-01' && /lack customer_id/.test(r.evidence)));
	ok('check: the summary counts every item checked', ck.structuredContent.summary.fail === res.length &&
		ck.structuredContent.summary.total > res.length);
	const wp = wireProgress('check');
	ok('check: progress notifications with the token, increasing to the total, all before the response',
		increasingToTotal(wp.list) && wp.before && progress.length >= 1, JSON.stringify(wp.list.slice(-2)));

	// explain
	const ex = await client.callTool({ name: 'explain', arguments: { id: 'BO-TAG-01' } });
	const e = ex.structuredContent || {};
	ok('explain: requirement, why, verify, how pwaf checks, fix', ['requirement', 'why', 'verify', 'how_pwaf_checks', 'fix'].every(k => e[k] && e[k].length > 20),
		Object.keys(e).join(','));
	ok('explain: live evidence from the demo', e.live?.status === 'fail' && e.live.source === 'demo' && /customer_id/.test(e.live.evidence));
	const ep = await client.callTool({ name: 'explain', arguments: { id: 'oauth-m2m' } });
	ok('explain: a page is a tool error naming it', ep.isError === true && /is a page/.test(ep.content[0].text));

	// errors: the server keeps serving
	await expectError('unknown tool: JSON-RPC -32602 naming it', client.callTool({ name: 'delete_everything', arguments: {} }), -32602, /Unknown tool: delete_everything/);
	const bad = await client.callTool({ name: 'search', arguments: { query: 'oauth', limit: 'ten' } });
	ok('wrongly typed argument: a tool error naming the argument (2025-11-25)', bad.isError === true && /limit: expected integer, got string "ten"/.test(bad.content[0].text),
		JSON.stringify(bad));
	const extra = await client.callTool({ name: 'show', arguments: { id: 'x', colour: 'red' } });
	ok('unknown argument: a tool error listing the valid ones', extra.isError === true && /colour: unknown argument \(valid: id\)/.test(extra.content[0].text),
		JSON.stringify(extra));
	const missing = await client.callTool({ name: 'explain', arguments: {} });
	ok('missing argument: a tool error naming it', missing.isError === true && /id is required/.test(missing.content[0].text));
	await expectError('unknown method: -32601', client.request({ method: 'tools/destroy', params: {} }, EmptyResultSchema), -32601, /Method not found/);
	ok('the server still answers after the errors', Object.keys(await client.ping()).length === 0);

	// resources, every page, with pagination
	let cursor, all = [], pages = 0;
	do {
		const r = await client.listResources(cursor ? { cursor } : {});
		all = all.concat(r.resources);
		cursor = r.nextCursor;
		pages++;
	} while (cursor && pages < 20);
	ok('resources/list: every page and item, over several pages', pages > 1 && all.length > 200 &&
		all.some(r => r.uri === 'pwaf://page/BO-TAG-01') && all.some(r => r.uri === 'pwaf://page/oauth-m2m'), `${all.length} in ${pages}`);
	ok('resources/list: titles, descriptions, text/markdown', all.every(r => r.name && r.title && r.description && r.mimeType === 'text/markdown'));
	const rr = await client.readResource({ uri: 'pwaf://page/BO-TAG-01' });
	ok('resources/read: BO-TAG-01 as Markdown', rr.contents[0].uri === 'pwaf://page/BO-TAG-01' && rr.contents[0].mimeType === 'text/markdown' &&
		/customer_id/.test(rr.contents[0].text));
	const llms = await client.readResource({ uri: 'pwaf://llms.txt' });
	ok('resources/read: llms.txt', /^# pwaf/.test(llms.contents[0].text) && /\n> /.test(llms.contents[0].text));
	const full = await client.readResource({ uri: 'pwaf://llms-full.txt' });
	ok('resources/read: llms-full.txt holds every page in full', full.contents[0].text.length > 5 * llms.contents[0].text.length &&
		full.contents[0].text.includes('## Why it matters'));
	const ck2 = await client.readResource({ uri: 'pwaf://checklist/built-on' });
	ok('resources/read: a template URI (checklist of a partner type)', /\| \[BO-TAG-01\]\(pwaf:\/\/page\/BO-TAG-01\) \| required \|.*\| open \| fail \|/.test(ck2.contents[0].text));
	await expectError('resources/read: unknown resource: -32002', client.readResource({ uri: 'pwaf://page/NOPE-99' }), -32002, /Resource not found/);
	const tpl = await client.listResourceTemplates();
	ok('resources/templates/list: pwaf://page/{id} and pwaf://checklist/{partner}',
		tpl.resourceTemplates.map(t => t.uriTemplate).join(' ') === 'pwaf://page/{id} pwaf://checklist/{partner}');
	await expectError('resources/list: a forged cursor: -32602', client.listResources({ cursor: 'pwaf-99999' }), -32602, /cursor/);

	// prompts
	const { prompts } = await client.listPrompts();
	ok('prompts/list: review-workspace, prepare-validation, explain-item', prompts.map(p => p.name).join(',') === 'review-workspace,prepare-validation,explain-item');
	const pr = await client.getPrompt({ name: 'review-workspace', arguments: { partner: 'built-on' } });
	ok('prompts/get: review my workspace as a Built-On partner', /Built-On ISV partner/.test(pr.messages[0].content.text) &&
		pr.messages.some(m => m.content.type === 'resource' && m.content.resource.uri === 'pwaf://page/built-on-overview'));
	const pv = await client.getPrompt({ name: 'prepare-validation', arguments: { partner: 'connected-isv' } });
	ok('prompts/get: prepare my validation', /validation review as a Connected ISV partner/.test(pv.messages[0].content.text));
	await expectError('prompts/get: a missing required argument: -32602', client.getPrompt({ name: 'explain-item', arguments: {} }), -32602, /needs the argument 'id'/);
	await expectError('prompts/get: a bad partner type: -32602', client.getPrompt({ name: 'review-workspace', arguments: { partner: 'reseller' } }), -32602, /unknown partner type 'reseller'/);

	// logging
	await client.setLoggingLevel('debug');
	ok('logging/setLevel debug accepted', true);
	await expectError('logging/setLevel with an unknown level: -32602', client.request({ method: 'logging/setLevel', params: { level: 'loud' } }, EmptyResultSchema), -32602, /level must be one of/);
}

async function write(client) {
	const { tools } = await client.listTools();
	const mark = tools.find(t => t.name === 'mark');
	ok('--allow-write: tools/list has mark, not read-only', mark && mark.annotations?.readOnlyHint === false, JSON.stringify(mark?.annotations));
	const na = await client.callTool({ name: 'mark', arguments: { id: 'BO-TAG-01', state: 'na' } });
	ok('mark: na without a reason is a tool error', na.isError === true && /needs a reason/.test(na.content[0].text));
	const m = await client.callTool({ name: 'mark', arguments: { id: 'bo-tag-01', state: 'done', note: 'policy enforces the tag' } });
	ok('mark: BO-TAG-01 done with a note', m.structuredContent?.item === 'BO-TAG-01' && m.structuredContent.state === 'done' &&
		m.structuredContent.previous === 'open' && m.structuredContent.changed === true, JSON.stringify(m.structuredContent));
	const again = await client.callTool({ name: 'mark', arguments: { id: 'BO-TAG-01', state: 'done' } });
	ok('mark: the same state again changes nothing', again.structuredContent?.changed === false);
	const cl = await client.callTool({ name: 'checklist', arguments: { partner: 'built-on' } });
	const it = cl.structuredContent.items.find(i => i.id === 'BO-TAG-01');
	ok('checklist: shows the state and note just recorded', it.state === 'done' && it.note === 'policy enforces the tag' && it.changed_at);
	const ex = await client.callTool({ name: 'explain', arguments: { id: 'BO-TAG-01' } });
	ok('explain: includes the recorded state', ex.structuredContent.state.state === 'done');
	const bad = await client.callTool({ name: 'mark', arguments: { id: 'BO-TAG-01', state: 'finished' } });
	ok('mark: an unknown state is a tool error listing the states', bad.isError === true && /state: must be one of open, done, na, blocked/.test(bad.content[0].text));
}

async function live(client) {
	// The fake workspace answers one probe slowly: cancel the first check while it runs.
	const ac = new AbortController();
	const progress = [];
	const started = Date.now();
	const first = client.callTool({ name: 'check', arguments: { status: ['fail'] } }, undefined, {
		signal: ac.signal,
		timeout: 60000,
		onprogress: p => {
			progress.push(p);
			if (progress.length === 1) ac.abort('the user changed their mind');
		}
	});
	let cancelled = false;
	try {
		await first;
	} catch (e) {
		cancelled = true;
	}
	ok('cancel: the running check stopped on notifications/cancelled', cancelled && progress.length >= 1, `${progress.length} progress`);
	ok('cancel: the client did not wait for the slow probe', Date.now() - started < 8000, `${Date.now() - started} ms`);
	const sentCancel = transcript.find(l => l.startsWith('-> ') && l.includes('"notifications/cancelled"'));
	ok('cancel: the SDK sent notifications/cancelled', !!sentCancel);
	const t0 = Date.now();
	const pong = await client.ping();
	ok('cancel: the server answers at once afterwards (the slow probe was abandoned, not awaited)',
		Object.keys(pong).length === 0 && Date.now() - t0 < 1500, `${Date.now() - t0} ms`);
	await new Promise(r => setTimeout(r, 300));
	const cancelledId = sentCancel && JSON.parse(sentCancel.slice(3)).params.requestId;
	ok('cancel: no response was sent for the cancelled request',
		!transcript.some(l => l.startsWith('<- ') && (() => { const m = JSON.parse(l.slice(3)); return m.id === cancelledId && (m.result || m.error); })()));

	// A whole live check: progress per probe, log messages, results with evidence.
	const prog2 = [];
	logs.length = 0;
	const r = await client.callTool({ name: 'check', arguments: { refresh: true } }, undefined, { timeout: 60000, onprogress: p => prog2.push(p) });
	ok('live check: results from the workspace with evidence (the cancelled fetch no longer runs)', r.structuredContent?.workspace?.source === 'live' &&
		r.structuredContent.results.length > 100 && r.structuredContent.results.some(x => x.status === 'fail' && x.evidence),
		JSON.stringify(r).slice(0, 300));
	const wp = wireProgress('check');
	ok('live check: one progress notification per probe, then the checks', wp.list.length >= 10 && increasingToTotal(wp.list) &&
		wp.before && wp.list.some(p => /^clusters: \d+ objects?$/.test(p.message)) && prog2.length >= 1, JSON.stringify(wp.list.slice(0, 3)));
	ok('live check: log notifications per probe (notifications/message)', logs.some(l => l.logger === 'pwaf.check' && l.data?.probe === 'clusters'),
		JSON.stringify(logs.slice(0, 2)));
	const again = await client.callTool({ name: 'check', arguments: { items: ['BO-TAG-01'] } });
	ok('live check: a second call re-reads the fetch', again.structuredContent.results.length === 1 && again.structuredContent.workspace.source === 'live');
	const ex = await client.callTool({ name: 'explain', arguments: { id: 'BO-TAG-01' } });
	ok('live check: explain gets the live evidence', ex.structuredContent.live?.source === 'live');
}

async function nosource(client) {
	const r = await client.callTool({ name: 'check', arguments: {} });
	ok('no live source: check is a tool error saying how to start one', r.isError === true && /No live source.*--demo/.test(r.content[0].text), JSON.stringify(r));
	const ex = await client.callTool({ name: 'explain', arguments: { id: 'BO-TAG-01' } });
	ok('no live source: explain still answers, live null with a note', ex.structuredContent.live === null && /No live source/.test(ex.structuredContent.live_note));
}

main().then(() => process.exit(0), e => {
	console.log(`not ok - the scenario ran to the end # ${String(e && e.stack || e).replace(/\n/g, ' | ').slice(0, 600)}`);
	try { writeFileSync(transcriptFile, transcript.join('\n') + '\n'); } catch { /* nothing */ }
	process.exit(1);
});
