/* mcp_pwaf.c - pwaf's MCP server: tools, resources and prompts over the content, the state and the live checks. */
#include "mcp/mcp_pwaf.h"
#include "core/errlen.h"

#include "core/buf.h"
#include "ws/checks.h"
#include "ws/http.h"
#include "core/llms.h"
#include "core/report.h"
#include "core/search.h"
#include "core/state.h"
#include "core/vocab.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* --- the live source: one seam ---------------------------------------------------------------- */

int pwaf_live_open(const struct pwaf_live_spec *spec, struct livesource *src, struct livesource_identity *id,
		   struct config *conf, char *err, size_t errlen)
{
	memset(src, 0, sizeof *src);
	memset(conf, 0, sizeof *conf);
	struct livesource_spec ls = { .demo = spec->demo, .demo_json = spec->demo_json, .demo_len = spec->demo_len,
				      .snapshot = spec->snapshot, .profile = spec->profile, .host = spec->host,
				      .optional = 1 };
	int loaded = livesource_identity_load(id, conf, err, errlen) == 0;
	if (!loaded || livesource_open(&ls, id, src, err, errlen) < 0) {
		livesource_close(src);
		return -1;
	}
	if (src->kind == SOURCE_NONE) {
		snprintf(err, errlen, "%s", src->none_why);
		return PWAF_LIVE_NONE;
	}
	return src->kind == SOURCE_WORKSPACE ? PWAF_LIVE_WORKSPACE : PWAF_LIVE_SNAPSHOT;
}

/* --- per-session state ----------------------------------------------------------------------- */

struct fetch {                  /* a live fetch running for a check call */
	struct probe_run *run;
	struct snapshot *snap;
	struct mcp_call *call;
	cJSON *args;
	int total;                  /* progress steps: the probes, then the checks */
	int auth_failed, conn_failed, events;
	char *auth_err;
};

struct app {
	const struct pwaf_mcp_opts *o;
	int kind;                   /* enum pwaf_live_kind */
	char none_why[512];         /* PWAF_LIVE_NONE: why */
	struct livesource src;      /* where live results come from (src.cfg: PWAF_LIVE_WORKSPACE) */
	struct livesource_identity id;
	struct config conf;         /* holds the identity's strings */
	struct snapshot *snap;      /* the results to read: demo, file, or the last live fetch */
	struct fetch *fetch;
};

void *pwaf_mcp_app_new(const struct pwaf_mcp_opts *o)
{
	struct app *a = xcalloc(1, sizeof *a);
	a->o = o;
	a->kind = pwaf_live_open(&o->live, &a->src, &a->id, &a->conf, a->none_why, sizeof a->none_why);
	if (a->kind < 0) a->kind = PWAF_LIVE_NONE;     /* cmd_mcp refused this at startup */
	if (a->kind == PWAF_LIVE_SNAPSHOT) { /* the app owns the results it reads */
		a->snap = a->src.snap;
		a->src.snap = NULL;
	}
	return a;
}

static void fetch_free(struct fetch *f)
{
	if (!f) return;
	if (f->run) {
		probe_run_cancel(f->run);
		probe_run_free(f->run);
	}
	snapshot_close(f->snap);
	cJSON_Delete(f->args);
	free(f->auth_err);
	free(f);
}

void pwaf_mcp_app_free(void *app)
{
	struct app *a = app;
	if (!a) return;
	fetch_free(a->fetch);
	snapshot_close(a->snap);
	livesource_close(&a->src);
	config_free(&a->conf);
	free(a);
}

int pwaf_mcp_app_fd(void *app)
{
	struct app *a = app;
	return a && a->fetch && a->fetch->run ? probe_run_fd(a->fetch->run) : -1;
}

/* --- small helpers --------------------------------------------------------------------------- */

static const char *arg_str(const cJSON *args, const char *name)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(args, name));
}

static void add_str_or_null(cJSON *o, const char *k, const char *v)
{
	if (v) cJSON_AddStringToObject(o, k, v);
	else cJSON_AddNullToObject(o, k);
}

/* A body without the blank lines the front matter leaves before it. */
static const char *body_of(const struct doc *d)
{
	const char *b = d->body ? d->body : "";
	while (*b == '\n' || *b == '\r') b++;
	return b;
}

static char *doc_uri(const char *id)
{
	struct buf b = BUF_INIT;
	buf_addf(&b, LLMS_URI_PREFIX "%s", id);
	return buf_take(&b);
}

static void add_uri(cJSON *o, const char *id)
{
	char *u = doc_uri(id);
	cJSON_AddStringToObject(o, "uri", u);
	free(u);
}

static cJSON *partners_json(const struct doc *d)
{
	cJSON *p = cJSON_CreateArray();
	for (char **s = d->partners; s && *s; s++) cJSON_AddItemToArray(p, cJSON_CreateString(*s));
	return p;
}

/* Edit distance of two short ids, case-insensitive (99 when either is long). */
static int distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 64 || lb > 64) return 99;
	int row[65];
	for (size_t j = 0; j <= lb; j++) row[j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		int diag = row[0];
		row[0] = (int)i;
		for (size_t j = 1; j <= lb; j++) {
			int up = row[j];
			int best = diag + (tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]));
			if (row[j] + 1 < best) best = row[j] + 1;
			if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

/* "; did you mean: A, B, C" for an unknown id: ids spelled alike, else search hits ("" when none). */
static void suggest(struct cdb *db, const char *id, const char *kind, char *out, size_t len)
{
	out[0] = 0;
	struct doc_filter f = { .kind = kind };
	struct doc_list l;
	struct buf b = BUF_INIT;
	int limit = (int)strlen(id) / 3 > 2 ? (int)strlen(id) / 3 : 2;
	if (cdb_list(db, &f, &l) == 0) {
		for (int d = 1, n = 0; d <= limit && n < 3; d++)
			for (size_t i = 0; i < l.n && n < 3; i++)
				if (distance(id, l.v[i].id) == d) buf_addf(&b, "%s%s", n++ ? ", " : "; did you mean: ", l.v[i].id);
		doc_list_free(&l);
	}
	struct search_hits h;
	if (!b.len && search_run(db, id, kind ? &f : NULL, 3, 1, &h) == 0) {
		for (size_t i = 0; i < h.n; i++) buf_addf(&b, "%s%s", i ? ", " : "; did you mean: ", h.v[i].doc.id);
		search_hits_free(&h);
	}
	snprintf(out, len, "%s", buf_str(&b));
	buf_free(&b);
}

/* The document with this id, or a tool error (unknown id, or a page where an item is needed). */
static int get_doc(struct app *a, struct mcp_call *call, const char *id, int item_only, struct doc *d)
{
	int rc = cdb_get(a->o->db, id, d);
	if (rc < 0) {
		mcp_call_tool_error(call, "content database error: %s", cdb_errmsg(a->o->db));
		return -1;
	}
	char hint[300];
	if (rc == 1) {
		suggest(a->o->db, id, item_only ? "item" : NULL, hint, sizeof hint);
		mcp_call_tool_error(call, "No %s has id '%.80s'%s. The search tool finds ids by topic.",
				    item_only ? "checklist item" : "page or item", id, hint);
		return -1;
	}
	if (item_only && vocab_kind_of(d->kind) != KIND_ITEM) {
		struct doc_list l;
		struct buf b = BUF_INIT;
		if (cdb_items_of(a->o->db, d->id, &l) == 0) {
			for (size_t i = 0; i < l.n && i < 12; i++) buf_addf(&b, "%s%s", i ? ", " : "", l.v[i].id);
			doc_list_free(&l);
		}
		mcp_call_tool_error(call, "'%s' is a page, not a checklist item%s%s%s", d->id,
				    b.len ? " (its items: " : "", buf_str(&b), b.len ? ")" : "");
		buf_free(&b);
		doc_free(d);
		return -1;
	}
	return 0;
}

/* The live source in words, for instructions and results. */
static const char *source_words(const struct app *a)
{
	if (a->kind == PWAF_LIVE_SNAPSHOT) {
		const char *s = snapshot_source(a->snap);
		return strcmp(s, "demo") == 0 ? "the demo workspace (fictional)" : "a saved snapshot";
	}
	if (a->kind == PWAF_LIVE_WORKSPACE) return "the live workspace";
	return NULL;
}

static cJSON *workspace_json(struct snapshot *snap)
{
	cJSON *w = cJSON_CreateObject();
	char hb[300], gb[64];
	const char *h = snapshot_meta(snap, "host", hb, sizeof hb);
	const char *g = snapshot_meta(snap, "generated_at", gb, sizeof gb);
	char *hs = h ? http_safe_text(h, strlen(h), 200) : NULL;
	char *gs = g ? http_safe_text(g, strlen(g), 40) : NULL;
	add_str_or_null(w, "host", hs && *hs ? hs : NULL);
	cJSON_AddStringToObject(w, "source", snapshot_source(snap));
	add_str_or_null(w, "generated_at", gs);
	free(hs);
	free(gs);
	return w;
}

/* --- schemas ----------------------------------------------------------------------------------- */

static cJSON *schema_object(cJSON **props)
{
	cJSON *s = cJSON_CreateObject();
	cJSON_AddStringToObject(s, "type", "object");
	*props = cJSON_AddObjectToObject(s, "properties");
	return s;
}

static cJSON *prop(cJSON *props, const char *name, const char *type, const char *desc)
{
	cJSON *p = cJSON_AddObjectToObject(props, name);
	if (type) cJSON_AddStringToObject(p, "type", type);
	if (desc) cJSON_AddStringToObject(p, "description", desc);
	return p;
}

static cJSON *nullable(cJSON *props, const char *name, const char *type)
{
	cJSON *p = cJSON_AddObjectToObject(props, name);
	const char *types[2] = { type, "null" };
	cJSON_AddItemToObject(p, "type", cJSON_CreateStringArray(types, 2));
	return p;
}

static void enum_of(cJSON *p, enum vocab_set set)
{
	cJSON *e = cJSON_AddArrayToObject(p, "enum");
	for (const struct vocab_term *t = vocab_terms(set); t->id; t++) cJSON_AddItemToArray(e, cJSON_CreateString(t->id));
}

static cJSON *vocab_prop(cJSON *props, const char *name, enum vocab_set set, const char *desc)
{
	cJSON *p = prop(props, name, "string", desc);
	enum_of(p, set);
	return p;
}

static void status_enum(cJSON *p)
{
	cJSON *e = cJSON_AddArrayToObject(p, "enum");
	for (int i = 0; i < CHECK_NSTATUS; i++) cJSON_AddItemToArray(e, cJSON_CreateString(check_status_name((enum check_status)i)));
}

static void required(cJSON *schema, const char *const *names)
{
	cJSON *r = cJSON_AddArrayToObject(schema, "required");
	for (; *names; names++) cJSON_AddItemToArray(r, cJSON_CreateString(*names));
}

static void closed(cJSON *schema)
{
	cJSON_AddBoolToObject(schema, "additionalProperties", 0);
}

static cJSON *string_array(cJSON *props, const char *name, const char *desc)
{
	cJSON *p = prop(props, name, "array", desc);
	cJSON_AddStringToObject(cJSON_AddObjectToObject(p, "items"), "type", "string");
	return p;
}

static cJSON *doc_ref_schema(int with_search)
{
	cJSON *ip, *item = schema_object(&ip);
	prop(ip, "id", "string", NULL);
	prop(ip, "title", "string", NULL);
	prop(ip, "kind", "string", NULL);
	string_array(ip, "partners", NULL);
	nullable(ip, "pillar", "string");
	nullable(ip, "level", "string");
	prop(ip, "uri", "string", NULL);
	if (with_search) {
		prop(ip, "score", "number", NULL);
		prop(ip, "snippet", "string", NULL);
	}
	required(item, (const char *const[]){ "id", "title", "kind", "uri", NULL });
	return item;
}

static cJSON *live_schema(void)
{
	cJSON *lp, *live = schema_object(&lp);
	cJSON_DeleteItemFromObject(live, "type");
	const char *types[2] = { "object", "null" };
	cJSON_AddItemToObject(live, "type", cJSON_CreateStringArray(types, 2));
	status_enum(prop(lp, "status", "string", NULL));
	prop(lp, "evidence", "string", NULL);
	return live;
}

static void in_search(cJSON **in, cJSON **out)
{
	cJSON *p;
	*in = schema_object(&p);
	cJSON *q = prop(p, "query", "string", "What to look for, in plain words (\"OAuth M2M service principal\", \"customer_id tag\")");
	cJSON_AddNumberToObject(q, "minLength", 1);
	cJSON_AddNumberToObject(q, "maxLength", 500);
	vocab_prop(p, "partner", VOCAB_PARTNER, "Only guidance for this partner type");
	vocab_prop(p, "pillar", VOCAB_PILLAR, "Only this pillar");
	vocab_prop(p, "kind", VOCAB_KIND, "page (guidance) or item (checklist requirement)");
	cJSON *l = prop(p, "limit", "integer", "How many results (default 10)");
	cJSON_AddNumberToObject(l, "minimum", 1);
	cJSON_AddNumberToObject(l, "maximum", 50);
	cJSON_AddNumberToObject(l, "default", 10);
	required(*in, (const char *const[]){ "query", NULL });
	closed(*in);
	cJSON *op;
	*out = schema_object(&op);
	prop(op, "query", "string", NULL);
	cJSON *r = prop(op, "results", "array", NULL);
	cJSON_AddItemToObject(r, "items", doc_ref_schema(1));
	required(*out, (const char *const[]){ "query", "results", NULL });
}

static void in_show(cJSON **in, cJSON **out)
{
	cJSON *p;
	*in = schema_object(&p);
	cJSON *id = prop(p, "id", "string", "A page id (\"oauth-m2m\") or a checklist item id (\"BO-TAG-01\"); case does not matter");
	cJSON_AddNumberToObject(id, "minLength", 1);
	cJSON_AddNumberToObject(id, "maxLength", 200);
	required(*in, (const char *const[]){ "id", NULL });
	closed(*in);
	cJSON *op;
	*out = schema_object(&op);
	prop(op, "id", "string", NULL);
	prop(op, "title", "string", NULL);
	prop(op, "kind", "string", NULL);
	string_array(op, "partners", NULL);
	nullable(op, "pillar", "string");
	nullable(op, "level", "string");
	nullable(op, "page", "string");
	nullable(op, "source", "string");
	prop(op, "uri", "string", NULL);
	prop(op, "markdown", "string", "The page or item in Markdown");
	cJSON *items = prop(op, "items", "array", "A page's checklist items");
	cJSON_AddItemToObject(items, "items", doc_ref_schema(0));
	required(*out, (const char *const[]){ "id", "title", "kind", "uri", "markdown", NULL });
}

static void in_checklist(cJSON **in, cJSON **out)
{
	cJSON *p;
	*in = schema_object(&p);
	vocab_prop(p, "partner", VOCAB_PARTNER, "The partner type whose checklist to list (default: every item)");
	vocab_prop(p, "level", VOCAB_LEVEL, "Only items of this level");
	vocab_prop(p, "pillar", VOCAB_PILLAR, "Only items of this pillar");
	cJSON *as = prop(p, "assessment", "string", "The assessment whose states to show (default \"default\")");
	cJSON_AddNumberToObject(as, "minLength", 1);
	cJSON_AddNumberToObject(as, "maxLength", 200);
	closed(*in);
	cJSON *op;
	*out = schema_object(&op);
	prop(op, "assessment", "string", NULL);
	nullable(op, "partner", "string");
	nullable(op, "live_source", "string");
	cJSON *sum = prop(op, "summary", "object", NULL);
	cJSON *sp = cJSON_AddObjectToObject(sum, "properties");
	for (const char *const *k = (const char *const[]){ "total", "open", "done", "na", "blocked", "percent_done", NULL }; *k; k++)
		prop(sp, *k, "integer", NULL);
	cJSON *ip, *item = schema_object(&ip);
	prop(ip, "id", "string", NULL);
	prop(ip, "title", "string", NULL);
	nullable(ip, "pillar", "string");
	nullable(ip, "level", "string");
	vocab_prop(ip, "state", VOCAB_STATE, NULL);
	nullable(ip, "reason", "string");
	nullable(ip, "note", "string");
	nullable(ip, "changed_at", "string");
	cJSON_AddItemToObject(ip, "live", live_schema());
	prop(ip, "uri", "string", NULL);
	required(item, (const char *const[]){ "id", "title", "state", "live", NULL });
	cJSON_AddItemToObject(prop(op, "items", "array", NULL), "items", item);
	required(*out, (const char *const[]){ "assessment", "summary", "items", NULL });
}

static void in_check(cJSON **in, cJSON **out)
{
	cJSON *p;
	*in = schema_object(&p);
	vocab_prop(p, "partner", VOCAB_PARTNER, "Only items of this partner type");
	vocab_prop(p, "level", VOCAB_LEVEL, "Only items of this level");
	vocab_prop(p, "pillar", VOCAB_PILLAR, "Only items of this pillar");
	cJSON *ids = string_array(p, "items", "Only these item ids");
	cJSON_AddNumberToObject(ids, "maxItems", 500);
	cJSON *st = prop(p, "status", "array", "Return only results with these statuses (the summary still counts all)");
	status_enum(prop(st, "items", "string", NULL));
	prop(p, "refresh", "boolean", "Fetch the workspace again instead of re-reading this session's last fetch");
	closed(*in);
	cJSON *op;
	*out = schema_object(&op);
	cJSON *w = prop(op, "workspace", "object", NULL);
	cJSON *wp = cJSON_AddObjectToObject(w, "properties");
	nullable(wp, "host", "string");
	prop(wp, "source", "string", "demo, file (a saved snapshot) or live");
	nullable(wp, "generated_at", "string");
	cJSON *sum = prop(op, "summary", "object", "Counts over every item checked, before the status filter");
	cJSON *sp = cJSON_AddObjectToObject(sum, "properties");
	prop(sp, "total", "integer", NULL);
	for (int i = 0; i < CHECK_NSTATUS; i++) prop(sp, check_status_name((enum check_status)i), "integer", NULL);
	cJSON *rp, *res = schema_object(&rp);
	prop(rp, "item", "string", NULL);
	prop(rp, "title", "string", NULL);
	prop(rp, "level", "string", NULL);
	nullable(rp, "pillar", "string");
	status_enum(prop(rp, "status", "string", NULL));
	prop(rp, "evidence", "string", NULL);
	prop(rp, "uri", "string", NULL);
	required(res, (const char *const[]){ "item", "status", "evidence", NULL });
	cJSON_AddItemToObject(prop(op, "results", "array", NULL), "items", res);
	required(*out, (const char *const[]){ "workspace", "summary", "results", NULL });
}

static void in_explain(cJSON **in, cJSON **out)
{
	cJSON *p;
	*in = schema_object(&p);
	cJSON *id = prop(p, "id", "string", "A checklist item id, such as BO-TAG-01");
	cJSON_AddNumberToObject(id, "minLength", 1);
	cJSON_AddNumberToObject(id, "maxLength", 200);
	cJSON *as = prop(p, "assessment", "string", "The assessment whose state to include (default \"default\")");
	cJSON_AddNumberToObject(as, "minLength", 1);
	required(*in, (const char *const[]){ "id", NULL });
	closed(*in);
	cJSON *op;
	*out = schema_object(&op);
	for (const char *const *k = (const char *const[]){ "id", "title", "uri", "requirement", "why", "verify",
							   "how_pwaf_checks", "fix", NULL }; *k; k++)
		prop(op, *k, "string", NULL);
	nullable(op, "level", "string");
	nullable(op, "pillar", "string");
	nullable(op, "page", "string");
	nullable(op, "source", "string");
	string_array(op, "partners", NULL);
	cJSON *stp, *st = schema_object(&stp);
	prop(stp, "assessment", "string", NULL);
	vocab_prop(stp, "state", VOCAB_STATE, NULL);
	nullable(stp, "reason", "string");
	nullable(stp, "note", "string");
	nullable(stp, "changed_at", "string");
	cJSON_AddItemToObject(op, "state", st);
	cJSON *live = live_schema();
	cJSON *lp = cJSON_GetObjectItem(live, "properties");
	prop(lp, "source", "string", NULL);
	nullable(lp, "generated_at", "string");
	cJSON_AddItemToObject(op, "live", live);
	prop(op, "live_note", "string", "Why there is no live evidence, when there is none");
	required(*out, (const char *const[]){ "id", "title", "requirement", "why", "fix", "state", "live", NULL });
}

static void in_mark(cJSON **in, cJSON **out)
{
	cJSON *p;
	*in = schema_object(&p);
	cJSON *id = prop(p, "id", "string", "The checklist item id");
	cJSON_AddNumberToObject(id, "minLength", 1);
	cJSON_AddNumberToObject(id, "maxLength", 200);
	vocab_prop(p, "state", VOCAB_STATE, "open, done, na (not applicable: needs a reason) or blocked");
	cJSON *n = prop(p, "note", "string", "A note to keep with the item (\"\" removes it)");
	cJSON_AddNumberToObject(n, "maxLength", 4000);
	cJSON *r = prop(p, "reason", "string", "Why: required for na, optional for blocked");
	cJSON_AddNumberToObject(r, "maxLength", 4000);
	cJSON *as = prop(p, "assessment", "string", "The assessment (default \"default\"; created when new)");
	cJSON_AddNumberToObject(as, "minLength", 1);
	cJSON_AddNumberToObject(as, "maxLength", 200);
	required(*in, (const char *const[]){ "id", "state", NULL });
	closed(*in);
	cJSON *op;
	*out = schema_object(&op);
	prop(op, "item", "string", NULL);
	prop(op, "assessment", "string", NULL);
	vocab_prop(op, "previous", VOCAB_STATE, NULL);
	vocab_prop(op, "state", VOCAB_STATE, NULL);
	prop(op, "changed", "boolean", NULL);
	prop(op, "new_assessment", "boolean", NULL);
	nullable(op, "reason", "string");
	nullable(op, "note", "string");
	required(*out, (const char *const[]){ "item", "assessment", "previous", "state", "changed", NULL });
}

/* --- tools: search, show ------------------------------------------------------------------------- */

/* A snippet with the match markers as Markdown bold. */
static char *snippet_md(const char *s)
{
	struct buf b = BUF_INIT;
	for (; s && *s; s++) {
		if (*s == SEARCH_MARK_ON || *s == SEARCH_MARK_OFF) buf_adds(&b, "**");
		else buf_addc(&b, *s);
	}
	return buf_take(&b);
}

static cJSON *resource_link(const struct doc *d)
{
	cJSON *l = cJSON_CreateObject();
	cJSON_AddStringToObject(l, "type", "resource_link");
	add_uri(l, d->id);
	cJSON_AddStringToObject(l, "name", d->id);
	cJSON_AddStringToObject(l, "title", d->title);
	cJSON_AddStringToObject(l, "mimeType", "text/markdown");
	return l;
}

static enum mcp_tool_rc t_search(void *app, struct mcp_call *call, const cJSON *args)
{
	struct app *a = app;
	const char *query = arg_str(args, "query");
	struct doc_filter f = { .partner = arg_str(args, "partner"), .pillar = arg_str(args, "pillar"),
				.kind = arg_str(args, "kind") };
	const cJSON *lim = cJSON_GetObjectItemCaseSensitive(args, "limit");
	int limit = cJSON_IsNumber(lim) ? lim->valueint : 10;
	struct search_hits h;
	if (search_run(a->o->db, query, &f, limit, 0, &h) != 0) {
		mcp_call_tool_error(call, "search failed: %s", cdb_errmsg(a->o->db));
		return MCP_TOOL_DONE;
	}
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "query", query);
	cJSON *arr = cJSON_AddArrayToObject(o, "results");
	cJSON *links = cJSON_CreateArray();
	for (size_t i = 0; i < h.n; i++) {
		const struct doc *d = &h.v[i].doc;
		cJSON *r = cJSON_CreateObject();
		cJSON_AddStringToObject(r, "id", d->id);
		cJSON_AddStringToObject(r, "title", d->title);
		cJSON_AddStringToObject(r, "kind", d->kind);
		cJSON_AddItemToObject(r, "partners", partners_json(d));
		add_str_or_null(r, "pillar", d->pillar);
		add_str_or_null(r, "level", d->level);
		cJSON_AddNumberToObject(r, "score", h.v[i].score);
		char *sn = snippet_md(h.v[i].snippet);
		cJSON_AddStringToObject(r, "snippet", sn);
		free(sn);
		add_uri(r, d->id);
		cJSON_AddItemToArray(arr, r);
		cJSON_AddItemToArray(links, resource_link(d));
	}
	search_hits_free(&h);
	mcp_call_result(call, mcp_tool_result(o, links));
	return MCP_TOOL_DONE;
}

static cJSON *doc_ref(const struct doc *d)
{
	cJSON *r = cJSON_CreateObject();
	cJSON_AddStringToObject(r, "id", d->id);
	cJSON_AddStringToObject(r, "title", d->title);
	cJSON_AddStringToObject(r, "kind", d->kind);
	cJSON_AddItemToObject(r, "partners", partners_json(d));
	add_str_or_null(r, "pillar", d->pillar);
	add_str_or_null(r, "level", d->level);
	add_uri(r, d->id);
	return r;
}

static enum mcp_tool_rc t_show(void *app, struct mcp_call *call, const cJSON *args)
{
	struct app *a = app;
	struct doc d;
	if (get_doc(a, call, arg_str(args, "id"), 0, &d) < 0) return MCP_TOOL_DONE;
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "id", d.id);
	cJSON_AddStringToObject(o, "title", d.title);
	cJSON_AddStringToObject(o, "kind", d.kind);
	cJSON_AddItemToObject(o, "partners", partners_json(&d));
	add_str_or_null(o, "pillar", d.pillar);
	add_str_or_null(o, "level", d.level);
	add_str_or_null(o, "page", d.page);
	add_str_or_null(o, "source", d.source);
	add_uri(o, d.id);
	cJSON_AddStringToObject(o, "markdown", body_of(&d));
	cJSON *items = cJSON_AddArrayToObject(o, "items");
	struct doc_list l;
	if (vocab_kind_of(d.kind) == KIND_PAGE && cdb_items_of(a->o->db, d.id, &l) == 0) {
		for (size_t i = 0; i < l.n; i++) cJSON_AddItemToArray(items, doc_ref(&l.v[i]));
		doc_list_free(&l);
	}
	doc_free(&d);
	mcp_call_result(call, mcp_tool_result(o, NULL));
	return MCP_TOOL_DONE;
}

/* --- state ----------------------------------------------------------------------------------- */

/* The item states of an assessment (empty when there is no state database yet). 0, or -1 after a
 * tool error. */
static int read_states(struct app *a, struct mcp_call *call, const char *assessment, struct item_state_list *out)
{
	memset(out, 0, sizeof *out);
	char err[PWAF_ERRLEN];
	struct state_db *s = NULL;
	int rc = state_open(a->o->state_path, 0, &s, err, sizeof err);
	if (rc == STATE_NONE) return 0;
	if (rc != STATE_OK) {
		mcp_call_tool_error(call, "cannot read the state database: %s", err);
		return -1;
	}
	rc = state_items(s, assessment, out);
	if (rc == STATE_ERROR) {
		mcp_call_tool_error(call, "cannot read the state database: %s", state_errmsg(s));
		state_close(s);
		return -1;
	}
	state_close(s);
	return 0;
}

static const struct item_state *find_state(const struct item_state_list *l, const char *id)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcasecmp(l->v[i].item, id) == 0) return &l->v[i];
	return NULL;
}

static void add_time(cJSON *o, const char *k, int64_t t)
{
	char tb[32];
	if (t) cJSON_AddStringToObject(o, k, report_time(t, tb, sizeof tb));
	else cJSON_AddNullToObject(o, k);
}

static cJSON *live_json(const struct check_result *r)
{
	if (!r) return cJSON_CreateNull();
	cJSON *l = cJSON_CreateObject();
	cJSON_AddStringToObject(l, "status", check_status_name(r->status));
	cJSON_AddStringToObject(l, "evidence", r->evidence);
	return l;
}

/* --- tools: checklist -------------------------------------------------------------------------- */

static enum mcp_tool_rc t_checklist(void *app, struct mcp_call *call, const cJSON *args)
{
	struct app *a = app;
	const char *assessment = arg_str(args, "assessment");
	if (!assessment) assessment = "default";
	struct doc_filter f = { .kind = "item", .partner = arg_str(args, "partner"), .level = arg_str(args, "level"),
				.pillar = arg_str(args, "pillar") };
	struct doc_list l;
	if (cdb_list(a->o->db, &f, &l) < 0) {
		mcp_call_tool_error(call, "content database error: %s", cdb_errmsg(a->o->db));
		return MCP_TOOL_DONE;
	}
	struct item_state_list states;
	if (read_states(a, call, assessment, &states) < 0) {
		doc_list_free(&l);
		return MCP_TOOL_DONE;
	}
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "assessment", assessment);
	add_str_or_null(o, "partner", f.partner);
	add_str_or_null(o, "live_source", a->snap ? source_words(a) : NULL);
	size_t count[ITEM_STATE_COUNT] = { 0 }, live[CHECK_NSTATUS + 1] = { 0 };
	cJSON *items = cJSON_CreateArray();
	for (size_t i = 0; i < l.n; i++) {
		const struct doc *d = &l.v[i];
		const struct item_state *st = find_state(&states, d->id);
		cJSON *it = cJSON_CreateObject();
		cJSON_AddStringToObject(it, "id", d->id);
		cJSON_AddStringToObject(it, "title", d->title);
		add_str_or_null(it, "pillar", d->pillar);
		add_str_or_null(it, "level", d->level);
		enum item_state_value sv = st ? st->state : ITEM_OPEN;
		count[sv]++;
		cJSON_AddStringToObject(it, "state", state_value_name(sv));
		add_str_or_null(it, "reason", st ? st->reason : NULL);
		add_str_or_null(it, "note", st ? st->note : NULL);
		add_time(it, "changed_at", st ? st->changed_at : 0);
		struct check_result r = { 0 };
		int checked = 0;
		if (a->snap) {
			struct doc full;
			if (cdb_get(a->o->db, d->id, &full) == 0) {
				checks_run_item(a->snap, &full, 0, &r);
				checked = 1;
				doc_free(&full);
			}
		}
		live[checked ? (int)r.status : CHECK_NSTATUS]++;
		cJSON_AddItemToObject(it, "live", live_json(checked ? &r : NULL));
		if (checked) check_result_free(&r);
		add_uri(it, d->id);
		cJSON_AddItemToArray(items, it);
	}
	cJSON *sum = cJSON_AddObjectToObject(o, "summary");
	cJSON_AddNumberToObject(sum, "total", (double)l.n);
	for (int s = 0; s < ITEM_STATE_COUNT; s++)
		cJSON_AddNumberToObject(sum, state_value_name((enum item_state_value)s), (double)count[s]);
	struct state_counts sc = { .total = l.n };
	memcpy(sc.n, count, sizeof sc.n);
	cJSON_AddNumberToObject(sum, "percent_done", state_percent_done(&sc));
	cJSON *ls = cJSON_AddObjectToObject(sum, "live");
	for (int s = 0; s < CHECK_NSTATUS; s++) cJSON_AddNumberToObject(ls, check_status_name((enum check_status)s), (double)live[s]);
	cJSON_AddNumberToObject(ls, "not_checked", (double)live[CHECK_NSTATUS]);
	cJSON_AddItemToObject(o, "items", items);
	item_state_list_free(&states);
	doc_list_free(&l);
	mcp_call_result(call, mcp_tool_result(o, NULL));
	return MCP_TOOL_DONE;
}

/* --- tools: check ------------------------------------------------------------------------------- */

static int in_string_array(const cJSON *arr, const char *s)
{
	const cJSON *v;
	cJSON_ArrayForEach(v, arr)
		if (cJSON_IsString(v) && strcasecmp(v->valuestring, s) == 0) return 1;
	return 0;
}

/* Check the selected items on snap and finish the call. progress_base: steps already reported. */
static void finish_check(struct app *a, struct mcp_call *call, const cJSON *args, struct snapshot *snap,
			 int progress_base, int progress_total)
{
	struct doc_filter f = { .kind = "item", .partner = arg_str(args, "partner"), .level = arg_str(args, "level"),
				.pillar = arg_str(args, "pillar") };
	const cJSON *ids = cJSON_GetObjectItemCaseSensitive(args, "items");
	const cJSON *want = cJSON_GetObjectItemCaseSensitive(args, "status");
	struct doc_list l;
	if (cdb_list(a->o->db, &f, &l) < 0) {
		mcp_call_tool_error(call, "content database error: %s", cdb_errmsg(a->o->db));
		return;
	}
	size_t n = 0;
	for (size_t i = 0; i < l.n; i++) n += !ids || in_string_array(ids, l.v[i].id);
	int per_item = progress_total < 0;          /* demo or file: report progress per item checked */
	size_t step = n / 20 + 1, k = 0;
	int count[CHECK_NSTATUS] = { 0 };
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "workspace", workspace_json(snap));
	cJSON *sum = cJSON_AddObjectToObject(o, "summary");
	cJSON *res = cJSON_CreateArray();
	for (size_t i = 0; i < l.n; i++) {
		if (ids && !in_string_array(ids, l.v[i].id)) continue;
		struct doc d;
		if (cdb_get(a->o->db, l.v[i].id, &d) != 0) continue;
		struct check_result r;
		checks_run_item(snap, &d, 0, &r);
		count[r.status]++;
		k++;
		if (per_item && (k % step == 0 || k == n)) {
			char msg[160];
			snprintf(msg, sizeof msg, "checked %s (%zu of %zu)", d.id, k, n);
			mcp_call_progress(call, (double)k, (double)n, msg);
		}
		if (!want || in_string_array(want, check_status_name(r.status))) {
			cJSON *x = cJSON_CreateObject();
			cJSON_AddStringToObject(x, "item", d.id);
			cJSON_AddStringToObject(x, "title", d.title);
			cJSON_AddStringToObject(x, "level", d.level ? d.level : "");
			add_str_or_null(x, "pillar", d.pillar);
			cJSON_AddStringToObject(x, "status", check_status_name(r.status));
			cJSON_AddStringToObject(x, "evidence", r.evidence);
			add_uri(x, d.id);
			cJSON_AddItemToArray(res, x);
		}
		check_result_free(&r);
		doc_free(&d);
	}
	doc_list_free(&l);
	if (!per_item) {
		char msg[96];
		snprintf(msg, sizeof msg, "checked %zu items", k);
		mcp_call_progress(call, (double)progress_base + 1, (double)progress_total, msg);
	}
	cJSON_AddNumberToObject(sum, "total", (double)k);
	for (int s = 0; s < CHECK_NSTATUS; s++) cJSON_AddNumberToObject(sum, check_status_name((enum check_status)s), count[s]);
	cJSON_AddItemToObject(o, "results", res);
	mcp_call_result(call, mcp_tool_result(o, NULL));
}

static enum mcp_tool_rc start_fetch(struct app *a, struct mcp_call *call, const cJSON *args)
{
	char err[PWAF_ERRLEN];
	struct fetch *f = xcalloc(1, sizeof *f);
	f->snap = livesource_fresh(&a->src, &a->id, err, sizeof err);
	char **need = f->snap ? checks_probes_needed(a->o->db, NULL, NULL) : NULL;
	struct probe_run_opts po = a->o->probe;
	livesource_probe_opts(&a->src, &a->id, &po);
	if (f->snap) f->run = probe_run_start(&a->src.cfg, (const char *const *)need, f->snap, &po, err, sizeof err);
	checks_free_names(need);
	if (!f->run) {
		fetch_free(f);
		mcp_call_tool_error(call, "cannot start the live checks: %s", err);
		return MCP_TOOL_DONE;
	}
	int done = 0;
	probe_run_progress(f->run, &done, &f->total);
	f->total += 1;                              /* the last step: running the checks */
	f->call = call;
	f->args = cJSON_Duplicate(args, 1);
	a->fetch = f;
	mcp_call_set_data(call, f);
	cJSON *data = cJSON_CreateObject();
	char *host = http_safe_text(a->src.cfg.host, strlen(a->src.cfg.host), 200);
	cJSON_AddStringToObject(data, "message", "fetching the workspace");
	cJSON_AddStringToObject(data, "host", host);
	cJSON_AddNumberToObject(data, "probes", f->total - 1);
	free(host);
	mcp_log(mcp_call_session(call), call, MCP_LOG_INFO, "pwaf.check", data);
	return MCP_TOOL_PENDING;
}

static enum mcp_tool_rc t_check(void *app, struct mcp_call *call, const cJSON *args)
{
	struct app *a = app;
	const cJSON *ids = cJSON_GetObjectItemCaseSensitive(args, "items"), *v;
	cJSON_ArrayForEach(v, ids) {
		struct doc d;
		if (get_doc(a, call, v->valuestring, 1, &d) < 0) return MCP_TOOL_DONE;
		doc_free(&d);
	}
	if (a->kind == PWAF_LIVE_NONE) {
		mcp_call_tool_error(call, "No live source: %s. Start the server as 'pwaf mcp --demo' (the demo workspace), "
				    "'--snapshot FILE', '--profile NAME' or '--host URL' (credentials as for pwaf check).",
				    a->none_why[0] ? a->none_why : "none configured");
		return MCP_TOOL_DONE;
	}
	if (a->kind == PWAF_LIVE_SNAPSHOT) {
		finish_check(a, call, args, a->snap, 0, -1);
		return MCP_TOOL_DONE;
	}
	if (a->fetch) {
		mcp_call_tool_error(call, "A live fetch is already running (request %s); wait for it or cancel it.",
				    mcp_call_id_text(a->fetch->call));
		return MCP_TOOL_DONE;
	}
	if (a->snap && !cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(args, "refresh"))) {
		finish_check(a, call, args, a->snap, 0, 1);
		return MCP_TOOL_DONE;
	}
	return start_fetch(a, call, args);
}

/* The fetch ended: judge it as pwaf check does, keep its snapshot and answer the call. */
static void fetch_done(struct app *a)
{
	struct fetch *f = a->fetch;
	a->fetch = NULL;
	probe_run_free(f->run);
	f->run = NULL;
	struct mcp_call *call = f->call;
	char *host = http_safe_text(a->src.cfg.host, strlen(a->src.cfg.host), 200);
	if (f->auth_failed || (f->events && f->conn_failed == f->events)) {
		mcp_call_tool_error(call, "Cannot connect to or authenticate with %s: %s", host,
				    f->auth_err ? f->auth_err : "every request failed");
	} else {
		snapshot_close(a->snap);
		a->snap = f->snap;
		f->snap = NULL;
		finish_check(a, call, f->args, a->snap, f->total - 1, f->total);
	}
	free(host);
	fetch_free(f);
}

void pwaf_mcp_app_service(void *app)
{
	struct app *a = app;
	struct fetch *f = a ? a->fetch : NULL;
	if (!f) return;
	struct probe_event ev;
	int rc;
	while ((rc = probe_run_poll(f->run, &ev)) == 1) {
		f->events++;
		struct mcp_session *s = mcp_call_session(f->call);
		cJSON *data = cJSON_CreateObject();
		cJSON_AddStringToObject(data, "probe", ev.name);
		char msg[600];
		if (ev.error) {
			char *e = http_safe_text(ev.error, strlen(ev.error), 400);
			if (ev.status == 0) f->conn_failed++;
			if (strcmp(ev.name, "current-user") == 0 && (ev.status == 401 || ev.status == 403 || ev.status == 0)) {
				f->auth_failed = 1;
				free(f->auth_err);
				f->auth_err = xstrdup(e);
			}
			cJSON_AddNumberToObject(data, "status", (double)ev.status);
			cJSON_AddStringToObject(data, "error", e);
			snprintf(msg, sizeof msg, "%s: %s", ev.name, e);
			mcp_log(s, f->call, MCP_LOG_WARNING, "pwaf.check", data);
			free(e);
		} else {
			cJSON_AddNumberToObject(data, "objects", (double)ev.count);
			snprintf(msg, sizeof msg, "%s: %ld object%s", ev.name, ev.count, ev.count == 1 ? "" : "s");
			mcp_log(s, f->call, MCP_LOG_INFO, "pwaf.check", data);
		}
		int done = 0, total = 0;
		probe_run_progress(f->run, &done, &total);
		mcp_call_progress(f->call, (double)f->events, (double)f->total, msg);
		probe_event_free(&ev);
	}
	if (rc < 0) fetch_done(a);
}

static void app_cancel(void *app, struct mcp_call *call)
{
	struct app *a = app;
	if (a->fetch && a->fetch->call == call) {
		fetch_free(a->fetch);       /* probe_run_cancel: transfers abandoned at once */
		a->fetch = NULL;
	}
}

/* --- tools: explain ------------------------------------------------------------------------------ */

struct sections {
	struct buf requirement, why, verify, how, fix;
};

/* Split an item's body at its "## " headings (outside code fences). */
static void split_sections(const char *md, struct sections *s)
{
	struct buf *cur = NULL;
	int fence = 0;
	for (const char *line = md; line && *line;) {
		const char *eol = strchr(line, '\n');
		size_t n = eol ? (size_t)(eol - line) + 1 : strlen(line);
		if (strncmp(line, "```", 3) == 0 || strncmp(line, "~~~", 3) == 0) fence = !fence;
		if (!fence && strncmp(line, "# ", 2) == 0 && !cur) {
			cur = &s->requirement;
		} else if (!fence && strncmp(line, "## ", 3) == 0) {
			const char *h = line + 3;
			struct buf *next = strncmp(h, "Why it matters", 14) == 0 ? &s->why
					 : strncmp(h, "Verify by hand", 14) == 0 ? &s->verify
					 : strncmp(h, "How pwaf checks it", 18) == 0 ? &s->how
					 : strncmp(h, "Fix a failure", 13) == 0 ? &s->fix : NULL;
			if (next) cur = next;
			else if (cur) buf_add(cur, line, n);    /* another heading stays in its section */
		} else if (cur) {
			buf_add(cur, line, n);
		}
		line = eol ? eol + 1 : NULL;
	}
}

static void add_trimmed(cJSON *o, const char *k, struct buf *b)
{
	const char *s = buf_str(b);
	while (*s == '\n' || *s == ' ') s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == '\n' || s[n - 1] == ' ')) n--;
	char *t = xstrndup(s, n);
	cJSON_AddStringToObject(o, k, t);
	free(t);
	buf_free(b);
}

static enum mcp_tool_rc t_explain(void *app, struct mcp_call *call, const cJSON *args)
{
	struct app *a = app;
	const char *assessment = arg_str(args, "assessment");
	if (!assessment) assessment = "default";
	struct doc d;
	if (get_doc(a, call, arg_str(args, "id"), 1, &d) < 0) return MCP_TOOL_DONE;
	struct item_state_list states;
	if (read_states(a, call, assessment, &states) < 0) {
		doc_free(&d);
		return MCP_TOOL_DONE;
	}
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "id", d.id);
	cJSON_AddStringToObject(o, "title", d.title);
	add_str_or_null(o, "level", d.level);
	add_str_or_null(o, "pillar", d.pillar);
	add_str_or_null(o, "page", d.page);
	add_str_or_null(o, "source", d.source);
	cJSON_AddItemToObject(o, "partners", partners_json(&d));
	add_uri(o, d.id);
	struct sections s = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT };
	split_sections(d.body ? d.body : "", &s);
	add_trimmed(o, "requirement", &s.requirement);
	add_trimmed(o, "why", &s.why);
	add_trimmed(o, "verify", &s.verify);
	add_trimmed(o, "how_pwaf_checks", &s.how);
	add_trimmed(o, "fix", &s.fix);
	const struct item_state *st = find_state(&states, d.id);
	cJSON *sj = cJSON_AddObjectToObject(o, "state");
	cJSON_AddStringToObject(sj, "assessment", assessment);
	cJSON_AddStringToObject(sj, "state", state_value_name(st ? st->state : ITEM_OPEN));
	add_str_or_null(sj, "reason", st ? st->reason : NULL);
	add_str_or_null(sj, "note", st ? st->note : NULL);
	add_time(sj, "changed_at", st ? st->changed_at : 0);
	if (a->snap) {
		struct check_result r;
		checks_run_item(a->snap, &d, 0, &r);
		cJSON *l = live_json(&r);
		cJSON_AddStringToObject(l, "source", snapshot_source(a->snap));
		cJSON *w = workspace_json(a->snap);
		cJSON *g = cJSON_DetachItemFromObject(w, "generated_at");
		cJSON_AddItemToObject(l, "generated_at", g ? g : cJSON_CreateNull());
		cJSON_Delete(w);
		cJSON_AddItemToObject(o, "live", l);
		check_result_free(&r);
	} else {
		cJSON_AddNullToObject(o, "live");
		cJSON_AddStringToObject(o, "live_note", a->kind == PWAF_LIVE_WORKSPACE
							? "The workspace has not been fetched in this session: call the check tool first."
							: "No live source: the server was started without --demo, --snapshot, "
							  "--profile or --host, and no workspace is configured.");
	}
	item_state_list_free(&states);
	doc_free(&d);
	mcp_call_result(call, mcp_tool_result(o, NULL));
	return MCP_TOOL_DONE;
}

/* --- tools: mark (only with --allow-write) ------------------------------------------------------ */

static enum mcp_tool_rc t_mark(void *app, struct mcp_call *call, const cJSON *args)
{
	struct app *a = app;
	const char *state_name = arg_str(args, "state"), *note = arg_str(args, "note"), *reason = arg_str(args, "reason");
	const char *assessment = arg_str(args, "assessment");
	if (!assessment) assessment = "default";
	int state = state_value_parse(state_name);
	if (state == ITEM_NA && (!reason || !*reason)) {
		mcp_call_tool_error(call, "State na (not applicable) needs a reason saying why.");
		return MCP_TOOL_DONE;
	}
	if (reason && state != ITEM_NA && state != ITEM_BLOCKED) {
		mcp_call_tool_error(call, "A reason goes with na or blocked, not %s; use note instead.", state_name);
		return MCP_TOOL_DONE;
	}
	struct doc d;
	if (get_doc(a, call, arg_str(args, "id"), 1, &d) < 0) return MCP_TOOL_DONE;
	char err[PWAF_ERRLEN];
	struct state_db *s;
	if (state_open(a->o->state_path, STATE_OPEN_CREATE, &s, err, sizeof err) != STATE_OK) {
		mcp_call_tool_error(call, "cannot open the state database: %s", err);
		doc_free(&d);
		return MCP_TOOL_DONE;
	}
	int created = 0;
	struct item_state prev = { 0 };
	struct state_change ch = { (enum item_state_value)state, reason, note, "mcp" };
	int rc = state_assessment_ensure(s, assessment, NULL, NULL, NULL, &created);
	if (rc == STATE_OK) rc = state_item_set(s, assessment, d.id, &ch, &prev);
	if (rc == STATE_OK || rc == STATE_NONE) {
		struct item_state now = { 0 };
		state_item_get(s, assessment, d.id, &now);
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "item", d.id);
		cJSON_AddStringToObject(o, "assessment", assessment);
		cJSON_AddStringToObject(o, "previous", state_value_name(rc == STATE_OK ? prev.state : now.state));
		cJSON_AddStringToObject(o, "state", state_value_name(now.state));
		cJSON_AddBoolToObject(o, "changed", rc == STATE_OK);
		cJSON_AddBoolToObject(o, "new_assessment", created);
		add_str_or_null(o, "reason", now.reason);
		add_str_or_null(o, "note", now.note);
		item_state_free(&now);
		mcp_call_result(call, mcp_tool_result(o, NULL));
	} else {
		mcp_call_tool_error(call, "cannot record the state: %s", state_errmsg(s));
	}
	item_state_free(&prev);
	state_close(s);
	doc_free(&d);
	return MCP_TOOL_DONE;
}

/* --- resources ------------------------------------------------------------------------------- */

struct res_entry {
	char *id, *title, *description;
};

static struct res_entry *res_cache;
static size_t res_n;
static const unsigned char *res_db;     /* the content the cache was built from */

enum { RES_EXTRA = 2 };                 /* pwaf://llms.txt, pwaf://llms-full.txt */

static void res_build(struct cdb *db)
{
	if (res_db == (const unsigned char *)db) return;
	for (size_t i = 0; i < res_n; i++) {
		free(res_cache[i].id);
		free(res_cache[i].title);
		free(res_cache[i].description);
	}
	free(res_cache);
	res_cache = NULL;
	res_n = 0;
	res_db = (const unsigned char *)db;
	if (!db) return;
	struct doc_list l;
	if (cdb_list(db, NULL, &l) < 0) return;
	res_cache = xcalloc(l.n + 1, sizeof *res_cache);
	for (size_t i = 0; i < l.n; i++) {
		struct doc d;
		if (cdb_get(db, l.v[i].id, &d) != 0) continue;
		struct res_entry *e = &res_cache[res_n++];
		e->id = xstrdup(d.id);
		e->title = xstrdup(d.title);
		char *sum = llms_summary(d.body, 200);
		struct buf b = BUF_INIT;
		buf_adds(&b, vocab_label(VOCAB_KIND, d.kind));
		if (d.level) buf_addf(&b, ", %s", vocab_label(VOCAB_LEVEL, d.level));
		for (char **p = d.partners; p && *p; p++)
			buf_addf(&b, "%s%s", p == d.partners ? " for " : ", ", vocab_label(VOCAB_PARTNER, *p));
		if (d.pillar) buf_addf(&b, " (%s)", vocab_label(VOCAB_PILLAR, d.pillar));
		if (*sum) buf_addf(&b, ". %s", sum);
		e->description = buf_take(&b);
		free(sum);
		doc_free(&d);
	}
	doc_list_free(&l);
}

static size_t r_count(void *app)
{
	struct app *a = app;
	res_build(a->o->db);
	return res_n + RES_EXTRA;
}

static cJSON *r_at(void *app, size_t i)
{
	struct app *a = app;
	res_build(a->o->db);
	cJSON *o = cJSON_CreateObject();
	if (i < RES_EXTRA) {
		cJSON_AddStringToObject(o, "uri", i == 0 ? "pwaf://llms.txt" : "pwaf://llms-full.txt");
		cJSON_AddStringToObject(o, "name", i == 0 ? "llms.txt" : "llms-full.txt");
		cJSON_AddStringToObject(o, "title", i == 0 ? "Map of the framework (llms.txt)" : "The whole framework in Markdown (llms-full.txt)");
		cJSON_AddStringToObject(o, "description", i == 0 ? "Every page and checklist item with a one-line description, by partner type"
								 : "Every page and checklist item in full; large");
		cJSON_AddStringToObject(o, "mimeType", "text/markdown");
		return o;
	}
	if (i - RES_EXTRA >= res_n) {
		cJSON_Delete(o);
		return NULL;
	}
	const struct res_entry *e = &res_cache[i - RES_EXTRA];
	add_uri(o, e->id);
	cJSON_AddStringToObject(o, "name", e->id);
	cJSON_AddStringToObject(o, "title", e->title);
	cJSON_AddStringToObject(o, "description", e->description);
	cJSON_AddStringToObject(o, "mimeType", "text/markdown");
	return o;
}

static void add_text_content(cJSON *contents, const char *uri, const char *text)
{
	cJSON *c = cJSON_CreateObject();
	cJSON_AddStringToObject(c, "uri", uri);
	cJSON_AddStringToObject(c, "mimeType", "text/markdown");
	cJSON_AddStringToObject(c, "text", text);
	cJSON_AddItemToArray(contents, c);
}

/* A partner type's checklist as Markdown: states of the default assessment and live status. */
static int checklist_markdown(struct app *a, const char *partner, struct buf *out, char *err, size_t errlen)
{
	struct doc_filter f = { .kind = "item", .partner = partner };
	struct doc_list l;
	if (cdb_list(a->o->db, &f, &l) < 0) {
		msg_set(err, errlen, "content database error");
		return -1;
	}
	struct item_state_list states = { 0 };
	struct state_db *s = NULL;
	char serr[PWAF_ERRLEN];
	if (state_open(a->o->state_path, 0, &s, serr, sizeof serr) == STATE_OK) {
		state_items(s, "default", &states);
		state_close(s);
	}
	buf_addf(out, "# Checklist: %s\n\nStates of the assessment `default`", vocab_label(VOCAB_PARTNER, partner));
	if (a->snap) buf_addf(out, "; live status from %s", source_words(a));
	buf_adds(out, ".\n\n| Item | Level | Title | State | Live |\n|---|---|---|---|---|\n");
	for (size_t i = 0; i < l.n; i++) {
		const struct item_state *st = find_state(&states, l.v[i].id);
		const char *live = "not checked";
		struct check_result r = { 0 };
		struct doc d;
		if (a->snap && cdb_get(a->o->db, l.v[i].id, &d) == 0) {
			checks_run_item(a->snap, &d, 0, &r);
			live = check_status_name(r.status);
			doc_free(&d);
		}
		buf_addf(out, "| [%s](" LLMS_URI_PREFIX "%s) | %s | ", l.v[i].id, l.v[i].id, l.v[i].level ? l.v[i].level : "");
		for (const char *p = l.v[i].title; *p; p++) {
			if (*p == '|') buf_addc(out, '\\');
			buf_addc(out, *p);
		}
		buf_addf(out, " | %s | %s |\n", state_value_name(st ? st->state : ITEM_OPEN), live);
		if (r.evidence) check_result_free(&r);
	}
	item_state_list_free(&states);
	doc_list_free(&l);
	return 0;
}

static int r_read(void *app, const char *uri, cJSON *contents, char *err, size_t errlen)
{
	struct app *a = app;
	if (strcmp(uri, "pwaf://llms.txt") == 0 || strcmp(uri, "pwaf://llms-full.txt") == 0) {
		struct buf b = BUF_INIT;
		if (llms_write(a->o->db, strcmp(uri, "pwaf://llms-full.txt") == 0, a->o->version, &b, err, errlen) < 0) {
			buf_free(&b);
			return -1;
		}
		add_text_content(contents, uri, buf_str(&b));
		buf_free(&b);
		return 0;
	}
	if (strncmp(uri, "pwaf://checklist/", 17) == 0) {
		const char *partner = uri + 17;
		if (!vocab_find(VOCAB_PARTNER, partner)) {
			msg_set(err, errlen, "partner types: %s", vocab_list(VOCAB_PARTNER));
			return 1;
		}
		struct buf b = BUF_INIT;
		int rc = checklist_markdown(a, partner, &b, err, errlen);
		if (rc == 0) add_text_content(contents, uri, buf_str(&b));
		buf_free(&b);
		return rc;
	}
	if (strncmp(uri, LLMS_URI_PREFIX, strlen(LLMS_URI_PREFIX)) != 0) {
		msg_set(err, errlen, "this server's resources are pwaf://page/ID, pwaf://checklist/PARTNER and pwaf://llms.txt");
		return 1;
	}
	const char *id = uri + strlen(LLMS_URI_PREFIX);
	struct doc d;
	int rc = *id ? cdb_get(a->o->db, id, &d) : 1;
	if (rc < 0) {
		msg_set(err, errlen, "content database error");
		return -1;
	}
	if (rc == 1) {
		suggest(a->o->db, id, NULL, err, errlen);
		if (err[0] == ';') memmove(err, err + 2, strlen(err + 2) + 1);
		return 1;
	}
	struct buf b = BUF_INIT;
	buf_adds(&b, body_of(&d));
	if (b.len && b.data[b.len - 1] != '\n') buf_addc(&b, '\n');
	buf_addf(&b, "\n---\n%s `%s`", vocab_label(VOCAB_KIND, d.kind), d.id);
	if (d.level) buf_addf(&b, " · %s", vocab_label(VOCAB_LEVEL, d.level));
	if (d.pillar) buf_addf(&b, " · %s", vocab_label(VOCAB_PILLAR, d.pillar));
	for (char **p = d.partners; p && *p; p++) buf_addf(&b, "%s%s", p == d.partners ? " · " : ", ", vocab_label(VOCAB_PARTNER, *p));
	if (d.source) buf_addf(&b, "\nSource: <%s>", d.source);
	buf_addc(&b, '\n');
	add_text_content(contents, uri, buf_str(&b));
	buf_free(&b);
	doc_free(&d);
	return 0;
}

static const struct mcp_template templates[] = {
	{ "pwaf://page/{id}", "page", "A page or checklist item",
	  "Any page (\"oauth-m2m\") or checklist item (\"BO-TAG-01\") of the framework, in Markdown", "text/markdown" },
	{ "pwaf://checklist/{partner}", "checklist", "A partner type's checklist",
	  "The checklist of a partner type (connected-isv, built-on, data-collaboration, mcp) with the states of the "
	  "default assessment and the live status", "text/markdown" },
};

/* --- prompts ----------------------------------------------------------------------------------- */

static void prompt_text(cJSON *messages, const char *text)
{
	cJSON *m = cJSON_CreateObject();
	cJSON_AddStringToObject(m, "role", "user");
	cJSON *c = cJSON_AddObjectToObject(m, "content");
	cJSON_AddStringToObject(c, "type", "text");
	cJSON_AddStringToObject(c, "text", text);
	cJSON_AddItemToArray(messages, m);
}

/* An embedded resource message holding a page, when the content has it. */
static void prompt_page(struct app *a, cJSON *messages, const char *id)
{
	char *uri = doc_uri(id);
	cJSON *contents = cJSON_CreateArray();
	char err[PWAF_ERRLEN];
	if (r_read(a, uri, contents, err, sizeof err) == 0 && cJSON_GetArraySize(contents) == 1) {
		cJSON *m = cJSON_CreateObject();
		cJSON_AddStringToObject(m, "role", "user");
		cJSON *c = cJSON_AddObjectToObject(m, "content");
		cJSON_AddStringToObject(c, "type", "resource");
		cJSON_AddItemToObject(c, "resource", cJSON_DetachItemFromArray(contents, 0));
		cJSON_AddItemToArray(messages, m);
	}
	cJSON_Delete(contents);
	free(uri);
}

static const char *prompt_partner(const cJSON *args, char *err, size_t errlen)
{
	const char *p = arg_str(args, "partner");
	if (!p) return "built-on";
	if (vocab_find(VOCAB_PARTNER, p)) return p;
	char *safe = http_safe_text(p, strlen(p), 60);
	msg_set(err, errlen, "unknown partner type '%s' (valid: %s)", safe, vocab_list(VOCAB_PARTNER));
	free(safe);
	return NULL;
}

static int p_review(void *app, const cJSON *args, cJSON *result, char *err, size_t errlen)
{
	struct app *a = app;
	const char *partner = prompt_partner(args, err, errlen);
	if (!partner) return -1;
	const char *label = vocab_label(VOCAB_PARTNER, partner);
	struct buf b = BUF_INIT;
	buf_addf(&b, "Review my Databricks workspace against the Partner Well-Architected Framework as a %s partner.\n\n"
		     "1. Call the `check` tool with partner \"%s\" to get every item's live status and evidence.\n"
		     "2. For each required item that fails, errors or is unknown, call `explain` with its id and "
		     "tell me what the requirement is, what the evidence shows and how to fix it.\n"
		     "3. Then list the recommended items that fail or warn, briefly.\n"
		     "4. Finally list the items no API can show (status manual) that I must verify by hand.\n\n"
		     "Cite item ids (such as BO-TAG-01) and quote evidence exactly; do not guess beyond it.",
		 label, partner);
	if (!a->snap && a->kind != PWAF_LIVE_WORKSPACE)
		buf_adds(&b, "\n\nNote: this server has no live source, so `check` will say so; use `checklist` instead.");
	cJSON_AddStringToObject(result, "description", "Review a workspace as a partner type, failing required items first");
	cJSON *msgs = cJSON_AddArrayToObject(result, "messages");
	prompt_text(msgs, buf_str(&b));
	char overview[64];
	snprintf(overview, sizeof overview, "%s-overview", partner);
	prompt_page(a, msgs, overview);
	buf_free(&b);
	return 0;
}

static int p_validation(void *app, const cJSON *args, cJSON *result, char *err, size_t errlen)
{
	struct app *a = app;
	const char *partner = prompt_partner(args, err, errlen);
	if (!partner) return -1;
	const char *assessment = arg_str(args, "assessment");
	if (!assessment || !*assessment) assessment = "default";
	struct buf b = BUF_INIT;
	buf_addf(&b, "Help me prepare my Partner Well-Architected Framework validation review as a %s partner.\n\n"
		     "1. Call `checklist` with partner \"%s\" and assessment \"%s\": it lists every item with the state "
		     "I recorded (open, done, na, blocked) and its live status.\n"
		     "2. Call `check` with partner \"%s\" for the live evidence.\n"
		     "3. Give me: the required items still open or failing, each with what to do; the evidence a "
		     "reviewer will ask for on the items checked by hand; and a short plan in order of effort.\n\n"
		     "The review process is described in the attached page. Cite item ids.",
		 vocab_label(VOCAB_PARTNER, partner), partner, assessment, partner);
	cJSON_AddStringToObject(result, "description", "Prepare a partner validation review from the checklist and the live checks");
	cJSON *msgs = cJSON_AddArrayToObject(result, "messages");
	prompt_text(msgs, buf_str(&b));
	prompt_page(a, msgs, "partner-reviews");
	buf_free(&b);
	return 0;
}

static int p_explain(void *app, const cJSON *args, cJSON *result, char *err, size_t errlen)
{
	struct app *a = app;
	const char *id = arg_str(args, "id");
	struct doc d;
	int rc = cdb_get(a->o->db, id, &d);
	if (rc != 0 || vocab_kind_of(d.kind) != KIND_ITEM) {
		char *safe = http_safe_text(id, strlen(id), 60);
		msg_set(err, errlen, "no checklist item has id '%s'", safe);
		free(safe);
		if (rc == 0) doc_free(&d);
		return -1;
	}
	struct buf b = BUF_INIT;
	buf_addf(&b, "Explain checklist item %s (\"%s\") of the Partner Well-Architected Framework: call the `explain` "
		     "tool with id \"%s\", then tell me in a few sentences what it requires, why, whether my workspace "
		     "meets it (quote the live evidence) and the next step to fix it.", d.id, d.title, d.id);
	cJSON_AddStringToObject(result, "description", "Explain one checklist item with its live evidence");
	prompt_text(cJSON_AddArrayToObject(result, "messages"), buf_str(&b));
	buf_free(&b);
	doc_free(&d);
	return 0;
}

static const struct mcp_prompt_arg review_args[] = {
	{ "partner", "Partner type: connected-isv, built-on (default), data-collaboration or mcp", 0 }, { NULL, NULL, 0 }
};
static const struct mcp_prompt_arg validation_args[] = {
	{ "partner", "Partner type: connected-isv, built-on (default), data-collaboration or mcp", 0 },
	{ "assessment", "The assessment holding your item states (default \"default\")", 0 },
	{ NULL, NULL, 0 }
};
static const struct mcp_prompt_arg explain_args[] = {
	{ "id", "A checklist item id, such as BO-TAG-01", 1 }, { NULL, NULL, 0 }
};

static const struct mcp_prompt prompts[] = {
	{ "review-workspace", "Review my workspace as a partner",
	  "Check the workspace against a partner type's checklist and explain every failing required item", review_args,
	  p_review },
	{ "prepare-validation", "Prepare my validation",
	  "Turn the checklist states and the live checks into a plan for the partner validation review",
	  validation_args, p_validation },
	{ "explain-item", "Explain a checklist item", "One item's requirement, rationale, live evidence and fix",
	  explain_args, p_explain },
};

/* --- the definition ------------------------------------------------------------------------- */

struct tool_spec {
	const char *name, *title, *description;
	void (*schemas)(cJSON **in, cJSON **out);
	unsigned hints;
	enum mcp_tool_rc (*run)(void *app, struct mcp_call *call, const cJSON *args);
	int write;
};

static const struct tool_spec tool_specs[] = {
	{ "search", "Search the framework",
	  "Full-text search of the Databricks Partner Well-Architected Framework (PWAF): guidance pages and "
	  "checklist items, ranked. Use it to find what the framework says about a topic (OAuth M2M, User-Agent "
	  "telemetry, customer_id tags, Delta Sharing recipients...) before answering; filter by partner type, "
	  "pillar or kind. Read a result in full with show.", in_search, MCP_HINT_READ_ONLY, t_search, 0 },
	{ "show", "Read a page or item",
	  "The full Markdown of one framework page or checklist item by id (for example oauth-m2m or BO-TAG-01), "
	  "with its partner types, pillar, level, public source and, for a page, its checklist items.",
	  in_show, MCP_HINT_READ_ONLY, t_show, 0 },
	{ "checklist", "List a partner type's checklist",
	  "The checklist items of a partner type (connected-isv, built-on, data-collaboration, mcp), filterable by "
	  "level and pillar, each with the state the user recorded in an assessment (open, done, na, blocked, with "
	  "notes) and its live status when a live source is loaded. Progress counts included.",
	  in_checklist, MCP_HINT_READ_ONLY, t_checklist, 0 },
	{ "check", "Run the live checks",
	  "Check a Databricks workspace against the checklist: each item's status (pass, fail, warn, manual, "
	  "unknown, error) with the evidence the workspace's REST API showed. Filter by partner type, level, "
	  "pillar, item ids or status (status [\"fail\"] gives the failing items). With a live workspace the first "
	  "call fetches it, reporting progress per API probe (cancellable); later calls re-read that fetch "
	  "unless refresh is true.", in_check, MCP_HINT_READ_ONLY | MCP_HINT_OPEN_WORLD, t_check, 0 },
	{ "explain", "Explain a checklist item",
	  "Everything about one checklist item together: the requirement, why it matters, how to verify it by "
	  "hand, how pwaf checks it, how to fix a failure, the user's recorded state and the live evidence.",
	  in_explain, MCP_HINT_READ_ONLY, t_explain, 0 },
	{ "mark", "Record an item's state",
	  "Record a checklist item's state in an assessment: open, done, na (not applicable, with a reason) or "
	  "blocked, with an optional note. Writes the user's pwaf state database (history kept; undo with pwaf's "
	  "explorer).", in_mark, MCP_HINT_IDEMPOTENT, t_mark, 1 },
};

struct mcp_server_def *pwaf_mcp_def_new(const struct pwaf_mcp_opts *o)
{
	struct mcp_server_def *d = xcalloc(1, sizeof *d);
	size_t n = sizeof tool_specs / sizeof tool_specs[0];
	struct mcp_tool *tools = xcalloc(n, sizeof *tools);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (tool_specs[i].write && !o->allow_write) continue;
		struct mcp_tool *t = &tools[k++];
		t->name = tool_specs[i].name;
		t->title = tool_specs[i].title;
		t->description = tool_specs[i].description;
		tool_specs[i].schemas(&t->input_schema, &t->output_schema);
		t->hints = tool_specs[i].hints;
		t->run = tool_specs[i].run;
	}
	d->name = "pwaf";
	d->title = "pwaf: Partner Well-Architected Framework";
	d->version = o->version;
	d->description = "The Databricks Partner Well-Architected Framework and live workspace checks";
	d->website = "https://databrickslabs.github.io/partner-architecture/";
	struct buf ins = BUF_INIT;
	buf_adds(&ins, "This server holds the Databricks Partner Well-Architected Framework (PWAF): guidance for "
		       "Connected ISVs, Built-On ISVs, Data Collaboration providers and MCP server publishers, and a "
		       "checklist of requirements. Use search to find guidance, show to read a page or item, checklist "
		       "for a partner type's items with the user's recorded states, check for the live status of a "
		       "workspace with evidence, and explain for one item's requirement, rationale, fix and evidence. "
		       "Cite item ids and quote evidence; the pages link their public source.");
	if (o->live.demo) buf_adds(&ins, " Live status comes from the bundled demo workspace, which is fictional.");
	else if (o->live.snapshot) buf_adds(&ins, " Live status comes from a saved snapshot of a workspace.");
	else buf_adds(&ins, " Live status comes from the configured Databricks workspace when check is called.");
	if (o->allow_write) buf_adds(&ins, " mark records an item's state; ask the user before changing it.");
	d->instructions = buf_take(&ins);
	d->tools = tools;
	d->ntools = k;
	d->prompts = prompts;
	d->nprompts = sizeof prompts / sizeof prompts[0];
	d->templates = templates;
	d->ntemplates = sizeof templates / sizeof templates[0];
	d->resource_count = r_count;
	d->resource_at = r_at;
	d->resource_read = r_read;
	d->cancel = app_cancel;
	d->page_size = 100;
	return d;
}

void pwaf_mcp_def_free(struct mcp_server_def *d)
{
	if (!d) return;
	struct mcp_tool *tools = (struct mcp_tool *)d->tools;
	for (size_t i = 0; i < d->ntools; i++) {
		cJSON_Delete(tools[i].input_schema);
		cJSON_Delete(tools[i].output_schema);
	}
	free(tools);
	free((char *)d->instructions);
	free(d);
	res_build(NULL);
}
