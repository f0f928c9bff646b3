/* checklist_screen.c - walk the checklist: items by pillar and page, manual state, live status, notes. */
#include "app.h"

#include "buf.h"
#include "list.h"
#include "live.h"
#include "sanitize.h"
#include "state.h"
#include "theme.h"
#include "ui.h"
#include "vocab.h"

#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

enum row_kind { ROW_PILLAR, ROW_PAGE, ROW_ITEM };

struct row {
	enum row_kind kind;
	int doc;                   /* index into items (ROW_ITEM), or the first item of the group */
	const char *pillar;
};

enum prompt_kind { PROMPT_NONE, PROMPT_REASON_NA, PROMPT_REASON_BLOCKED, PROMPT_NOTE, PROMPT_FILTER };

static struct {
	char partner[32];
	char assessment[64];
	struct doc_list items;     /* the partner type's items, in reading order */
	struct doc_list pages;     /* every page, in reading order (for the order and the page rows' titles) */
	struct item_state_list states;
	struct row *rows;
	size_t nrows;
	struct list_cursor cur;
	const char *level_filter, *pillar_filter;
	int state_filter;          /* -1: all */
	char text_filter[64];
	enum prompt_kind prompt;
	char input[512];
	size_t ilen;
	char error[512];
	int can_undo;
} cl;

static const struct item_state *state_of(const char *id)
{
	for (size_t i = 0; i < cl.states.n; i++)
		if (strcasecmp(cl.states.v[i].item, id) == 0) return &cl.states.v[i];
	return NULL;
}

static int state_value(const char *id)
{
	const struct item_state *s = state_of(id);
	return s ? (int)s->state : ITEM_OPEN;
}

static int item_visible(const struct doc *d)
{
	if (cl.level_filter && (!d->level || strcmp(d->level, cl.level_filter) != 0)) return 0;
	if (cl.pillar_filter && (!d->pillar || strcmp(d->pillar, cl.pillar_filter) != 0)) return 0;
	if (cl.state_filter >= 0 && state_value(d->id) != cl.state_filter) return 0;
	if (cl.text_filter[0] && !strcasestr(d->id, cl.text_filter) && !strcasestr(d->title, cl.text_filter)) return 0;
	return 1;
}

static void add_row(enum row_kind k, int doc, const char *pillar)
{
	cl.rows = xrealloc(cl.rows, (cl.nrows + 1) * sizeof *cl.rows);
	cl.rows[cl.nrows++] = (struct row){ k, doc, pillar };
}

/* Rows: for each pillar, its pages in reading order, each with its visible items. */
static void build_rows(void)
{
	free(cl.rows);
	cl.rows = NULL;
	cl.nrows = 0;
	for (const struct vocab_term *p = vocab_terms(VOCAB_PILLAR); p->id; p++) {
		size_t pillar_row = cl.nrows;
		int any = 0;
		add_row(ROW_PILLAR, -1, p->id);
		const char *page = NULL;
		for (size_t i = 0; i < cl.items.n; i++) {
			const struct doc *d = &cl.items.v[i];
			if (!d->pillar || strcmp(d->pillar, p->id) != 0 || !item_visible(d)) continue;
			if (!page || strcmp(page, d->page) != 0) { add_row(ROW_PAGE, (int)i, p->id); page = d->page; }
			add_row(ROW_ITEM, (int)i, p->id);
			any = 1;
		}
		if (!any) cl.nrows = pillar_row;
	}
	list_set_count(&cl.cur, (int)cl.nrows);
}

/* Items in reading order: by their page's place in the partner type's sequence, then by id. */

static int page_rank(const char *page)
{
	for (size_t i = 0; i < cl.pages.n; i++)
		if (page && strcmp(cl.pages.v[i].id, page) == 0) return (int)i;
	return (int)cl.pages.n;
}

static int item_cmp(const void *x, const void *y)
{
	const struct doc *a = x, *b = y;
	int c = page_rank(a->page) - page_rank(b->page);
	return c ? c : strcmp(a->id, b->id);
}

static int load_states(struct app *a)
{
	item_state_list_free(&cl.states);
	memset(&cl.states, 0, sizeof cl.states);
	if (!a->state) return 0;
	if (state_items(a->state, cl.assessment, &cl.states) == STATE_ERROR) {
		snprintf(cl.error, sizeof cl.error, "%s", state_errmsg(a->state));
		return -1;
	}
	return 0;
}

static int open_state(struct app *a)
{
	if (a->state) return 0;
	char err[512];
	int rc = state_open(a->state_path, STATE_OPEN_CREATE, &a->state, err, sizeof err);
	if (rc != STATE_OK) {
		snprintf(cl.error, sizeof cl.error, "%s", err);
		return -1;
	}
	/* "default" covers every partner type, like pwaf mark's; a named one takes this partner type. */
	if (state_assessment_ensure(a->state, cl.assessment, a->cfg.assessment ? cl.partner : NULL, NULL, NULL, NULL) != STATE_OK) {
		snprintf(cl.error, sizeof cl.error, "%s", state_errmsg(a->state));
		return -1;
	}
	return 0;
}

/* The checklist items of cl.partner, in reading order. */
static void load_items(struct app *a)
{
	doc_list_free(&cl.items);
	struct doc_filter f = { .kind = "item", .partner = cl.partner };
	if (cdb_list(a->db, &f, &cl.items) < 0) snprintf(cl.error, sizeof cl.error, "cannot read the checklist");
	struct doc_filter pf = { .kind = "page" };
	doc_list_free(&cl.pages);
	if (cdb_list(a->db, &pf, &cl.pages) == 0)   /* pages come in their `order` */
		qsort(cl.items.v, cl.items.n, sizeof *cl.items.v, item_cmp);
}

void checklist_open(struct app *a)
{
	cl.error[0] = '\0';
	snprintf(cl.partner, sizeof cl.partner, "%s", app_partner(a));
	snprintf(cl.assessment, sizeof cl.assessment, "%s", a->cfg.assessment ? a->cfg.assessment : "default");
	load_items(a);
	cl.state_filter = -1;
	cl.level_filter = cl.pillar_filter = NULL;
	cl.text_filter[0] = '\0';
	cl.cur = (struct list_cursor){ 0 };
	cl.prompt = PROMPT_NONE;
	cl.can_undo = 0;
	if (open_state(a) == 0) load_states(a);
	build_rows();
	a->screen = &screen_checklist;
}

static const char *state_word(int s)
{
	static const char *w[] = { "open", "DONE", "n/a", "BLOCKED" };
	return s >= 0 && s < 4 ? w[s] : "?";
}

static int live_role(enum check_status s)
{
	static const int roles[] = { R_PASS, R_FAIL, R_WARN, R_MANUAL, R_UNKNOWN, R_ERROR };
	return roles[s];
}

/* A bar like "[#####.....]" sized w, with done/total. */
static void draw_bar(int y, int x, int w, size_t done, size_t total, int attr)
{
	char bar[128];
	int inner = w - 2 < (int)sizeof bar - 3 ? w - 2 : (int)sizeof bar - 3;
	if (inner < 1) return;
	int fill = total ? (int)(done * (size_t)inner / total) : 0;
	bar[0] = '[';
	for (int i = 0; i < inner; i++) bar[1 + i] = i < fill ? '#' : '.';
	bar[inner + 1] = ']';
	bar[inner + 2] = '\0';
	ui_put(y, x, w, bar, strlen(bar), attr);
}

static void counts_for(const char *pillar, size_t *done, size_t *applicable)
{
	*done = *applicable = 0;
	for (size_t i = 0; i < cl.items.n; i++) {
		const struct doc *d = &cl.items.v[i];
		if (pillar && (!d->pillar || strcmp(d->pillar, pillar) != 0)) continue;
		int s = state_value(d->id);
		if (s == ITEM_NA) continue;
		(*applicable)++;
		if (s == ITEM_DONE) (*done)++;
	}
}

static void draw_item(struct app *a, const struct row *r, int y, int selected)
{
	const struct doc *d = &cl.items.v[r->doc];
	int base = selected ? theme_attr(R_TREE_FOCUS) : theme_attr(R_TEXT);
	if (selected) ui_fill(y, 0, a->cols_n, base);
	int s = state_value(d->id);
	char head[48];
	snprintf(head, sizeof head, "  [%-7s] ", state_word(s));
	int x = ui_put(y, 0, a->cols_n, head, strlen(head), s == ITEM_DONE ? theme_attr(R_PASS) | (selected ? (int)A_REVERSE : 0) : base);
	const char *lv = d->level && strcmp(d->level, "required") == 0 ? "REQ " : d->level && strcmp(d->level, "anti-pattern") == 0 ? "ANTI" : "rec ";
	x += ui_put(y, x, 5, lv, 4, selected ? base : theme_attr(d->level && strcmp(d->level, "required") == 0 ? R_REQUIRED : R_DIM));
	x += 1;
	int live_w = a->cols_n >= 100 ? a->cols_n / 3 : a->cols_n >= 70 ? 22 : 0;
	int title_w = a->cols_n - x - live_w - 1;
	char line[256];
	snprintf(line, sizeof line, "%-13s %s", d->id, d->title);
	ui_put(y, x, title_w, line, strlen(line), base);
	if (!live_w) return;
	int lx = a->cols_n - live_w;
	if (!a->live || !live_active(a->live)) { ui_put(y, lx, live_w, "-", 1, selected ? base : theme_attr(R_DIM)); return; }
	if (live_checking(a->live, d)) { ui_put(y, lx, live_w, "checking…", strlen("checking…"), selected ? base : theme_attr(R_DIM)); return; }
	const struct check_result *res = live_result(a->live, d->id);
	if (!res) return;
	const char *word = check_status_word(res->status);
	int c = ui_put(y, lx, live_w, word, strlen(word), selected ? base | (int)A_BOLD : theme_attr((enum role)live_role(res->status)));
	if (res->status != CHECK_MANUAL)
		ui_put(y, lx + c + 1, live_w - c - 1, res->evidence, strlen(res->evidence), selected ? base : theme_attr(R_DIM));
}

static void draw_detail(struct app *a, int y)
{
	if (cl.cur.sel >= (int)cl.nrows || cl.rows[cl.cur.sel].kind != ROW_ITEM) return;
	const struct doc *d = &cl.items.v[cl.rows[cl.cur.sel].doc];
	const struct item_state *st = state_of(d->id);
	struct buf b = BUF_INIT;
	if (st && st->reason) buf_addf(&b, "Reason: %s   ", st->reason);
	buf_addf(&b, "Note: %s", st && st->note ? st->note : "(none; e to write one)");
	char *clean = sanitize_line(buf_str(&b), b.len);
	ui_put(y, 1, a->cols_n - 2, clean, strlen(clean), theme_attr(R_QUOTE));
	free(clean);
	buf_free(&b);
	if (a->live && live_active(a->live)) {
		const struct check_result *res = live_result(a->live, d->id);
		if (res && res->status != CHECK_MANUAL) {
			char line[600];
			snprintf(line, sizeof line, "Live: %s — %s", check_status_word(res->status), res->evidence);
			ui_put(y + 1, 1, a->cols_n - 2, line, strlen(line), theme_attr((enum role)live_role(res->status)));
		}
	}
}

static void draw_header(struct app *a)
{
	char left[160];
	size_t done, applicable;
	counts_for(NULL, &done, &applicable);
	snprintf(left, sizeof left, " %s checklist · assessment '%s' · %zu of %zu done ", vocab_label(VOCAB_PARTNER, cl.partner),
		 cl.assessment, done, applicable);
	int x = ui_put(1, 0, a->cols_n, left, strlen(left), theme_attr(R_H2));
	if (a->cols_n - x > 14) draw_bar(1, x, a->cols_n - x - 1 > 40 ? 40 : a->cols_n - x - 1, done, applicable, theme_attr(R_PASS));
	char filt[200];
	snprintf(filt, sizeof filt, " filters: level %s · state %s · pillar %s%s%s%s", cl.level_filter ? cl.level_filter : "all",
		 cl.state_filter >= 0 ? state_value_name((enum item_state_value)cl.state_filter) : "all",
		 cl.pillar_filter ? vocab_label(VOCAB_PILLAR, cl.pillar_filter) : "all", cl.text_filter[0] ? " · text '" : "",
		 cl.text_filter, cl.text_filter[0] ? "'" : "");
	ui_put(2, 0, a->cols_n, filt, strlen(filt), theme_attr(R_DIM));
}

static const char *prompt_label(void)
{
	switch (cl.prompt) {
	case PROMPT_REASON_NA: return "Why is it not applicable? ";
	case PROMPT_REASON_BLOCKED: return "Blocked by (optional): ";
	case PROMPT_NOTE: return "Note: ";
	case PROMPT_FILTER: return "Filter by text: ";
	default: return "";
	}
}

static void checklist_draw(struct app *a)
{
	ui_title(a, a->live ? live_summary(a->live) : "");
	if (cl.error[0]) {
		ui_put(2, 1, a->cols_n - 2, cl.error, strlen(cl.error), theme_attr(R_ERROR));
		ui_put(4, 1, a->cols_n - 2, "Nothing was changed. Esc goes back.", 35, theme_attr(R_TEXT));
		ui_status(a, "state database problem", "Esc back");
		return;
	}
	draw_header(a);
	int top = 3, h = a->rows_n - top - 3;
	list_show(&cl.cur, h);
	if (!cl.nrows) ui_put(top + 1, 2, a->cols_n - 4, "No item matches the filters (f, v, p, t, / change them).", 56, theme_attr(R_DIM));
	for (int r = 0; r < h && cl.cur.top + r < (int)cl.nrows; r++) {
		const struct row *row = &cl.rows[cl.cur.top + r];
		int y = top + r, selected = cl.cur.top + r == cl.cur.sel;
		if (row->kind == ROW_ITEM) { draw_item(a, row, y, selected); continue; }
		int attr = selected ? theme_attr(R_TREE_FOCUS) : theme_attr(row->kind == ROW_PILLAR ? R_H3 : R_MARKER);
		if (selected) ui_fill(y, 0, a->cols_n, attr);
		if (row->kind == ROW_PILLAR) {
			size_t done, applicable;
			counts_for(row->pillar, &done, &applicable);
			char label[128];
			snprintf(label, sizeof label, "%s  %zu/%zu ", vocab_label(VOCAB_PILLAR, row->pillar), done, applicable);
			int x = ui_put(y, 0, a->cols_n, label, strlen(label), attr);
			if (a->cols_n - x > 12) draw_bar(y, x, 22, done, applicable, selected ? attr : theme_attr(R_PASS));
		} else {
			/* The page's title from the list already loaded for ordering: no query per frame. */
			const struct doc *d = &cl.items.v[row->doc];
			int k = page_rank(d->page);
			char label[200];
			snprintf(label, sizeof label, " %s", k < (int)cl.pages.n ? cl.pages.v[k].title : d->page);
			ui_put(y, 0, a->cols_n, label, strlen(label), attr);
		}
	}
	draw_detail(a, a->rows_n - 3);
	if (cl.prompt != PROMPT_NONE) {
		int y = a->rows_n - 1;
		ui_fill(y, 0, a->cols_n, theme_attr(R_INPUT));
		int x = ui_put(y, 0, a->cols_n, prompt_label(), strlen(prompt_label()), theme_attr(R_INPUT));
		ui_put(y, x, a->cols_n - x - 1, cl.input, cl.ilen, theme_attr(R_INPUT));
		return;
	}
	ui_status(a, a->live ? live_summary(a->live) : "",
		  "d done  a n/a  x blocked  o open  e note  u undo  f/v/p/t filter  Enter page  Esc back");
}

static const struct doc *selected_item(void)
{
	if (cl.cur.sel >= (int)cl.nrows || cl.rows[cl.cur.sel].kind != ROW_ITEM) return NULL;
	return &cl.items.v[cl.rows[cl.cur.sel].doc];
}

static void set_state(struct app *a, enum item_state_value v, const char *reason, const char *note)
{
	const struct doc *d = selected_item();
	if (!d || !a->state) return;
	const struct item_state *cur = state_of(d->id);
	struct state_change ch = { v, reason, note, "tui" };
	if (v != ITEM_NA && v != ITEM_BLOCKED) ch.reason = NULL;
	if (!note && cur) ch.note = NULL;
	int rc = state_item_set(a->state, cl.assessment, d->id, &ch, NULL);
	if (rc == STATE_OK) { app_message(a, "%s: %s", d->id, state_word((int)v)); cl.can_undo = 1; }
	else if (rc == STATE_NONE) app_message(a, "%s is already %s", d->id, state_word((int)v));
	else app_message(a, "not saved: %s", state_errmsg(a->state));
	char *keep = xstrdup(d->id);
	load_states(a);
	build_rows();
	/* Keep the selection on the same item when a filter hides or moves it. */
	for (size_t i = 0; i < cl.nrows; i++)
		if (cl.rows[i].kind == ROW_ITEM && strcmp(cl.items.v[cl.rows[i].doc].id, keep) == 0) list_select(&cl.cur, (int)i);
	free(keep);
}

static void start_prompt(enum prompt_kind k, const char *initial)
{
	cl.prompt = k;
	snprintf(cl.input, sizeof cl.input, "%s", initial ? initial : "");
	cl.ilen = strlen(cl.input);
}

/* Edit the note in $EDITOR: the screen is handed over and restored. */
static void edit_in_editor(struct app *a)
{
	const struct doc *d = selected_item();
	if (!d) return;
	const struct item_state *st = state_of(d->id);
	char path[] = "/tmp/pwaf-note-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0) { app_message(a, "cannot make a temporary file: %s", strerror(errno)); return; }
	if (st && st->note && write(fd, st->note, strlen(st->note)) < 0) app_message(a, "cannot write the note");
	close(fd);
	const char *editor = getenv("VISUAL") ? getenv("VISUAL") : getenv("EDITOR") ? getenv("EDITOR") : "vi";
	char cmd[1024];
	snprintf(cmd, sizeof cmd, "%s '%s'", editor, path);
	def_prog_mode();
	endwin();
	int rc = system(cmd);
	reset_prog_mode();
	refresh();
	FILE *f = fopen(path, "r");
	struct buf b = BUF_INIT;
	char chunk[1024];
	size_t n;
	while (f && (n = fread(chunk, 1, sizeof chunk, f)) > 0) buf_add(&b, chunk, n);
	if (f) fclose(f);
	unlink(path);
	while (b.len && (b.data[b.len - 1] == '\n' || b.data[b.len - 1] == ' ')) b.data[--b.len] = '\0';
	if (rc != 0) app_message(a, "the editor failed; the note is unchanged");
	else set_state(a, st ? st->state : ITEM_OPEN, st ? st->reason : NULL, buf_str(&b));
	buf_free(&b);
}

static void accept_prompt(struct app *a)
{
	enum prompt_kind k = cl.prompt;
	cl.prompt = PROMPT_NONE;
	const struct doc *d = selected_item();
	const struct item_state *st = d ? state_of(d->id) : NULL;
	switch (k) {
	case PROMPT_REASON_NA:
		if (!cl.ilen) { app_message(a, "n/a needs a reason: nothing changed"); return; }
		set_state(a, ITEM_NA, cl.input, NULL);
		break;
	case PROMPT_REASON_BLOCKED: set_state(a, ITEM_BLOCKED, cl.ilen ? cl.input : NULL, NULL); break;
	case PROMPT_NOTE: set_state(a, st ? st->state : ITEM_OPEN, st ? st->reason : NULL, cl.input); break;
	case PROMPT_FILTER:
		snprintf(cl.text_filter, sizeof cl.text_filter, "%s", cl.input);
		list_select(&cl.cur, 0);
		build_rows();
		break;
	default: break;
	}
}

static void cycle_filters(struct app *a, int key)
{
	if (key == 't') {
		/* Walk another partner type's checklist in the same assessment. */
		const struct vocab_term *t = vocab_terms(VOCAB_PARTNER);
		int i = 0;
		while (t[i].id && strcmp(t[i].id, cl.partner) != 0) i++;
		snprintf(cl.partner, sizeof cl.partner, "%s", t[i].id && t[i + 1].id ? t[i + 1].id : t[0].id);
		load_items(a);
		app_message(a, "%s checklist", vocab_label(VOCAB_PARTNER, cl.partner));
	} else if (key == 'f') {
		cl.state_filter = cl.state_filter + 1 >= ITEM_STATE_COUNT ? -1 : cl.state_filter + 1;
	} else if (key == 'v') {
		const struct vocab_term *t = vocab_terms(VOCAB_LEVEL);
		int i = 0;
		while (cl.level_filter && t[i].id && strcmp(t[i].id, cl.level_filter) != 0) i++;
		cl.level_filter = !cl.level_filter ? t[0].id : t[i].id && t[i + 1].id ? t[i + 1].id : NULL;
	} else if (key == 'p') {
		const struct vocab_term *t = vocab_terms(VOCAB_PILLAR);
		int i = 0;
		while (cl.pillar_filter && t[i].id && strcmp(t[i].id, cl.pillar_filter) != 0) i++;
		cl.pillar_filter = !cl.pillar_filter ? t[0].id : t[i].id && t[i + 1].id ? t[i + 1].id : NULL;
	}
	list_select(&cl.cur, 0);
	build_rows();
}

static void checklist_action(struct app *a, enum action act, int key)
{
	if (cl.prompt != PROMPT_NONE) {
		if (act == ACT_CLOSE) { cl.prompt = PROMPT_NONE; app_message(a, "nothing changed"); }
		else if (act == ACT_ACCEPT) accept_prompt(a);
		else if (act == ACT_DELETE) ui_input_delete(cl.input, &cl.ilen);
		return;
	}
	const struct doc *d = selected_item();
	int h = a->rows_n - 6;
	switch (act) {
	case ACT_CLOSE: case ACT_QUIT: a->screen = &screen_browse; break;
	case ACT_UP: case ACT_DOWN: case ACT_PGUP: case ACT_PGDN: case ACT_TOP: case ACT_BOTTOM:
		list_act(&cl.cur, act, h);
		break;
	case ACT_STATE_DONE: set_state(a, ITEM_DONE, NULL, NULL); break;
	case ACT_STATE_OPEN: set_state(a, ITEM_OPEN, NULL, NULL); break;
	case ACT_STATE_NA: if (d) start_prompt(PROMPT_REASON_NA, NULL); break;
	case ACT_STATE_BLOCKED: if (d) start_prompt(PROMPT_REASON_BLOCKED, NULL); break;
	case ACT_NOTE:
		if (!d) break;
		if (key == 'E') edit_in_editor(a);
		else start_prompt(PROMPT_NOTE, state_of(d->id) && state_of(d->id)->note ? state_of(d->id)->note : "");
		break;
	case ACT_UNDO: {
		if (!a->state) break;
		struct item_state restored;
		int rc = state_undo(a->state, cl.assessment, "tui", &restored);
		if (rc == STATE_OK) {
			app_message(a, "undone: %s is %s again", restored.item, state_word((int)restored.state));
			item_state_free(&restored);
		} else {
			app_message(a, rc == STATE_NONE ? "nothing to undo" : "undo failed: %s", state_errmsg(a->state));
		}
		load_states(a);
		build_rows();
		break;
	}
	case ACT_FILTER:
		if (key == '/') start_prompt(PROMPT_FILTER, cl.text_filter);
		else cycle_filters(a, key);
		break;
	case ACT_OPEN:
		if (d) app_show_doc(a, d->id);
		break;
	default: break;
	}
}

static void checklist_input(struct app *a, int ch)
{
	if (cl.prompt == PROMPT_NONE) return;
	ui_input_add(cl.input, &cl.ilen, sizeof cl.input, ch);
}

static enum mode checklist_mode(const struct app *a)
{
	return cl.prompt != PROMPT_NONE ? MODE_FIND : MODE_CHECKLIST;
}

static void checklist_mouse(struct app *a, int y, int x, int button)
{
	if (button == 4) checklist_action(a, ACT_UP, 0);
	else if (button == 5) checklist_action(a, ACT_DOWN, 0);
	else if (button == 1 && y >= 3 && cl.cur.top + y - 3 < (int)cl.nrows) list_select(&cl.cur, cl.cur.top + y - 3);
}

static void checklist_close(struct app *a)
{
	(void)a;
	doc_list_free(&cl.pages);
	doc_list_free(&cl.items);
	item_state_list_free(&cl.states);
	free(cl.rows);
	cl.rows = NULL;
	cl.nrows = 0;
}

const struct screen screen_checklist = {
	.mode = checklist_mode, .draw = checklist_draw, .action = checklist_action, .input = checklist_input,
	.mouse = checklist_mouse, .close = checklist_close,
};
