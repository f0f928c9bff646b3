/* checklist_screen.c - walk the checklist: the list beside or above a detail pane, marking, notes, filters, the plan. */
#include "tui/app.h"

#include "tui/assess.h"
#include "core/buf.h"
#include "tui/checklist.h"
#include "ws/live.h"
#include "core/mdscan.h"
#include "core/plan.h"
#include "tui/prompt.h"
#include "md/render.h"
#include "core/report.h"
#include "core/sanitize.h"
#include "core/state.h"
#include "tui/theme.h"
#include "core/translit.h"
#include "tui/ui.h"
#include "core/vocab.h"

#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

enum prompt_kind { PROMPT_NONE, PROMPT_REASON_NA, PROMPT_REASON_BLOCKED, PROMPT_NOTE, PROMPT_FILTER, PROMPT_EXPORT };

static struct {
	enum prompt_kind kind;
	struct prompt p;
} ask;

/* The detail pane of the selected item, laid out once for its width and what it shows. */
static struct {
	char id[64];
	int width, plan, ascii;
	unsigned serial, live_serial;
	struct md_doc *md;
} det;

static const char *state_word(int s)
{
	static const char *w[] = { "open", "DONE", "n/a", "BLOCKED" };
	return s >= 0 && s < 4 ? w[s] : "?";
}

static const char *level_tag(const char *level)
{
	if (!level) return "    ";
	if (vocab_level_of(level) == LEVEL_REQUIRED) return "REQ ";
	if (vocab_level_of(level) == LEVEL_ANTI_PATTERN) return "ANTI";
	if (vocab_level_of(level) == LEVEL_INFO) return "info";
	return "rec ";
}

static int level_role(const char *level)
{
	if (level && vocab_level_of(level) == LEVEL_REQUIRED) return R_REQUIRED;
	if (level && vocab_level_of(level) == LEVEL_ANTI_PATTERN) return R_ANTIPATTERN;
	return R_DIM;
}

static int live_role(int s)
{
	static const int roles[] = { R_PASS, R_FAIL, R_WARN, R_MANUAL, R_UNKNOWN, R_ERROR };
	return s >= 0 && s < CHECK_NSTATUS ? roles[s] : R_DIM;
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

/* The columns the live column gets in a list w wide: none below 70 columns. Otherwise the titles
 * and the live statuses with their evidence share the width left by the state and level, three
 * fifths and two; a side whose longest text among the rows listed fits in less gives the rest to
 * the other (only MANUAL rows: whole titles; short titles: the evidence in full). */
static int live_width(struct app *a, int w)
{
	if (w < 70) return 0;
	int rest = w - 17;   /* "  [open   ] REQ  " */
	int title_max = 1, live_max = 1;
	int active = a->live && live_active(a->live);
	for (size_t i = 0; i < cl.nrows; i++) {
		if (cl.rows[i].kind != ROW_ITEM) continue;
		const struct doc *d = &cl.items.v[cl.rows[i].doc];
		int tw = 14 + ui_width(d->title) + 1;
		const struct check_result *res = active ? live_result(a->live, d->id) : NULL;
		int lw = !active ? 1 : !res ? 10 : (int)strlen(check_status_word(res->status)) + 1 +
						   (res->status == CHECK_MANUAL ? 0 : ui_width(res->evidence));
		if (tw > title_max) title_max = tw;
		if (lw > live_max) live_max = lw;
	}
	int lw = rest * 2 / 5;
	if (live_max < lw) lw = live_max;                          /* the evidence is whole: titles get the rest */
	else if (title_max < rest - lw) lw = rest - title_max;     /* the titles are whole: evidence gets the rest */
	return lw;
}

/* One item row: state, level, id and title, then the live status and evidence in live_w columns
 * (live_width: the title and the evidence share the width in proportion). */
static void draw_item(struct app *a, const struct cl_row *r, int y, int w, int live_w, int selected)
{
	const struct doc *d = &cl.items.v[r->doc];
	int base = selected ? theme_attr(R_TREE_FOCUS) : theme_attr(R_TEXT);
	if (selected) ui_fill(y, 0, w, base);
	int s = cl_state_value(d->id);
	char head[48];
	snprintf(head, sizeof head, "  [%-7s] ", state_word(s));
	int x = ui_put(y, 0, w, head, strlen(head), s == ITEM_DONE ? theme_attr(R_PASS) | (selected ? (int)A_REVERSE : 0) : base);
	x += ui_put(y, x, 5, level_tag(d->level), 4, selected ? base : theme_attr(level_role(d->level)));
	x += 1;
	int rest = w - x;
	char line[320];
	snprintf(line, sizeof line, "%-13s %s", d->id, d->title);
	ui_put(y, x, rest - live_w - 1, line, strlen(line), base);
	if (!live_w) return;
	int lx = w - live_w;
	if (!a->live || !live_active(a->live)) { ui_put(y, lx, live_w, "-", 1, selected ? base : theme_attr(R_DIM)); return; }
	if (live_checking(a->live, d)) {
		ui_put(y, lx, live_w, "checking…", strlen("checking…"), selected ? base : theme_attr(R_DIM));
		return;
	}
	const struct check_result *res = live_result(a->live, d->id);
	if (!res) return;
	const char *word = check_status_word(res->status);
	int c = ui_put(y, lx, live_w, word, strlen(word), selected ? base | (int)A_BOLD : theme_attr((enum role)live_role((int)res->status)));
	if (res->status != CHECK_MANUAL)
		ui_put(y, lx + c + 1, live_w - c - 1, res->evidence, strlen(res->evidence), selected ? base : theme_attr(R_DIM));
}

static void draw_head_row(struct app *a, const struct cl_row *row, int y, int w, int selected)
{
	int attr = selected ? theme_attr(R_TREE_FOCUS) : theme_attr(row->kind == ROW_HEAD ? R_H3 : R_MARKER);
	if (selected) ui_fill(y, 0, w, attr);
	char label[300];
	if (row->kind == ROW_HEAD && row->rank >= 0) {
		static const char *const heads[] = { "Required items that fail: fix these first", "Other items that fail",
						     "Required items that warn", "Other items that warn" };
		snprintf(label, sizeof label, "%d. %s", row->rank + 1, heads[row->rank]);
		ui_put(y, 0, w, label, strlen(label), attr);
	} else if (row->kind == ROW_HEAD) {
		size_t done, applicable;
		cl_counts(row->pillar, &done, &applicable);
		snprintf(label, sizeof label, "%s  %zu/%zu ", vocab_label(VOCAB_PILLAR, row->pillar), done, applicable);
		int x = ui_put(y, 0, w, label, strlen(label), attr);
		if (w - x > 12) draw_bar(y, x, 22 < w - x ? 22 : w - x, done, applicable, selected ? attr : theme_attr(R_PASS));
	} else {
		snprintf(label, sizeof label, " %s", cl_page_title(cl.items.v[row->doc].page));
		ui_put(y, 0, w, label, strlen(label), attr);
	}
	(void)a;
}

static void draw_header(struct app *a)
{
	char left[200];
	size_t done, applicable;
	cl_counts(NULL, &done, &applicable);
	snprintf(left, sizeof left, " %s checklist · assessment '%s' · %zu of %zu done ", vocab_label(VOCAB_PARTNER, cl.partner),
		 cl.assessment, done, applicable);
	char *clean = sanitize_line(left, strlen(left));
	int x = ui_put(1, 0, a->cols_n, clean, strlen(clean), theme_attr(R_H2));
	free(clean);
	if (a->cols_n - x > 14) draw_bar(1, x, a->cols_n - x - 1 > 40 ? 40 : a->cols_n - x - 1, done, applicable, theme_attr(R_PASS));
	char filt[300];
	snprintf(filt, sizeof filt, " %sfilters: level %s · state %s · pillar %s · live %s%s%s%s",
		 cl.plan ? "improvement plan · " : "", cl.level_filter ? cl.level_filter : "all",
		 cl.state_filter >= 0 ? state_value_name((enum item_state_value)cl.state_filter) : "all",
		 cl.pillar_filter ? vocab_label(VOCAB_PILLAR, cl.pillar_filter) : "all",
		 cl.live_filter >= 0 ? check_status_name((enum check_status)cl.live_filter) : "all",
		 cl.text_filter[0] ? " · text '" : "", cl.text_filter, cl.text_filter[0] ? "'" : "");
	ui_put(2, 0, a->cols_n, filt, strlen(filt), theme_attr(R_DIM));
}

/* Markdown-escape untrusted text (evidence, notes) into b, one paragraph. */
static void md_text(struct buf *b, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '\n' || *s == '\r') { buf_adds(b, " "); continue; }
		if (strchr("\\`*_{}[]()<>#+-.!|~&", *s)) buf_addc(b, '\\');
		buf_addc(b, *s);
	}
}

/* What the detail pane says of an item, as Markdown: live status and evidence in full, state,
 * note, the requirement, why it matters (in the plan: how to fix it), the history. */
static char *detail_markdown(struct app *a, const struct doc *d)
{
	struct buf b = BUF_INIT;
	buf_addf(&b, "**%s** · %s\n\n*%s · %s · on %s*\n\n", d->id, d->title, vocab_label(VOCAB_LEVEL, d->level),
		 vocab_label(VOCAB_PILLAR, d->pillar), cl_page_title(d->page));
	const struct check_result *res = a->live && live_active(a->live) ? live_result(a->live, d->id) : NULL;
	if (a->live && live_checking(a->live, d)) buf_adds(&b, "**Live:** checking…\n\n");
	else if (res) {
		buf_addf(&b, "**Live: %s** — ", check_status_word(res->status));
		md_text(&b, res->status == CHECK_MANUAL ? "no API can show this; check it by hand" : res->evidence);
		buf_adds(&b, "\n\n");
	}
	const struct item_state *st = cl_state_of(d->id);
	char when[32] = "";
	if (st && st->changed_at) {
		time_t t = (time_t)st->changed_at;
		struct tm tm;
		if (localtime_r(&t, &tm)) strftime(when, sizeof when, " · changed %Y-%m-%d %H:%M", &tm);
	}
	buf_addf(&b, "**State:** %s%s", state_value_name(st ? st->state : ITEM_OPEN), when);
	if (st && st->reason) { buf_adds(&b, " · reason: "); md_text(&b, st->reason); }
	buf_adds(&b, "\n\n**Note:** ");
	if (st && st->note) md_text(&b, st->note);
	else buf_adds(&b, "(none; e writes one)");
	buf_adds(&b, "\n\n");
	struct doc full;
	if (cdb_get(a->db, d->id, &full) == 0) {
		char *lead = full.body ? mdscan_section(full.body, NULL) : NULL;
		char *why = full.body ? mdscan_section(full.body, cl.plan ? "Fix a failure" : "Why it matters") : NULL;
		if (lead) buf_addf(&b, "**Requirement**\n\n%s\n\n", lead);
		if (why) buf_addf(&b, "**%s**\n\n%s\n\n", cl.plan ? "How to fix it" : "Why it matters", why);
		free(lead);
		free(why);
		doc_free(&full);
	}
	struct history_list h = { 0 };
	if (a->state && state_history(a->state, cl.assessment, d->id, &h) == STATE_OK && h.n) {
		buf_adds(&b, "**History**\n\n");
		for (size_t i = h.n; i-- > 0 && h.n - i <= 8;) {
			char t[32] = "";
			time_t at = (time_t)h.v[i].at;
			struct tm tm;
			if (localtime_r(&at, &tm)) strftime(t, sizeof t, "%Y-%m-%d %H:%M", &tm);
			buf_addf(&b, "- %s %s → %s (", t, h.v[i].old_state < 0 ? "open" : state_value_name(h.v[i].old_state),
				 state_value_name(h.v[i].new_state));
			md_text(&b, h.v[i].source);
			buf_adds(&b, h.v[i].undo_of ? ", undo)\n" : ")\n");
		}
	}
	history_list_free(&h);
	return buf_take(&b);
}

static void draw_detail(struct app *a, int y, int x, int h, int w)
{
	const struct doc *d = cl_selected();
	for (int r = 0; r < h; r++) ui_fill(y + r, x, w, A_NORMAL);
	if (!d || h < 1 || w < 20) return;
	if (!det.md || strcmp(det.id, d->id) != 0 || det.width != w || det.serial != cl.serial ||
	    det.live_serial != a->live_serial || det.plan != cl.plan) {
		md_doc_free(det.md);
		char *src = detail_markdown(a, d);
		if (!a->utf8) {
			char *plain = translit_ascii(src, strlen(src));
			free(src);
			src = plain;
		}
		struct md_opts o = { .width = w - 1, .ascii = !a->utf8 };
		det.md = md_render(src, strlen(src), &o);
		free(src);
		snprintf(det.id, sizeof det.id, "%s", d->id);
		det.width = w;
		det.serial = cl.serial;
		det.live_serial = a->live_serial;
		det.plan = cl.plan;
	}
	if (!det.md) return;
	for (int r = 0; r < h && r < (int)det.md->nlines; r++) {
		const struct md_line *l = &det.md->lines[r];
		int col = 0;
		for (size_t s = 0; s < l->nspans && col < w; s++) {
			const struct md_span *sp = &l->spans[s];
			int attr = theme_attr((enum role)sp->role);
			if (sp->attr & MD_ATTR_BOLD) attr |= A_BOLD;
			col += ui_put(y + r, x + col, w - col, l->text + sp->off, sp->len, attr);
		}
	}
}

static const char *prompt_label(void)
{
	switch (ask.kind) {
	case PROMPT_REASON_NA: return "Why is it not applicable? ";
	case PROMPT_REASON_BLOCKED: return "Blocked by (optional): ";
	case PROMPT_NOTE: return "Note: ";
	case PROMPT_FILTER: return "Filter by text: ";
	case PROMPT_EXPORT: return "Export to (.html .md .json .csv): ";
	default: return "";
	}
}

static int selectable(int row, void *ctx)
{
	(void)ctx;
	return cl.rows[row].kind == ROW_ITEM;
}

static void checklist_draw(struct app *a)
{
	ui_title_live(a, NULL);
	if (cl.error[0]) {
		ui_put(2, 1, a->cols_n - 2, cl.error, strlen(cl.error), theme_attr(R_ERROR));
		ui_put(4, 1, a->cols_n - 2, "Nothing was changed. Esc goes back.", 35, theme_attr(R_TEXT));
		ui_status(a, "state database problem", "Esc back");
		return;
	}
	static unsigned rows_live;
	if (rows_live != a->live_serial) {   /* rows that depend on live status follow it */
		rows_live = a->live_serial;
		if (cl.live_filter >= 0 || cl.plan) cl_build_rows(a);
	}
	draw_header(a);
	int top = 3, beside = a->cols_n >= 150;
	int list_w = beside ? a->cols_n * 3 / 5 : a->cols_n;
	int avail = a->rows_n - top - 1;
	int det_h = beside ? avail : avail >= 20 ? avail / 3 : avail >= 12 ? 3 : 2;
	int h = beside ? avail : avail - det_h - 1;
	list_show_above(&cl.cur, h, selectable, NULL);
	if (!cl.nrows)
		ui_put(top + 1, 2, list_w - 4, cl.plan ? "Nothing fails or warns here (i leaves the plan; the filters apply too)."
						      : "No item matches the filters (f, v, p, l, / change them).",
		       cl.plan ? 70 : 56, theme_attr(R_DIM));
	int live_w = live_width(a, list_w);
	for (int r = 0; r < h && cl.cur.top + r < (int)cl.nrows; r++) {
		const struct cl_row *row = &cl.rows[cl.cur.top + r];
		int y = top + r, selected = cl.cur.top + r == cl.cur.sel;
		if (row->kind == ROW_ITEM) draw_item(a, row, y, list_w, live_w, selected);
		else draw_head_row(a, row, y, list_w, selected);
	}
	if (beside) {
		attrset(theme_attr(R_PANE_BORDER));
		mvvline(top, list_w, a->utf8 ? ACS_VLINE : '|', avail);
		attrset(A_NORMAL);
		draw_detail(a, top, list_w + 2, avail, a->cols_n - list_w - 2);
	} else {
		attrset(theme_attr(R_PANE_BORDER));
		mvhline(top + h, 0, a->utf8 ? ACS_HLINE : '-', a->cols_n);
		attrset(A_NORMAL);
		draw_detail(a, top + h + 1, 1, det_h, a->cols_n - 2);
	}
	if (ask.kind != PROMPT_NONE) {
		prompt_draw(&ask.p, a->rows_n - 1, 0, a->cols_n, prompt_label(), theme_attr(R_INPUT));
		return;
	}
	/* the hints give way from the right: the ones a narrow terminal keeps come first */
	ui_status(a, "", "? help  d done  a n/a  x blocked  e note  u undo  Esc back  o open  l live  i plan  "
			 "f v p / filter  t partner  A assessment  m milestones  X export  Enter page");
}

static void set_state(struct app *a, enum item_state_value v, const char *reason, const char *note, int advance)
{
	const struct doc *d = cl_selected();
	if (!d || !a->state) return;
	const struct item_state *cur = cl_state_of(d->id);
	struct state_change ch = { v, reason, note, "tui" };
	if (v != ITEM_NA && v != ITEM_BLOCKED) ch.reason = NULL;
	if (!note && cur) ch.note = NULL;
	char *id = xstrdup(d->id);
	int rc = state_item_set(a->state, cl.assessment, id, &ch, NULL);
	if (rc == STATE_OK) { app_message(a, "%s: %s", id, state_word((int)v)); cl.can_undo = 1; }
	else if (rc == STATE_NONE) app_message(a, "%s is already %s", id, state_word((int)v));
	else app_message(a, "not saved: %s", state_errmsg(a->state));
	cl_reload_states(a);   /* keeps the selection on the item, when the filters still show it */
	/* Marking moves on to the next open item (the setting advance = off keeps the cursor). */
	if (advance && rc == STATE_OK && a->cfg.advance && v != ITEM_OPEN) {
		if (!cl_advance()) app_message(a, "%s: %s · no open item left", id, state_word((int)v));
	}
	free(id);
}

static void start_prompt(enum prompt_kind k, const char *initial)
{
	ask.kind = k;
	prompt_set(&ask.p, initial);
}

/* Edit the note in $EDITOR: the screen is handed over and restored. */
static void edit_in_editor(struct app *a)
{
	const struct doc *d = cl_selected();
	if (!d) return;
	const struct item_state *st = cl_state_of(d->id);
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
	else set_state(a, st ? st->state : ITEM_OPEN, st ? st->reason : NULL, buf_str(&b), 0);
	buf_free(&b);
}

static void accept_prompt(struct app *a)
{
	enum prompt_kind k = ask.kind;
	ask.kind = PROMPT_NONE;
	const char *text = ask.p.text;
	const struct doc *d = cl_selected();
	const struct item_state *st = d ? cl_state_of(d->id) : NULL;
	switch (k) {
	case PROMPT_REASON_NA:
		if (!ask.p.len) { app_message(a, "n/a needs a reason: nothing changed"); return; }
		set_state(a, ITEM_NA, text, NULL, 1);
		break;
	case PROMPT_REASON_BLOCKED: set_state(a, ITEM_BLOCKED, ask.p.len ? text : NULL, NULL, 1); break;
	case PROMPT_NOTE: set_state(a, st ? st->state : ITEM_OPEN, st ? st->reason : NULL, text, 0); break;
	case PROMPT_FILTER: {
		size_t n = ask.p.len < sizeof cl.text_filter - 1 ? ask.p.len : sizeof cl.text_filter - 1;
		while (n && !ui_input_complete(text, n)) n--;
		memcpy(cl.text_filter, text, n);
		cl.text_filter[n] = '\0';
		cl_build_rows(a);
		break;
	}
	case PROMPT_EXPORT: assess_export(a, text); break;
	default: break;
	}
}

/* f v p: the next value of a filter (the last "all"); l: all, fail, warn, unknown. */
static void cycle_filter(struct app *a, int key)
{
	const struct doc *was = cl_selected();
	char *keep = was ? xstrdup(was->id) : NULL;
	if (key == 'f') {
		cl.state_filter = cl.state_filter + 1 >= ITEM_STATE_COUNT ? -1 : cl.state_filter + 1;
	} else if (key == 'l') {
		static const int order[] = { -1, CHECK_FAIL, CHECK_WARN, CHECK_UNKNOWN };
		int i = 0;
		while (i < 4 && order[i] != cl.live_filter) i++;
		cl.live_filter = order[(i + 1) % 4];
		if (!live_active(a->live)) app_message(a, "no live status: start pwaf with --demo, --snapshot FILE or a workspace");
	} else if (key == 'v' || key == 'p') {
		const char **f = key == 'v' ? &cl.level_filter : &cl.pillar_filter;
		const struct vocab_term *t = vocab_terms(key == 'v' ? VOCAB_LEVEL : VOCAB_PILLAR);
		int i = 0;
		while (*f && t[i].id && strcmp(t[i].id, *f) != 0) i++;
		*f = !*f ? t[0].id : t[i].id && t[i + 1].id ? t[i + 1].id : NULL;
	}
	cl_build_rows(a);
	/* the item selected stays selected when the filter keeps it; else the first one shown */
	const struct doc *now = cl_selected();
	if (!now || !keep || strcasecmp(now->id, keep) != 0) list_select_near(&cl.cur, 0, 1, selectable, NULL);
	free(keep);
}

static void undo(struct app *a)
{
	if (!a->state) return;
	struct item_state restored;
	int rc = state_undo(a->state, cl.assessment, "tui", &restored);
	if (rc == STATE_OK) {
		app_message(a, "undone: %s is %s again", restored.item, state_word((int)restored.state));
		item_state_free(&restored);
	} else {
		app_message(a, rc == STATE_NONE ? "nothing to undo" : "undo failed: %s", state_errmsg(a->state));
	}
	cl_reload_states(a);
}

static void prompt_action(struct app *a, enum action act)
{
	if (act == ACT_CLOSE) { ask.kind = PROMPT_NONE; app_message(a, "nothing changed"); }
	else if (act == ACT_ACCEPT) accept_prompt(a);
	else prompt_edit(&ask.p, act);
}

static void checklist_action(struct app *a, enum action act, int key)
{
	if (ask.kind != PROMPT_NONE) { prompt_action(a, act); return; }
	if (cl.error[0]) {
		if (act == ACT_CLOSE || act == ACT_QUIT || act == ACT_BACK) a->screen = a->checklist_ret ? a->checklist_ret : &screen_browse;
		return;
	}
	const struct doc *d = cl_selected();
	int h = a->rows_n - 8;
	if (cl_move(act, h > 1 ? h : 1)) return;
	switch (act) {
	case ACT_CLOSE: case ACT_QUIT: case ACT_BACK: a->screen = a->checklist_ret ? a->checklist_ret : &screen_browse; break;
	case ACT_STATE_DONE: set_state(a, ITEM_DONE, NULL, NULL, 1); break;
	case ACT_STATE_OPEN: set_state(a, ITEM_OPEN, NULL, NULL, 0); break;
	case ACT_STATE_NA: if (d) start_prompt(PROMPT_REASON_NA, NULL); break;
	case ACT_STATE_BLOCKED: if (d) start_prompt(PROMPT_REASON_BLOCKED, NULL); break;
	case ACT_NOTE:
		if (!d) break;
		if (key == 'E') edit_in_editor(a);
		else start_prompt(PROMPT_NOTE, cl_state_of(d->id) && cl_state_of(d->id)->note ? cl_state_of(d->id)->note : "");
		break;
	case ACT_UNDO: undo(a); break;
	case ACT_FILTER:
		if (key == '/') start_prompt(PROMPT_FILTER, cl.text_filter);
		else cycle_filter(a, key);
		break;
	case ACT_LIVE_FILTER: cycle_filter(a, 'l'); break;
	case ACT_PLAN:
		cl.plan = !cl.plan;
		cl_build_rows(a);
		if (!cl_selected()) list_select_near(&cl.cur, 0, 1, selectable, NULL);
		if (cl.plan && !live_active(a->live)) app_message(a, "the plan needs live status: start pwaf with --demo or a workspace");
		break;
	case ACT_PARTNER: assess_pick_partner(a); break;
	case ACT_ASSESSMENT: assess_pick_assessment(a); break;
	case ACT_MILESTONES: assess_milestones(a); break;
	case ACT_EXPORT: start_prompt(PROMPT_EXPORT, assess_export_name()); break;
	case ACT_OPEN: if (d) app_show_doc(a, d->id); break;
	default: break;
	}
}

static void checklist_input(struct app *a, int ch)
{
	(void)a;
	if (ask.kind != PROMPT_NONE) prompt_insert(&ask.p, ch);
}

static enum mode checklist_mode(const struct app *a)
{
	(void)a;
	return ask.kind != PROMPT_NONE ? MODE_FIND : MODE_CHECKLIST;
}

static void checklist_mouse(struct app *a, int y, int x, int button)
{
	(void)x;
	if (button == 4) checklist_action(a, ACT_UP, 0);
	else if (button == 5) checklist_action(a, ACT_DOWN, 0);
	else if (button == 1 && y >= 3 && cl.cur.top + y - 3 < (int)cl.nrows && selectable(cl.cur.top + y - 3, NULL))
		list_select(&cl.cur, cl.cur.top + y - 3);
}

static void checklist_close(struct app *a)
{
	(void)a;
	md_doc_free(det.md);
	det.md = NULL;
	cl_free();
}

const struct screen screen_checklist = {
	.mode = checklist_mode, .draw = checklist_draw, .action = checklist_action, .input = checklist_input,
	.mouse = checklist_mouse, .close = checklist_close,
};
