/* pick.c - the chooser screen: partner types, assessments, milestones, a page's contents. */
#include "tui/pick.h"

#include "tui/app.h"
#include "core/buf.h"
#include "tui/list.h"
#include "tui/prompt.h"
#include "core/sanitize.h"
#include "tui/theme.h"
#include "tui/ui.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

struct entry {
	char *label, *right, *id;
};

static struct {
	const struct pick_spec *spec;
	const struct screen *ret;      /* the screen the chooser was opened from */
	struct entry *v;
	size_t n;
	struct list_cursor cur;
	int naming;                    /* asking for a new name (MODE_FIND) */
	struct prompt name;
} pk;

void pick_clear(void)
{
	for (size_t i = 0; i < pk.n; i++) {
		free(pk.v[i].label);
		free(pk.v[i].right);
		free(pk.v[i].id);
	}
	free(pk.v);
	pk.v = NULL;
	pk.n = 0;
}

void pick_add(const char *label, const char *right, const char *id)
{
	pk.v = xrealloc(pk.v, (pk.n + 1) * sizeof *pk.v);
	pk.v[pk.n].label = sanitize_line(label, strlen(label));
	pk.v[pk.n].right = right ? sanitize_line(right, strlen(right)) : NULL;
	pk.v[pk.n].id = id ? xstrdup(id) : NULL;
	pk.n++;
}

int pick_count(void)
{
	return (int)pk.n;
}

void pick_open(struct app *a, const struct pick_spec *spec, int select)
{
	pk.spec = spec;
	if (a->screen != &screen_pick) pk.ret = a->screen;
	pk.cur = (struct list_cursor){ 0 };
	list_set_count(&pk.cur, (int)pk.n);
	list_select(&pk.cur, select);
	pk.naming = 0;
	a->screen = &screen_pick;
}

static void pick_draw(struct app *a)
{
	ui_title_live(a, NULL);
	ui_put(1, 1, a->cols_n - 2, pk.spec->title, strlen(pk.spec->title), theme_attr(R_H2));
	int top = 3, h = a->rows_n - top - 1;
	list_show(&pk.cur, h);
	if (!pk.n) ui_put(top, 3, a->cols_n - 4, "(none yet)", 10, theme_attr(R_DIM));
	for (int r = 0; r < h && pk.cur.top + r < (int)pk.n; r++) {
		int i = pk.cur.top + r, y = top + r, sel = i == pk.cur.sel;
		int attr = sel ? theme_attr(R_TREE_FOCUS) : theme_attr(R_TEXT);
		if (sel) ui_fill(y, 0, a->cols_n, attr);
		int rw = pk.v[i].right ? ui_width(pk.v[i].right) : 0;
		if (rw > a->cols_n / 2) rw = a->cols_n / 2;
		ui_put(y, 2, a->cols_n - 4 - (rw ? rw + 2 : 0), pk.v[i].label, strlen(pk.v[i].label), attr);
		if (rw) ui_put(y, a->cols_n - rw - 2, rw, pk.v[i].right, strlen(pk.v[i].right), sel ? attr : theme_attr(R_DIM));
	}
	if (pk.naming) {
		prompt_draw(&pk.name, a->rows_n - 1, 0, a->cols_n, pk.spec->create_label, theme_attr(R_INPUT));
		return;
	}
	ui_status(a, "", pk.spec->hints ? pk.spec->hints : "Enter choose  Esc back");
}

static void pick_action(struct app *a, enum action act, int key)
{
	(void)key;
	if (pk.naming) {
		if (act == ACT_CLOSE) { pk.naming = 0; app_message(a, "nothing created"); }
		else if (act == ACT_ACCEPT) {
			pk.naming = 0;
			if (!pk.name.len) { app_message(a, "a name is needed: nothing created"); return; }
			char *name = xstrdup(pk.name.text);
			a->screen = pk.ret;
			pk.spec->create(a, name);
			free(name);
		} else {
			prompt_edit(&pk.name, act);
		}
		return;
	}
	if (list_act(&pk.cur, act, a->rows_n - 4)) return;
	switch (act) {
	case ACT_CLOSE: a->screen = pk.ret; break;
	case ACT_NEW:
		if (!pk.spec->create) break;
		pk.naming = 1;
		prompt_set(&pk.name, NULL);
		break;
	case ACT_ACCEPT:
		if (!pk.n) break;
		{
			int i = pk.cur.sel;
			char *id = pk.v[i].id ? xstrdup(pk.v[i].id) : NULL;   /* accept may clear the list */
			a->screen = pk.ret;
			if (pk.spec->accept) pk.spec->accept(a, i, id);
			free(id);
		}
		break;
	default: break;
	}
}

static void pick_input(struct app *a, int ch)
{
	if (pk.naming) { prompt_insert(&pk.name, ch); return; }
	if (ch == 'q') pick_action(a, ACT_CLOSE, ch);
}

static void pick_mouse(struct app *a, int y, int x, int button)
{
	(void)x;
	if (pk.naming) return;
	if (button == 4) list_move(&pk.cur, -1);
	else if (button == 5) list_move(&pk.cur, 1);
	else if (button == 1 && y >= 3 && pk.cur.top + y - 3 < (int)pk.n) {
		list_select(&pk.cur, pk.cur.top + y - 3);
		pick_action(a, ACT_ACCEPT, 0);
	}
}

static enum mode pick_mode(const struct app *a)
{
	(void)a;
	return pk.naming ? MODE_FIND : MODE_PICK;
}

static void pick_close(struct app *a)
{
	(void)a;
	pick_clear();
}

const struct screen screen_pick = {
	.mode = pick_mode, .draw = pick_draw, .action = pick_action, .input = pick_input, .mouse = pick_mouse,
	.close = pick_close,
};
