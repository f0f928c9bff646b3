/* fleetreport.c - write a fleet run's results as text, JSON, an HTML heat map, JUnit XML or SARIF 2.1.0. */
#include "core/fleetreport.h"

#include "core/escape.h"
#include "core/textwidth.h"
#include "core/sanitize.h"
#include "core/vocab.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const format_names[] = { "text", "json", "html", "junit", "sarif", NULL };

const char *const *fleet_report_format_names(void)
{
	return format_names;
}

/* How every format shows a status: the heat map's letter and colours, the text column head and
 * (its ANSI colour is check_status_ansi, as `pwaf check`'s text). */
static const struct {
	const char *letter, *head, *bg, *fg;
} status_style[CHECK_NSTATUS] = {
	[CHECK_PASS] = { "P", "PASS", "#a5d6a7", "#1b5e20" },
	[CHECK_FAIL] = { "F", "FAIL", "#d32f2f", "#ffffff" },
	[CHECK_WARN] = { "W", "WARN", "#ffca28", "#3e2723" },
	[CHECK_MANUAL] = { "M", "MAN.", "#cfd8dc", "#37474f" },
	[CHECK_UNKNOWN] = { "U", "UNKN", "#b39ddb", "#311b92" },
	[CHECK_ERROR] = { "E", "ERR", "#6a1b9a", "#ffffff" },
};
/* A cell with no result: the workspace did not check the item. */
static const char none_letter[] = "–", none_bg[] = "#f5f5f5", none_fg[] = "#9e9e9e";

/* How every format shows a workspace's state: ANSI colour of the text, and whether it keeps the
 * run from a clean exit (the JUnit error / SARIF error states; the others are skipped / notes). */
static const struct {
	const char *ansi;
	int unreached;
} state_style[FLEET_NSTATE] = {
	[FLEET_CHECKED] = { "\x1b[32m", 0 },
	[FLEET_AUTH] = { "\x1b[1;31m", 1 },
	[FLEET_UNREACHABLE] = { "\x1b[1;31m", 1 },
	[FLEET_CONFIG] = { "\x1b[33m", 1 },
	[FLEET_CANCELLED] = { "\x1b[2m", 0 },
	[FLEET_SKIPPED] = { "\x1b[2m", 0 },
};

#define RULE_UNREACHED "pwaf/workspace-unreached"
#define RULE_NOT_CHECKED "pwaf/workspace-not-checked"

static const char *nz(const char *s)
{
	return s ? s : "";
}

static enum fleet_state ws_state(const struct fleet_ws *w)
{
	return (unsigned)w->state < FLEET_NSTATE ? w->state : FLEET_UNREACHABLE;
}

static enum check_status st_of(const struct check_result *c)
{
	return (unsigned)c->status < CHECK_NSTATUS ? c->status : CHECK_ERROR;
}

static int is_required(const struct check_result *c)
{
	return c->level && vocab_level_of(c->level) == LEVEL_REQUIRED;
}

/* A workspace's counts, from its results (not trusting res.count to have been filled). */
struct tally {
	int n[CHECK_NSTATUS];
	int failing_required;       /* required items with status fail */
};

static struct tally ws_tally(const struct fleet_ws *w)
{
	struct tally t = { { 0 }, 0 };
	if (w->state != FLEET_CHECKED) return t;
	for (size_t k = 0; k < w->res.n; k++) {
		enum check_status s = st_of(&w->res.v[k]);
		t.n[s]++;
		if (s == CHECK_FAIL && is_required(&w->res.v[k])) t.failing_required++;
	}
	return t;
}

/* The whole run's counts: workspaces per state (recounted), those failing a required item. */
struct fleet_tally {
	int state[FLEET_NSTATE];
	int failing_required;
	int status[CHECK_NSTATUS];  /* over every (checked workspace, item) */
};

static struct fleet_tally run_tally(const struct fleet_results *fr)
{
	struct fleet_tally t;
	memset(&t, 0, sizeof t);
	for (size_t i = 0; i < fr->n; i++) {
		t.state[ws_state(&fr->v[i])]++;
		struct tally w = ws_tally(&fr->v[i]);
		if (w.failing_required) t.failing_required++;
		for (int s = 0; s < CHECK_NSTATUS; s++) t.status[s] += w.n[s];
	}
	return t;
}

static int item_total(const struct fleet_item *it)
{
	int n = 0;
	for (int s = 0; s < CHECK_NSTATUS; s++) n += it->count[s];
	return n;
}

/* --- item orders ---------------------------------------------------------------------------- */

static int rank_in(enum vocab_set set, const char *id)
{
	const struct vocab_term *t = vocab_terms(set);
	int i = 0;
	for (; t[i].id; i++)
		if (id && strcmp(t[i].id, id) == 0) return i;
	return id && *id ? i : i + 1; /* unknown after the known ones, none last */
}

/* The heat map's rows: by pillar (the framework's order), required first, then by id. */
static int cmp_heat(const void *a, const void *b)
{
	const struct fleet_item *x = *(const struct fleet_item *const *)a, *y = *(const struct fleet_item *const *)b;
	int d = rank_in(VOCAB_PILLAR, x->pillar) - rank_in(VOCAB_PILLAR, y->pillar);
	if (!d) d = strcmp(nz(x->pillar), nz(y->pillar));
	if (!d) d = rank_in(VOCAB_LEVEL, x->level) - rank_in(VOCAB_LEVEL, y->level);
	return d ? d : strcmp(x->item, y->item);
}

/* Items failing (or erring) somewhere: most failing workspaces first; on a tie required first, then most erring. */
static int cmp_failing(const void *a, const void *b)
{
	const struct fleet_item *x = *(const struct fleet_item *const *)a, *y = *(const struct fleet_item *const *)b;
	int d = y->count[CHECK_FAIL] - x->count[CHECK_FAIL];
	if (!d) d = rank_in(VOCAB_LEVEL, x->level) - rank_in(VOCAB_LEVEL, y->level);
	if (!d) d = y->count[CHECK_ERROR] - x->count[CHECK_ERROR];
	return d ? d : strcmp(x->item, y->item);
}

/* Pointers to the items, sorted by cmp; with only_failing, those failing or erring somewhere. */
static const struct fleet_item **items_sorted(const struct fleet_items *it, int (*cmp)(const void *, const void *),
					      int only_failing, size_t *n)
{
	const struct fleet_item **p = xcalloc(it->n ? it->n : 1, sizeof *p);
	*n = 0;
	for (size_t i = 0; i < it->n; i++)
		if (!only_failing || it->v[i].count[CHECK_FAIL] || it->v[i].count[CHECK_ERROR]) p[(*n)++] = &it->v[i];
	qsort(p, *n, sizeof *p, cmp);
	return p;
}

/* "fails in 2 of 3 workspaces", "fails in 2 of 3 workspaces, errs in 1", "errs in 1 of 3 workspaces" */
static void item_phrase(struct buf *b, const struct fleet_item *it)
{
	int total = item_total(it), f = it->count[CHECK_FAIL], e = it->count[CHECK_ERROR];
	const char *ws = total == 1 ? "workspace" : "workspaces";
	if (f) buf_addf(b, "fails in %d of %d %s", f, total, ws);
	if (f && e) buf_addf(b, ", errs in %d", e);
	if (!f && e) buf_addf(b, "errs in %d of %d %s", e, total, ws);
}

/* --- text ----------------------------------------------------------------------------------- */

enum { TEXT_WIDTH = 80, NAME_MIN = 9, NAME_MAX = 30, STATE_W = 11, COUNT_W = 5 };

/* Bytes of the UTF-8 sequence starting s[0] (at most len). */
static size_t utf8_seq(const char *s, size_t len)
{
	unsigned char c = (unsigned char)s[0];
	size_t n = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
	if (n > len) n = len;
	for (size_t i = 1; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80) return i;
	return n;
}

static void spaces(struct buf *b, size_t n)
{
	while (n--) buf_addc(b, ' ');
}

/* Clean one-line s in at most cols display columns, clipped with "…" when wider (whole code
 * points); padded with spaces to cols when pad. Returns the columns written. */
static size_t put_cols(struct buf *b, const char *s, size_t cols, int pad)
{
	size_t len = strlen(s), w = text_width(s, len);
	if (w <= cols) {
		buf_adds(b, s);
		if (pad) spaces(b, cols - w);
		return pad ? cols : w;
	}
	size_t used = 0, i = 0;
	while (i < len && cols) {
		size_t n = utf8_seq(s + i, len - i), cw = text_width(s + i, n);
		if (used + cw + 1 > cols) break;
		used += cw;
		i += n;
	}
	buf_add(b, s, i);
	if (cols) {
		buf_adds(b, "…");
		used++;
	}
	if (pad) spaces(b, cols - used);
	return pad ? cols : used;
}

/* Outside text as one clean line (no control characters, newlines or tabs). Malloc'd. */
static char *one_line(const char *s)
{
	char *t = sanitize_line(nz(s), strlen(nz(s)));
	return t ? t : xstrdup("");
}

/* Append clean text word by word from column *col, one space between words, breaking before
 * TEXT_WIDTH onto lines indented by indent (a word wider than a line stays whole). */
static void put_wrapped(struct buf *b, const char *s, size_t *col, size_t indent)
{
	int fresh = 1; /* no word yet on this line from s */
	for (const char *p = s; *p;) {
		if (*p == ' ') {
			p++;
			continue;
		}
		size_t n = strcspn(p, " "), w = text_width(p, n);
		if (!fresh && *col + 1 + w > TEXT_WIDTH) {
			buf_addc(b, '\n');
			spaces(b, indent);
			*col = indent;
		} else if (!fresh) {
			buf_addc(b, ' ');
			(*col)++;
		}
		buf_add(b, p, n);
		*col += w;
		p += n;
		fresh = 0;
	}
}

static void text_count(struct buf *b, int color, enum check_status s, int n, int checked)
{
	char num[16] = "-";
	if (checked) snprintf(num, sizeof num, "%d", n);
	int lit = color && checked && n && (s == CHECK_FAIL || s == CHECK_ERROR || s == CHECK_WARN);
	spaces(b, COUNT_W - strlen(num));
	if (lit) buf_addf(b, "%s%s\x1b[0m", check_status_ansi((enum check_status)s), num);
	else buf_adds(b, num);
}

static void text_workspace(const struct fleet_report *r, const struct fleet_ws *w, size_t namew, struct buf *b)
{
	enum fleet_state st = ws_state(w);
	struct tally t = ws_tally(w);
	char *name = one_line(w->name), *host = one_line(w->host);
	put_cols(b, name, namew, 1);
	buf_adds(b, "  ");
	if (r->color) buf_addf(b, "%s%-*s\x1b[0m", state_style[st].ansi, STATE_W, fleet_state_name(st));
	else buf_addf(b, "%-*s", STATE_W, fleet_state_name(st));
	for (int s = 0; s < CHECK_NSTATUS; s++) text_count(b, r->color, (enum check_status)s, t.n[s], st == FLEET_CHECKED);
	buf_adds(b, "\n  ");
	size_t col = 2;
	struct buf d = BUF_INIT;
	buf_adds(&d, *host ? host : "(no host)");
	if (st != FLEET_CHECKED) {
		char *err = one_line(w->error);
		buf_addf(&d, " — %s%s%s", fleet_state_words(st), *err ? ": " : "", err);
		free(err);
	} else if (t.failing_required) {
		buf_adds(&d, " — failing required:");
		const char *sep = " ";
		for (size_t k = 0; k < w->res.n; k++)
			if (st_of(&w->res.v[k]) == CHECK_FAIL && is_required(&w->res.v[k])) {
				char *id = one_line(w->res.v[k].item);
				buf_addf(&d, "%s%s", sep, id);
				sep = ", ";
				free(id);
			}
	}
	put_wrapped(b, buf_str(&d), &col, 4);
	buf_addc(b, '\n');
	buf_free(&d);
	free(name);
	free(host);
}

static void text_items(const struct fleet_items *items, struct buf *b)
{
	size_t n;
	const struct fleet_item **p = items_sorted(items, cmp_failing, 1, &n);
	if (!n) {
		buf_adds(b, "\nNo item fails or errs in any checked workspace.\n");
		free(p);
		return;
	}
	size_t idw = 0;
	for (size_t i = 0; i < n; i++) {
		size_t w = text_width(p[i]->item, strlen(p[i]->item));
		if (w > idw) idw = w;
	}
	if (idw > 20) idw = 20;
	buf_adds(b, "\nItems failing or erring, most workspaces first:\n");
	for (size_t i = 0; i < n; i++) {
		char *id = one_line(p[i]->item), *lv = one_line(p[i]->level), *title = one_line(p[i]->title);
		struct buf ph = BUF_INIT;
		item_phrase(&ph, p[i]);
		buf_adds(b, "  ");
		size_t col = 2 + put_cols(b, id, idw, 1);
		buf_adds(b, "  ");
		col += 2 + put_cols(b, lv, 12, 1);
		buf_addf(b, "  %s", buf_str(&ph));
		col += 2 + text_width(buf_str(&ph), ph.len);
		if (*title && col + 2 + 10 <= TEXT_WIDTH) {
			buf_adds(b, "  ");
			put_cols(b, title, TEXT_WIDTH - col - 2, 0);
		}
		buf_addc(b, '\n');
		buf_free(&ph);
		free(id);
		free(lv);
		free(title);
	}
	free(p);
}

static void text_summary(const struct fleet_results *fr, const struct fleet_tally *t, struct buf *b)
{
	struct buf s = BUF_INIT;
	buf_addf(&s, "%zu workspace%s: %d checked", fr->n, fr->n == 1 ? "" : "s", t->state[FLEET_CHECKED]);
	for (int k = FLEET_CHECKED + 1; k < FLEET_NSTATE; k++)
		if (t->state[k]) buf_addf(&s, ", %d %s", t->state[k], fleet_state_words((enum fleet_state)k));
	buf_addf(&s, "; %d fail%s a required item", t->failing_required, t->failing_required == 1 ? "s" : "");
	const char *sep = "; not reached: ";
	for (size_t i = 0; i < fr->n; i++) {
		const struct fleet_ws *w = &fr->v[i];
		if (!state_style[ws_state(w)].unreached) continue;
		char *name = one_line(w->name);
		buf_addf(&s, "%s%s (%s)", sep, name, fleet_state_words(ws_state(w)));
		sep = ", ";
		free(name);
	}
	buf_adds(&s, ".");
	size_t col = 0;
	buf_addc(b, '\n');
	put_wrapped(b, buf_str(&s), &col, 2);
	buf_addc(b, '\n');
	buf_free(&s);
}

static void write_text(const struct fleet_report *r, const struct fleet_items *items, struct buf *b)
{
	const struct fleet_results *fr = r->fr;
	struct fleet_tally t = run_tally(fr);
	char *partner = one_line(fr->partner), *version = one_line(fr->version ? fr->version : PACKAGE_VERSION);
	struct buf h = BUF_INIT;
	buf_addf(&h, "pwaf fleet check started %s, %.1f s, %s%s; run %s, pwaf %s", fr->started_at,
		 fr->elapsed_ms / 1000.0, *partner ? "partner type " : "all partner types", partner, fr->run_id, version);
	size_t col = 0;
	put_wrapped(b, buf_str(&h), &col, 2);
	buf_addc(b, '\n');
	buf_free(&h);
	free(partner);
	free(version);
	size_t namew = NAME_MIN;
	for (size_t i = 0; i < fr->n; i++) {
		char *name = one_line(fr->v[i].name);
		size_t w = text_width(name, strlen(name));
		if (w > namew) namew = w;
		free(name);
	}
	if (namew > NAME_MAX) namew = NAME_MAX;
	put_cols(b, "WORKSPACE", namew, 1);
	buf_addf(b, "  %-*s", STATE_W, "STATE");
	for (int s = 0; s < CHECK_NSTATUS; s++) buf_addf(b, "%*s", COUNT_W, status_style[s].head);
	buf_addc(b, '\n');
	for (size_t i = 0; i < fr->n; i++) text_workspace(r, &fr->v[i], namew, b);
	text_items(items, b);
	text_summary(fr, &t, b);
}

/* --- JSON ----------------------------------------------------------------------------------- */

/* Outside text as a JSON string (valid UTF-8, no control characters but newlines and tabs). */
static void json_str(cJSON *o, const char *key, const char *s)
{
	char *t = esc_clean(s);
	cJSON_AddStringToObject(o, key, t);
	free(t);
}

static void json_str_or_null(cJSON *o, const char *key, const char *s)
{
	if (s) json_str(o, key, s);
	else cJSON_AddNullToObject(o, key);
}

static double seconds(double ms)
{
	return (double)(long long)(ms >= 0 ? ms + 0.5 : ms - 0.5) / 1000.0; /* whole milliseconds */
}

static cJSON *json_counts(const int n[CHECK_NSTATUS])
{
	cJSON *o = cJSON_CreateObject();
	for (int s = 0; s < CHECK_NSTATUS; s++) cJSON_AddNumberToObject(o, check_status_name((enum check_status)s), n[s]);
	return o;
}

static cJSON *json_workspace(const struct fleet_ws *w)
{
	enum fleet_state st = ws_state(w);
	struct tally t = ws_tally(w);
	cJSON *o = cJSON_CreateObject();
	json_str(o, "name", w->name);
	json_str(o, "host", w->host);
	json_str(o, "workspace_id", w->workspace_id);
	cJSON_AddStringToObject(o, "state", fleet_state_name(st));
	if (st == FLEET_CHECKED) cJSON_AddNullToObject(o, "error");
	else json_str(o, "error", w->error ? w->error : fleet_state_words(st));
	cJSON_AddNumberToObject(o, "elapsed_s", seconds(w->elapsed_ms));
	cJSON_AddNumberToObject(o, "requests", (double)w->requests);
	json_str_or_null(o, "snapshot", w->snapshot);
	cJSON_AddItemToObject(o, "summary", json_counts(t.n));
	cJSON *req = cJSON_AddArrayToObject(o, "failing_required"), *all = cJSON_AddArrayToObject(o, "failing");
	for (size_t k = 0; st == FLEET_CHECKED && k < w->res.n; k++) {
		const struct check_result *c = &w->res.v[k];
		if (st_of(c) != CHECK_FAIL) continue;
		char *id = esc_clean(c->item);
		if (is_required(c)) cJSON_AddItemToArray(req, cJSON_CreateString(id));
		cJSON_AddItemToArray(all, cJSON_CreateString(id));
		free(id);
	}
	return o;
}

static void write_json(const struct fleet_report *r, const struct fleet_items *items, struct buf *b)
{
	const struct fleet_results *fr = r->fr;
	struct fleet_tally t = run_tally(fr);
	cJSON *o = cJSON_CreateObject();
	cJSON *run = cJSON_AddObjectToObject(o, "run");
	json_str(run, "id", fr->run_id);
	json_str(run, "started_at", fr->started_at);
	cJSON_AddNumberToObject(run, "elapsed_s", seconds(fr->elapsed_ms));
	json_str(run, "pwaf_version", fr->version ? fr->version : PACKAGE_VERSION);
	json_str_or_null(run, "partner", fr->partner);
	cJSON *sum = cJSON_AddObjectToObject(o, "summary");
	cJSON_AddNumberToObject(sum, "workspaces", (double)fr->n);
	for (int k = 0; k < FLEET_NSTATE; k++) cJSON_AddNumberToObject(sum, fleet_state_name((enum fleet_state)k), t.state[k]);
	cJSON_AddNumberToObject(sum, "failing_required", t.failing_required);
	cJSON *ws = cJSON_AddArrayToObject(o, "workspaces");
	for (size_t i = 0; i < fr->n; i++) cJSON_AddItemToArray(ws, json_workspace(&fr->v[i]));
	cJSON *ia = cJSON_AddArrayToObject(o, "items");
	for (size_t i = 0; i < items->n; i++) {
		const struct fleet_item *it = &items->v[i];
		cJSON *x = cJSON_CreateObject();
		json_str(x, "item", it->item);
		json_str(x, "title", it->title);
		json_str(x, "level", it->level);
		json_str(x, "pillar", it->pillar);
		cJSON_AddItemToObject(x, "workspaces", json_counts(it->count));
		cJSON *fw = cJSON_AddArrayToObject(x, "failing_workspaces");
		for (size_t k = 0; k < fr->n; k++) {
			if (fr->v[k].state != FLEET_CHECKED) continue;
			const struct check_result *c = fleet_ws_result(&fr->v[k], it->item);
			if (!c || st_of(c) != CHECK_FAIL) continue;
			char *name = esc_clean(fr->v[k].name);
			cJSON_AddItemToArray(fw, cJSON_CreateString(name));
			free(name);
		}
		cJSON_AddItemToArray(ia, x);
	}
	char *s = cJSON_Print(o);
	if (s) buf_adds(b, s);
	buf_addc(b, '\n');
	free(s);
	cJSON_Delete(o);
}

/* --- HTML heat map -------------------------------------------------------------------------- */

static const char html_css[] =
	"body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:1.5em;color:#1d1d1f;background:#fff}"
	"*{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
	"h1{margin:0 0 .2em}h2{margin-top:1.4em;border-bottom:1px solid #ccc}"
	".meta{color:#555}code{font-family:ui-monospace,monospace}"
	".cards{display:flex;flex-wrap:wrap;gap:.5em;margin:.8em 0}"
	".card{border:1px solid #ccc;border-radius:4px;padding:.3em .7em}.card b{font-size:1.4em;margin-right:.3em}"
	".card.bad{border-color:#d32f2f;color:#b71c1c}"
	".legend{display:flex;flex-wrap:wrap;gap:1em;align-items:center;margin:.5em 0}"
	".legend span.c{display:inline-block;width:1.6em;text-align:center;margin-right:.3em;border:1px solid #bbb}"
	"table.list{border-collapse:collapse;margin:.5em 0}"
	"table.list th,table.list td{border:1px solid #ddd;padding:.25em .5em;text-align:left;vertical-align:top}"
	"table.list th{background:#f3f3f3}table.list td.num{text-align:right}"
	".hm{overflow:auto;max-height:85vh;max-width:100%;border:1px solid #ccc}"
	".hm table{border-collapse:separate;border-spacing:0}"
	".hm thead th{position:sticky;top:0;z-index:2;background:#fff;border-bottom:1px solid #999}"
	".hm tbody th{position:sticky;left:0;z-index:1;background:#fff;text-align:left;font-weight:normal;"
	"border-right:1px solid #999;padding:0 .4em}"
	".hm thead th.corner{left:0;z-index:3;text-align:left;vertical-align:bottom;padding:.3em .4em}"
	".hm th.ws{vertical-align:bottom;padding:.3em 0;min-width:1.7em}"
	".hm th.ws div{writing-mode:vertical-rl;transform:rotate(180deg);max-height:11em;overflow:hidden;"
	"text-overflow:ellipsis;white-space:nowrap;margin:0 auto;font-weight:normal}"
	".hm th.ws.bad div{color:#b71c1c;font-weight:600}"
	".hm th.it div{max-width:28em;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}"
	".hm th.it .id{font-family:ui-monospace,monospace;font-weight:600}"
	".hm th.it .lv{font-size:.8em;color:#555;margin:0 .3em}.hm th.it .lv.req{color:#b71c1c}"
	".hm th.it .fc{font-size:.8em;color:#b71c1c;margin-right:.3em}.hm th.it .ttl{color:#555}"
	".hm tr.grp th{background:#eceff1;font-weight:600;padding:.3em .4em;border-top:1px solid #999}"
	".hm tr.grp td{background:#eceff1;border-top:1px solid #999}"
	"td.c{text-align:center;font:600 12px/1.7 ui-monospace,monospace;min-width:1.7em;"
	"border-right:1px solid #fff;border-bottom:1px solid #fff}"
	;

/* After the status colours (html_status_css). */
static const char html_css_print[] =
	"@media print{@page{size:landscape;margin:1cm}body{margin:0;font-size:10px}"
	".hm{overflow:visible;max-height:none;border:0}.hm thead th,.hm tbody th{position:static}"
	"td.c{min-width:1.2em;font-size:8px}.hm th.ws{min-width:1.2em}.hm th.it div{max-width:16em}"
	"thead{display:table-header-group}tr{break-inside:avoid}}";

static void html_status_css(struct buf *css)
{
	for (int s = 0; s < CHECK_NSTATUS; s++)
		buf_addf(css, ".s-%s{background:%s;color:%s}", check_status_name((enum check_status)s), status_style[s].bg,
			 status_style[s].fg);
	buf_addf(css, ".s-none{background:%s;color:%s}", none_bg, none_fg);
}

static void html_head(const struct fleet_results *fr, struct buf *b)
{
	struct buf css = BUF_INIT;
	html_status_css(&css);
	buf_adds(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>pwaf fleet check ");
	esc_html(b, fr->started_at);
	buf_adds(b, "</title>\n<style>");
	buf_adds(b, html_css);
	buf_adds(b, buf_str(&css));
	buf_adds(b, html_css_print);
	buf_adds(b, "</style>\n</head>\n<body>\n");
	buf_free(&css);
}

static void html_card(struct buf *b, int n, const char *label, int bad)
{
	buf_addf(b, "<div class=\"card%s\"><b>%d</b>", bad ? " bad" : "", n);
	esc_html(b, label);
	buf_adds(b, "</div>");
}

static void html_summary(const struct fleet_results *fr, const struct fleet_tally *t, struct buf *b)
{
	buf_adds(b, "<h1>pwaf fleet check</h1>\n<p class=\"meta\">Run <code>");
	esc_html(b, fr->run_id);
	buf_adds(b, "</code> · started ");
	esc_html(b, fr->started_at);
	buf_addf(b, " · %.1f s · ", fr->elapsed_ms / 1000.0);
	if (fr->partner) {
		buf_adds(b, "partner type ");
		esc_html(b, vocab_label(VOCAB_PARTNER, fr->partner));
	} else {
		buf_adds(b, "all partner types");
	}
	buf_adds(b, " · pwaf ");
	esc_html(b, fr->version ? fr->version : PACKAGE_VERSION);
	buf_adds(b, "</p>\n<div class=\"cards\">");
	html_card(b, (int)fr->n, fr->n == 1 ? "workspace" : "workspaces", 0);
	html_card(b, t->state[FLEET_CHECKED], "checked", 0);
	for (int k = FLEET_CHECKED + 1; k < FLEET_NSTATE; k++)
		if (t->state[k]) html_card(b, t->state[k], fleet_state_words((enum fleet_state)k), state_style[k].unreached);
	html_card(b, t->failing_required, t->failing_required == 1 ? "fails a required item" : "fail a required item",
		  t->failing_required > 0);
	buf_adds(b, "</div>\n<p class=\"meta\">Results over the checked workspaces:");
	for (int s = 0; s < CHECK_NSTATUS; s++)
		buf_addf(b, "%s %d %s", s ? " ·" : "", t->status[s], check_status_name((enum check_status)s));
	buf_adds(b, "</p>\n<div class=\"legend\"><b>Legend</b>");
	for (int s = 0; s < CHECK_NSTATUS; s++)
		buf_addf(b, "<span><span class=\"c s-%s\">%s</span>%s</span>", check_status_name((enum check_status)s),
			 status_style[s].letter, check_status_name((enum check_status)s));
	buf_addf(b, "<span><span class=\"c s-none\">%s</span>not checked</span></div>\n", none_letter);
}

static void html_unreached(const struct fleet_results *fr, struct buf *b)
{
	size_t n = 0;
	for (size_t i = 0; i < fr->n; i++) n += fr->v[i].state != FLEET_CHECKED;
	if (!n) return;
	buf_addf(b, "<h2>Not checked (%zu)</h2>\n<table class=\"list\"><tr><th>Workspace</th><th>Host</th><th>State</th>"
		    "<th>Why</th></tr>\n", n);
	for (size_t i = 0; i < fr->n; i++) {
		const struct fleet_ws *w = &fr->v[i];
		if (w->state == FLEET_CHECKED) continue;
		buf_adds(b, "<tr><td>");
		esc_html(b, w->name);
		buf_adds(b, "</td><td>");
		esc_html(b, w->host);
		buf_adds(b, "</td><td>");
		esc_html(b, fleet_state_words(ws_state(w)));
		buf_adds(b, "</td><td>");
		esc_html(b, w->error);
		buf_adds(b, "</td></tr>\n");
	}
	buf_adds(b, "</table>\n");
}

static void html_failing(const struct fleet_items *items, struct buf *b)
{
	size_t n;
	const struct fleet_item **p = items_sorted(items, cmp_failing, 1, &n);
	buf_addf(b, "<h2>Items failing or erring (%zu)</h2>\n", n);
	if (!n) buf_adds(b, "<p>No item fails or errs in any checked workspace.</p>\n");
	else buf_adds(b, "<table class=\"list\"><tr><th>Item</th><th>Level</th><th>Title</th><th>Fails in</th>"
			 "<th>Errs in</th><th>Of</th></tr>\n");
	for (size_t i = 0; i < n; i++) {
		buf_adds(b, "<tr><td><code>");
		esc_html(b, p[i]->item);
		buf_adds(b, "</code></td><td>");
		esc_html(b, p[i]->level);
		buf_adds(b, "</td><td>");
		esc_html(b, p[i]->title);
		buf_addf(b, "</td><td class=\"num\">%d</td><td class=\"num\">%d</td><td class=\"num\">%d</td></tr>\n",
			 p[i]->count[CHECK_FAIL], p[i]->count[CHECK_ERROR], item_total(p[i]));
	}
	if (n) buf_adds(b, "</table>\n");
	free(p);
}

static void html_cell(struct buf *b, const struct fleet_ws *w, const struct fleet_item *it)
{
	const struct check_result *c = fleet_ws_result(w, it->item);
	if (c) buf_addf(b, "<td class=\"c s-%s\" title=\"", check_status_name(st_of(c)));
	else buf_adds(b, "<td class=\"c s-none\" title=\"");
	esc_html(b, w->name);
	buf_adds(b, " · ");
	esc_html(b, it->item);
	if (c) {
		buf_addf(b, ": %s", check_status_name(st_of(c)));
		if (c->evidence && *c->evidence) {
			buf_adds(b, " — ");
			esc_html(b, c->evidence);
		}
		buf_addf(b, "\">%s</td>", status_style[st_of(c)].letter);
	} else {
		buf_addf(b, ": not checked\">%s</td>", none_letter);
	}
}

static void html_ws_head(struct buf *b, const struct fleet_ws *w)
{
	struct tally t = ws_tally(w);
	buf_addf(b, "<th class=\"ws%s\" title=\"", t.failing_required ? " bad" : "");
	esc_html(b, w->name);
	if (w->host && *w->host) {
		buf_adds(b, " — ");
		esc_html(b, w->host);
	}
	for (int s = 0; s < CHECK_NSTATUS; s++)
		buf_addf(b, "%s %d %s", s ? "," : " —", t.n[s], check_status_name((enum check_status)s));
	buf_adds(b, "\"><div>");
	esc_html(b, w->name);
	buf_adds(b, "</div></th>");
}

static void html_item_head(struct buf *b, const struct fleet_item *it)
{
	int req = it->level && vocab_level_of(it->level) == LEVEL_REQUIRED;
	buf_adds(b, "<th class=\"it\" title=\"");
	esc_html(b, it->item);
	buf_adds(b, ": ");
	esc_html(b, it->title);
	buf_adds(b, " (");
	esc_html(b, it->level);
	buf_adds(b, ")");
	if (it->count[CHECK_FAIL] || it->count[CHECK_ERROR]) {
		struct buf ph = BUF_INIT;
		item_phrase(&ph, it);
		buf_addf(b, " — %s", buf_str(&ph));
		buf_free(&ph);
	}
	buf_adds(b, "\"><div><span class=\"id\">");
	esc_html(b, it->item);
	buf_addf(b, "</span><span class=\"lv%s\">", req ? " req" : "");
	esc_html(b, it->level);
	buf_adds(b, "</span>");
	if (it->count[CHECK_FAIL]) buf_addf(b, "<span class=\"fc\">%d/%d F</span>", it->count[CHECK_FAIL], item_total(it));
	buf_adds(b, "<span class=\"ttl\">");
	esc_html(b, it->title);
	buf_adds(b, "</span></div></th>");
}

static void html_heatmap(const struct fleet_results *fr, const struct fleet_items *items, struct buf *b)
{
	size_t cols = 0;
	for (size_t i = 0; i < fr->n; i++) cols += fr->v[i].state == FLEET_CHECKED;
	buf_addf(b, "<h2>Heat map: %zu items × %zu checked workspaces</h2>\n", items->n, cols);
	if (!cols || !items->n) {
		buf_adds(b, "<p>No workspace was checked.</p>\n");
		return;
	}
	buf_adds(b, "<div class=\"hm\"><table>\n<thead><tr><th class=\"corner\">Item \\ workspace</th>");
	for (size_t i = 0; i < fr->n; i++)
		if (fr->v[i].state == FLEET_CHECKED) html_ws_head(b, &fr->v[i]);
	buf_adds(b, "</tr></thead>\n<tbody>\n");
	size_t n;
	const struct fleet_item **p = items_sorted(items, cmp_heat, 0, &n);
	for (size_t k = 0; k < n; k++) {
		if (!k || strcmp(nz(p[k]->pillar), nz(p[k - 1]->pillar)) != 0) {
			buf_adds(b, "<tr class=\"grp\"><th>");
			esc_html(b, *nz(p[k]->pillar) ? vocab_label(VOCAB_PILLAR, p[k]->pillar) : "No pillar");
			buf_addf(b, "</th><td colspan=\"%zu\"></td></tr>\n", cols);
		}
		buf_adds(b, "<tr>");
		html_item_head(b, p[k]);
		for (size_t i = 0; i < fr->n; i++)
			if (fr->v[i].state == FLEET_CHECKED) html_cell(b, &fr->v[i], p[k]);
		buf_adds(b, "</tr>\n");
	}
	free(p);
	buf_adds(b, "</tbody></table></div>\n");
}

static void html_workspaces(const struct fleet_results *fr, struct buf *b)
{
	buf_addf(b, "<h2>Workspaces (%zu)</h2>\n<table class=\"list\"><tr><th>Workspace</th><th>Host</th><th>State</th>", fr->n);
	for (int s = 0; s < CHECK_NSTATUS; s++) buf_addf(b, "<th>%s</th>", check_status_name((enum check_status)s));
	buf_adds(b, "<th>Failing required items, or why not checked</th></tr>\n");
	for (size_t i = 0; i < fr->n; i++) {
		const struct fleet_ws *w = &fr->v[i];
		struct tally t = ws_tally(w);
		buf_adds(b, "<tr><td>");
		esc_html(b, w->name);
		buf_adds(b, "</td><td>");
		esc_html(b, w->host);
		buf_adds(b, "</td><td>");
		esc_html(b, fleet_state_name(ws_state(w)));
		buf_adds(b, "</td>");
		for (int s = 0; s < CHECK_NSTATUS; s++) {
			if (w->state == FLEET_CHECKED) buf_addf(b, "<td class=\"num\">%d</td>", t.n[s]);
			else buf_addf(b, "<td class=\"num\">%s</td>", none_letter);
		}
		buf_adds(b, "<td>");
		if (w->state != FLEET_CHECKED) {
			esc_html(b, fleet_state_words(ws_state(w)));
			if (w->error && *w->error) {
				buf_adds(b, ": ");
				esc_html(b, w->error);
			}
		}
		const char *sep = "";
		for (size_t k = 0; w->state == FLEET_CHECKED && k < w->res.n; k++)
			if (st_of(&w->res.v[k]) == CHECK_FAIL && is_required(&w->res.v[k])) {
				buf_adds(b, sep);
				esc_html(b, w->res.v[k].item);
				sep = ", ";
			}
		buf_adds(b, "</td></tr>\n");
	}
	buf_adds(b, "</table>\n");
}

static void write_html(const struct fleet_report *r, const struct fleet_items *items, struct buf *b)
{
	const struct fleet_results *fr = r->fr;
	struct fleet_tally t = run_tally(fr);
	html_head(fr, b);
	html_summary(fr, &t, b);
	html_unreached(fr, b);
	html_failing(items, b);
	html_heatmap(fr, items, b);
	html_workspaces(fr, b);
	buf_adds(b, "<p class=\"meta\">Generated by pwaf. Each cell: the item's status in that workspace, its letter "
		    "for printing in grey; hover for the evidence.</p>\n</body>\n</html>\n");
}

/* --- JUnit XML ------------------------------------------------------------------------------ */

/* What JUnit makes of a status: failure, error, skipped, or NULL (passes; warn with system-out). */
static const char *junit_tag(enum check_status s)
{
	return s == CHECK_FAIL ? "failure" : s == CHECK_ERROR ? "error" : s == CHECK_MANUAL || s == CHECK_UNKNOWN ? "skipped" : NULL;
}

struct junit_counts {
	size_t tests;
	int failures, errors, skipped;
};

static struct junit_counts junit_count(const struct fleet_ws *w)
{
	struct junit_counts c = { 1, 0, 0, 0 };
	if (w->state != FLEET_CHECKED) {
		if (state_style[ws_state(w)].unreached) c.errors = 1;
		else c.skipped = 1;
		return c;
	}
	struct tally t = ws_tally(w);
	c.tests = w->res.n;
	c.failures = t.n[CHECK_FAIL];
	c.errors = t.n[CHECK_ERROR];
	c.skipped = t.n[CHECK_MANUAL] + t.n[CHECK_UNKNOWN];
	return c;
}

static void junit_case(struct buf *b, const struct fleet_ws *w, const struct check_result *c)
{
	enum check_status s = st_of(c);
	buf_adds(b, "    <testcase classname=\"pwaf.");
	esc_html(b, c->level);
	buf_adds(b, "\" name=\"");
	esc_html(b, w->name);
	buf_adds(b, ": ");
	esc_html(b, c->item);
	buf_adds(b, "\"");
	const char *tag = junit_tag(s);
	if (!tag) {
		if (s == CHECK_WARN) {
			buf_adds(b, ">\n      <system-out>warn: ");
			esc_html(b, c->evidence);
			buf_adds(b, "</system-out>\n    </testcase>\n");
		} else {
			buf_adds(b, "/>\n");
		}
		return;
	}
	buf_addf(b, ">\n      <%s message=\"%s: ", tag, check_status_name(s));
	esc_html(b, c->evidence);
	if (!strcmp(tag, "skipped")) {
		buf_adds(b, "\"/>\n");
	} else {
		buf_adds(b, "\">");
		esc_html(b, c->title);
		buf_adds(b, ": ");
		esc_html(b, c->evidence);
		buf_addf(b, "</%s>\n", tag);
	}
	buf_adds(b, "    </testcase>\n");
}

static void junit_not_checked(struct buf *b, const struct fleet_ws *w)
{
	enum fleet_state st = ws_state(w);
	int err = state_style[st].unreached;
	buf_adds(b, "    <testcase classname=\"pwaf.workspace\" name=\"");
	esc_html(b, w->name);
	buf_addf(b, ": %s\">\n      <%s message=\"%s", err ? RULE_UNREACHED : RULE_NOT_CHECKED, err ? "error" : "skipped",
		 fleet_state_words(st));
	if (w->error && *w->error) {
		buf_adds(b, ": ");
		esc_html(b, w->error);
	}
	if (err) {
		buf_addf(b, "\" type=\"%s\">", fleet_state_name(st));
		esc_html(b, w->host);
		buf_adds(b, "</error>\n");
	} else {
		buf_adds(b, "\"/>\n");
	}
	buf_adds(b, "    </testcase>\n");
}

static void write_junit(const struct fleet_report *r, const struct fleet_items *items, struct buf *b)
{
	const struct fleet_results *fr = r->fr;
	struct junit_counts all = { 0, 0, 0, 0 };
	for (size_t i = 0; i < fr->n; i++) {
		struct junit_counts c = junit_count(&fr->v[i]);
		all.tests += c.tests;
		all.failures += c.failures;
		all.errors += c.errors;
		all.skipped += c.skipped;
	}
	buf_addf(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"pwaf fleet check\" tests=\"%zu\" "
		    "failures=\"%d\" errors=\"%d\" skipped=\"%d\" time=\"%.3f\">\n",
		 all.tests, all.failures, all.errors, all.skipped, fr->elapsed_ms / 1000.0);
	for (size_t i = 0; i < fr->n; i++) {
		const struct fleet_ws *w = &fr->v[i];
		struct junit_counts c = junit_count(w);
		buf_adds(b, "  <testsuite name=\"");
		esc_html(b, w->name);
		buf_addf(b, "\" id=\"%zu\" hostname=\"", i);
		esc_html(b, w->host);
		buf_addf(b, "\" tests=\"%zu\" failures=\"%d\" errors=\"%d\" skipped=\"%d\" time=\"%.3f\" timestamp=\"", c.tests,
			 c.failures, c.errors, c.skipped, w->elapsed_ms / 1000.0);
		esc_html(b, fr->started_at);
		buf_adds(b, "\">\n    <properties><property name=\"workspace_id\" value=\"");
		esc_html(b, w->workspace_id);
		buf_addf(b, "\"/><property name=\"state\" value=\"%s\"/></properties>\n", fleet_state_name(ws_state(w)));
		if (w->state != FLEET_CHECKED) junit_not_checked(b, w);
		for (size_t k = 0; w->state == FLEET_CHECKED && k < w->res.n; k++) junit_case(b, w, &w->res.v[k]);
		buf_adds(b, "  </testsuite>\n");
	}
	buf_adds(b, "</testsuites>\n");
	(void)items;
}

/* --- SARIF 2.1.0 ---------------------------------------------------------------------------- */

/* The SARIF level of a finding (as `pwaf check`): fail error, warn warning, error note; else none. */
static const char *sarif_level(enum check_status s)
{
	return s == CHECK_FAIL ? "error" : s == CHECK_WARN ? "warning" : s == CHECK_ERROR ? "note" : NULL;
}

static void sarif_rule(cJSON *rules, const char *id, const char *title, const char *level, const char *pillar)
{
	cJSON *rule = cJSON_CreateObject();
	json_str(rule, "id", id);
	json_str(cJSON_AddObjectToObject(rule, "shortDescription"), "text", title);
	cJSON *p = cJSON_AddObjectToObject(rule, "properties");
	json_str(p, "level", level);
	if (pillar) json_str(p, "pillar", pillar);
	cJSON_AddItemToArray(rules, rule);
}

static void sarif_result(cJSON *results, const struct fleet_ws *w, const char *rule, size_t index, const char *level,
			 const char *message)
{
	cJSON *res = cJSON_CreateObject();
	json_str(res, "ruleId", rule);
	cJSON_AddNumberToObject(res, "ruleIndex", (double)index);
	cJSON_AddStringToObject(res, "level", level);
	json_str(cJSON_AddObjectToObject(res, "message"), "text", message);
	cJSON *loc = cJSON_CreateObject(), *ll = cJSON_CreateObject();
	const char *where = w->host && *w->host ? w->host : nz(w->name);
	json_str(ll, "name", w->name);
	json_str(ll, "fullyQualifiedName", where);
	cJSON_AddStringToObject(ll, "kind", "resource");
	cJSON_AddItemToArray(cJSON_AddArrayToObject(loc, "logicalLocations"), ll);
	cJSON_AddItemToArray(cJSON_AddArrayToObject(res, "locations"), loc);
	cJSON *p = cJSON_AddObjectToObject(res, "properties");
	json_str(p, "workspace", w->name);
	json_str(p, "workspace_id", w->workspace_id);
	cJSON_AddItemToArray(results, res);
}

static void write_sarif(const struct fleet_report *r, const struct fleet_items *items, struct buf *b)
{
	const struct fleet_results *fr = r->fr;
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
	cJSON_AddStringToObject(o, "version", "2.1.0");
	cJSON *run = cJSON_CreateObject();
	cJSON_AddItemToArray(cJSON_AddArrayToObject(o, "runs"), run);
	cJSON *drv = cJSON_AddObjectToObject(cJSON_AddObjectToObject(run, "tool"), "driver");
	cJSON_AddStringToObject(drv, "name", "pwaf");
	json_str(drv, "version", fr->version ? fr->version : PACKAGE_VERSION);
	cJSON_AddStringToObject(drv, "informationUri", "https://databrickslabs.github.io/partner-architecture/");
	cJSON *rules = cJSON_AddArrayToObject(drv, "rules");
	for (size_t i = 0; i < items->n; i++)
		sarif_rule(rules, items->v[i].item, items->v[i].title, items->v[i].level, items->v[i].pillar);
	sarif_rule(rules, RULE_UNREACHED, "The workspace could be checked: reached, credentials accepted, profile usable",
		   "required", NULL);
	sarif_rule(rules, RULE_NOT_CHECKED, "The workspace was not checked (cancelled, or not running)", "info", NULL);
	struct buf id = BUF_INIT;
	buf_addf(&id, "pwaf-fleet/%s", fr->run_id);
	json_str(cJSON_AddObjectToObject(run, "automationDetails"), "id", buf_str(&id));
	buf_free(&id);
	cJSON *results = cJSON_AddArrayToObject(run, "results");
	for (size_t i = 0; i < fr->n; i++) {
		const struct fleet_ws *w = &fr->v[i];
		struct buf m = BUF_INIT;
		if (w->state != FLEET_CHECKED) {
			enum fleet_state st = ws_state(w);
			int err = state_style[st].unreached;
			buf_addf(&m, "%s: %s", nz(w->name), fleet_state_words(st));
			if (w->error && *w->error) buf_addf(&m, ": %s", w->error);
			sarif_result(results, w, err ? RULE_UNREACHED : RULE_NOT_CHECKED, items->n + (err ? 0 : 1),
				     err ? "error" : "note", buf_str(&m));
			buf_free(&m);
			continue;
		}
		for (size_t k = 0; k < w->res.n; k++) {
			const struct check_result *c = &w->res.v[k];
			const char *lvl = sarif_level(st_of(c));
			if (!lvl) continue;
			/* the rule's index: the items are in id order (fleet_items_collect) */
			size_t lo = 0, hi = items->n;
			while (lo < hi) {
				size_t mid = lo + (hi - lo) / 2;
				if (strcmp(items->v[mid].item, c->item) < 0) lo = mid + 1;
				else hi = mid;
			}
			buf_reset(&m);
			buf_addf(&m, "%s: %s: %s", nz(w->name), check_status_name(st_of(c)),
				 c->evidence && *c->evidence ? c->evidence : nz(c->title));
			sarif_result(results, w, c->item, lo, lvl, buf_str(&m));
		}
		buf_free(&m);
	}
	char *s = cJSON_Print(o);
	if (s) buf_adds(b, s);
	buf_addc(b, '\n');
	free(s);
	cJSON_Delete(o);
}

void fleet_report_write(const struct fleet_report *r, enum fleet_report_format f, struct buf *out)
{
	static void (*const writers[FREPORT_COUNT])(const struct fleet_report *, const struct fleet_items *, struct buf *) = {
		[FREPORT_TEXT] = write_text, [FREPORT_JSON] = write_json, [FREPORT_HTML] = write_html,
		[FREPORT_JUNIT] = write_junit, [FREPORT_SARIF] = write_sarif,
	};
	if ((unsigned)f >= FREPORT_COUNT || !r || !r->fr) return;
	struct fleet_items items;
	fleet_items_collect(r->fr, &items);
	writers[f](r, &items, out);
	fleet_items_free(&items);
}
