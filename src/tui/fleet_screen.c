/* fleet_screen.c - the fleet screen: one row per saved workspace with fail/warn counts per pillar, Enter opens its checklist. */
#include "tui/app.h"
#include "tui/fleet_screen.h"

#include "core/buf.h"
#include "ws/fleet.h"
#include "tui/list.h"
#include "ws/live.h"
#include "tui/page.h"
#include "core/sanitize.h"
#include "tui/theme.h"
#include "tui/ui.h"
#include "core/vocab.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PILLARS 8
#define LIST_TOP 3          /* title, pillar names, "fail warn" */

/* One workspace's counts: per pillar (vocab order) and over all items. */
struct fleet_row {
	size_t ws;                       /* index in fl.fr.v */
	int fail[MAX_PILLARS + 1], warn[MAX_PILLARS + 1];   /* the last slot: the total */
	int req;                         /* required items failing */
};

static struct {
	int loaded;
	struct fleet_results fr;
	struct fleet_row *rows;          /* sorted: most failing required items first, not checked last */
	int np;                          /* pillars */
	const struct vocab_term *pillars;
	struct list_cursor cur;
	char *dir;                       /* sanitised, for the status line */
	long open;                       /* the workspace whose snapshot is the live source, or -1 */
	int not_reached;                 /* workspaces not checked (any state but checked) */
} fl = { .open = -1 };

static int pillar_index(const char *id)
{
	for (int p = 0; p < fl.np; p++)
		if (id && strcmp(fl.pillars[p].id, id) == 0) return p;
	return -1;
}

static void row_count(struct fleet_row *r, const struct fleet_ws *w)
{
	for (size_t i = 0; i < w->res.n; i++) {
		const struct check_result *c = &w->res.v[i];
		int p = pillar_index(c->pillar);
		if (c->status == CHECK_FAIL) {
			r->fail[fl.np]++;
			if (p >= 0) r->fail[p]++;
			if (c->level && vocab_level_of(c->level) == LEVEL_REQUIRED) r->req++;
		} else if (c->status == CHECK_WARN) {
			r->warn[fl.np]++;
			if (p >= 0) r->warn[p]++;
		}
	}
}

/* Checked before not checked; then most failing required items, most failing, most warning; then by name. */
static int row_cmp(const void *x, const void *y)
{
	const struct fleet_row *a = x, *b = y;
	const struct fleet_ws *wa = &fl.fr.v[a->ws], *wb = &fl.fr.v[b->ws];
	int ca = wa->state == FLEET_CHECKED, cb = wb->state == FLEET_CHECKED;
	if (ca != cb) return cb - ca;
	if (a->req != b->req) return b->req - a->req;
	if (a->fail[fl.np] != b->fail[fl.np]) return b->fail[fl.np] - a->fail[fl.np];
	if (a->warn[fl.np] != b->warn[fl.np]) return b->warn[fl.np] - a->warn[fl.np];
	return strcmp(wa->name, wb->name);
}

int fleet_screen_load(struct app *a, const char *dir, char *err, size_t errlen)
{
	fl.pillars = vocab_terms(VOCAB_PILLAR);
	for (fl.np = 0; fl.np < MAX_PILLARS && fl.pillars[fl.np].id; fl.np++) {}
	if (fleet_from_dir(dir, a->db, NULL, NULL, NULL, &fl.fr, err, errlen) < 0) {
		fleet_results_free(&fl.fr);
		return -1;
	}
	fl.rows = xcalloc(fl.fr.n ? fl.fr.n : 1, sizeof *fl.rows);
	for (size_t i = 0; i < fl.fr.n; i++) {
		fl.rows[i].ws = i;
		if (fl.fr.v[i].state == FLEET_CHECKED) row_count(&fl.rows[i], &fl.fr.v[i]);
		else fl.not_reached++;
	}
	qsort(fl.rows, fl.fr.n, sizeof *fl.rows, row_cmp);
	fl.dir = sanitize_line(dir, strlen(dir));
	list_set_count(&fl.cur, (int)fl.fr.n);
	fl.loaded = 1;
	return 0;
}

void fleet_screen_open(struct app *a)
{
	if (!fl.loaded) {
		app_message(a, "no fleet: start pwaf with --fleet-dir DIR (saved by pwaf check --save-dir DIR)");
		return;
	}
	a->screen = &screen_fleet;
}

/* The widths of the columns for w screen columns: names, then a cell per pillar and the total. */
struct layout {
	int name_w, state_w, req_w, cell_w;
	int x_state, x_req, x_cells;
	int labels;                      /* 2: the label's first word, 1: the id's initials */
};

static void layout_for(int w, struct layout *l)
{
	int longest = 9;                 /* "workspace" */
	for (size_t i = 0; i < fl.fr.n; i++) {
		int nw = ui_width(fl.fr.v[i].name);
		if (nw > longest) longest = nw;
	}
	if (longest > 40) longest = 40;
	l->state_w = 11;                 /* "unreachable" */
	l->req_w = 4;
	int cells = fl.np + 1, rest = w - 1 - (l->state_w + 1) - (l->req_w + 1);
	l->cell_w = (rest - longest) / cells - 1;
	if (l->cell_w > 16) l->cell_w = 16;
	if (l->cell_w < 7) l->cell_w = 7;
	l->name_w = rest - cells * (l->cell_w + 1);
	if (l->name_w > longest) l->name_w = longest;
	if (l->name_w < 9) l->name_w = 9;
	l->x_state = 1 + l->name_w + 1;
	l->x_req = l->x_state + l->state_w + 1;
	l->x_cells = l->x_req + l->req_w + 1;
	l->labels = l->cell_w >= 13 ? 2 : 1;
}

/* A pillar's heading in at most n bytes: the first word of its label ("Architectural"), or the
 * initials of its id ("BP" for best-practices). */
static void pillar_label(int p, int labels, char *out, size_t n)
{
	if (p == fl.np) { snprintf(out, n, "%s", labels == 2 ? "All pillars" : "Total"); return; }
	if (labels == 2) {
		const char *lab = fl.pillars[p].label;
		size_t k = strcspn(lab, " ");
		snprintf(out, n, "%.*s", (int)k, lab);
		return;
	}
	size_t k = 0;
	for (const char *s = fl.pillars[p].id; *s && k + 1 < n; s++)
		if (s == fl.pillars[p].id || s[-1] == '-') out[k++] = (char)(*s >= 'a' && *s <= 'z' ? *s - 32 : *s);
	out[k] = '\0';
}

/* A count right-aligned in w columns: zero dim, else in role's colour (bold on the selected row). */
static void put_count(int y, int x, int w, int v, int role, int selected, int base)
{
	char s[16];
	snprintf(s, sizeof s, "%*d", w, v);
	int attr = v == 0 ? (selected ? base : theme_attr(R_DIM)) : selected ? base | (int)A_BOLD : theme_attr((enum role)role) | (int)A_BOLD;
	ui_put(y, x, w, s, strlen(s), attr);
}

static void draw_headings(struct app *a, const struct layout *l)
{
	int h1 = theme_attr(R_TH), dim = theme_attr(R_DIM);
	ui_put(1, 1, l->name_w, "workspace", 9, h1);
	ui_put(1, l->x_state, l->state_w, "state", 5, h1);
	ui_put(1, l->x_req, l->req_w, " req", 4, h1);
	ui_put(2, l->x_req, l->req_w, "fail", 4, dim);
	int half = (l->cell_w - 1) / 2;
	const char *f = half >= 4 ? "fail" : "F", *wn = half >= 4 ? "warn" : "W";
	for (int p = 0; p <= fl.np; p++) {
		int x = l->x_cells + p * (l->cell_w + 1);
		if (x + l->cell_w > a->cols_n) break;
		char lab[40], sub[40];
		pillar_label(p, l->labels, lab, sizeof lab);
		int lw = ui_width(lab);
		ui_put(1, x + (lw < l->cell_w ? l->cell_w - lw : 0), l->cell_w, lab, strlen(lab), h1);
		snprintf(sub, sizeof sub, "%*s %*s", l->cell_w - half - 1, f, half, wn);
		ui_put(2, x, l->cell_w, sub, strlen(sub), dim);
	}
}

static int state_role(enum fleet_state s)
{
	if (s == FLEET_CHECKED) return R_TEXT;
	if (s == FLEET_CANCELLED || s == FLEET_SKIPPED) return R_DIM;
	return R_ERROR;
}

static void draw_row(struct app *a, const struct layout *l, const struct fleet_row *r, int y, int selected)
{
	const struct fleet_ws *w = &fl.fr.v[r->ws];
	int base = selected ? theme_attr(R_TREE_FOCUS) : theme_attr(R_TEXT);
	if (selected) ui_fill(y, 0, a->cols_n, base);
	ui_put(y, 1, l->name_w, w->name, strlen(w->name), base);
	const char *st = fleet_state_name(w->state);
	ui_put(y, l->x_state, l->state_w, st, strlen(st), selected ? base : theme_attr((enum role)state_role(w->state)));
	if (w->state != FLEET_CHECKED) {
		const char *e = w->error ? w->error : fleet_state_words(w->state);
		ui_put(y, l->x_req, a->cols_n - l->x_req - 1, e, strlen(e), selected ? base : theme_attr(R_DIM));
		return;
	}
	put_count(y, l->x_req, l->req_w, r->req, R_FAIL, selected, base);
	int half = (l->cell_w - 1) / 2;
	for (int p = 0; p <= fl.np; p++) {
		int x = l->x_cells + p * (l->cell_w + 1);
		if (x + l->cell_w > a->cols_n) break;
		put_count(y, x, l->cell_w - half - 1, r->fail[p], R_FAIL, selected, base);
		put_count(y, x + l->cell_w - half, half, r->warn[p], R_WARN, selected, base);
	}
}

/* Under the list: the selected workspace's host and status counts, or why it was not checked. */
static void draw_detail(struct app *a, int y)
{
	if (!fl.fr.n) return;
	const struct fleet_ws *w = &fl.fr.v[fl.rows[fl.cur.sel].ws];
	struct buf b = BUF_INIT;
	buf_addf(&b, "%s · %s", w->name, w->host[0] ? w->host : "no host");
	if (w->state == FLEET_CHECKED) {
		for (int s = 0; s < CHECK_NSTATUS; s++)   /* the statuses found, as `pwaf check` names them */
			if (w->res.count[s]) buf_addf(&b, " · %d %s", w->res.count[s], check_status_name((enum check_status)s));
	} else {
		buf_addf(&b, " · %s: %s", fleet_state_words(w->state), w->error ? w->error : "");
	}
	ui_put(y, 1, a->cols_n - 2, buf_str(&b), b.len, theme_attr(w->state == FLEET_CHECKED ? R_TEXT : R_ERROR));
	buf_free(&b);
}

static int list_height(const struct app *a)
{
	int h = a->rows_n - LIST_TOP - 3;   /* a rule, the detail line, the status line */
	return h > 1 ? h : 1;
}

static void fleet_draw(struct app *a)
{
	char title[96];
	snprintf(title, sizeof title, "fleet: %zu workspace%s · %d not reached", fl.fr.n, fl.fr.n == 1 ? "" : "s",
		 fl.not_reached);
	ui_title(a, title);
	struct layout l;
	layout_for(a->cols_n, &l);
	draw_headings(a, &l);
	int h = list_height(a);
	list_show(&fl.cur, h);
	for (int r = 0; r < h && fl.cur.top + r < fl.cur.n; r++)
		draw_row(a, &l, &fl.rows[fl.cur.top + r], LIST_TOP + r, fl.cur.top + r == fl.cur.sel);
	attrset(theme_attr(R_PANE_BORDER));
	mvhline(LIST_TOP + h, 0, a->utf8 ? ACS_HLINE : '-', a->cols_n);
	attrset(A_NORMAL);
	draw_detail(a, LIST_TOP + h + 1);
	ui_status(a, fl.dir ? fl.dir : "", "Enter checklist  Esc pages  s search  ? help  q quit");
}

/* Make the selected workspace's saved snapshot the live source and open the checklist over it. */
static void drill(struct app *a)
{
	if (!fl.fr.n) return;
	size_t i = fl.rows[fl.cur.sel].ws;
	const struct fleet_ws *w = &fl.fr.v[i];
	if (w->state != FLEET_CHECKED || !w->snapshot) {
		app_message(a, "%s was not checked (%s): no checklist to open", w->name, fleet_state_name(w->state));
		return;
	}
	if (fl.open != (long)i) {
		struct live_opts lo = { .snapshot = w->snapshot };
		live_free(a->live);
		a->live = live_new(a->db, &lo);
		a->live_serial++;
		page_invalidate();
		fl.open = (long)i;
	}
	a->checklist_ret = &screen_fleet;
	checklist_open(a);
	if (!a->msg[0])
		app_message(a, "workspace %s (saved snapshot) · Esc: back to the fleet", w->name);
}

static void fleet_action(struct app *a, enum action act, int key)
{
	(void)key;
	if (list_act(&fl.cur, act, list_height(a))) return;
	switch (act) {
	case ACT_OPEN: drill(a); break;
	case ACT_QUIT: a->quit = 1; break;
	case ACT_CLOSE: a->screen = &screen_browse; break;
	default: break;
	}
}

static enum mode fleet_mode(const struct app *a)
{
	(void)a;
	return MODE_FLEET;
}

static void fleet_mouse(struct app *a, int y, int x, int button)
{
	(void)x;
	int h = list_height(a);
	if (button == 4) list_scroll(&fl.cur, -1, h);
	else if (button == 5) list_scroll(&fl.cur, 1, h);
	else if (button == 1 && y >= LIST_TOP && y < LIST_TOP + h && fl.cur.top + y - LIST_TOP < fl.cur.n) {
		int row = fl.cur.top + y - LIST_TOP;
		if (row == fl.cur.sel) drill(a);
		else list_select(&fl.cur, row);
	}
}

static void fleet_close(struct app *a)
{
	(void)a;
	fleet_results_free(&fl.fr);
	free(fl.rows);
	free(fl.dir);
	memset(&fl, 0, sizeof fl);
	fl.open = -1;
}

const struct screen screen_fleet = {
	.mode = fleet_mode, .draw = fleet_draw, .action = fleet_action, .mouse = fleet_mouse, .close = fleet_close,
};
