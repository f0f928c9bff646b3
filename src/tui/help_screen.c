/* help_screen.c - the help overlay, generated from the action table and the live key bindings. */
#include "tui/app.h"

#include "tui/keymap.h"
#include "tui/list.h"
#include "tui/theme.h"
#include "tui/ui.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

static struct {
	const struct screen *ret;      /* the screen help was opened from */
	struct list_cursor cur;        /* lines of help; top is the first shown */
} hp;

/* One line per (mode, action) with keys, what it does and its name (as a config file's bind line
 * takes it); returns the number of lines (drawn when draw is set). */
static int help_lines(struct app *a, int draw, int y0, int h)
{
	static const enum mode modes[] = { MODE_TREE, MODE_PAGE, MODE_SEARCH, MODE_FIND, MODE_CHECKLIST, MODE_PICK, MODE_FLEET };
	static const char *titles[] = { "In the tree (bind tree ...)", "In the page (bind page ...)", "In search (bind search ...)",
					"In a prompt: find, filter, note, name (bind find ...)", "In the checklist (bind checklist ...)",
					"In a chooser: partner type, assessment, milestones, contents (bind pick ...)",
					"On the fleet screen (bind fleet ...)" };
	int line = 0;
	for (size_t m = 0; m < sizeof modes / sizeof *modes; m++) {
		if (line) line++;
		int y = y0 + line - hp.cur.top;
		if (draw && y >= y0 && y < y0 + h) ui_put(y, 2, a->cols_n - 4, titles[m], strlen(titles[m]), theme_attr(R_H2));
		line++;
		for (const struct action_def *d = action_defs(); d->name; d++) {
			char keys[80];
			keymap_keys(modes[m], d->id, keys, sizeof keys);
			if (!keys[0]) continue;
			y = y0 + line - hp.cur.top;
			if (draw && y >= y0 && y < y0 + h) {
				int kw = a->cols_n > 60 ? 22 : 14, nw = a->cols_n >= 90 ? 16 : 0;
				ui_put(y, 4, kw, keys, strlen(keys), theme_attr(R_CODE));
				if (nw) ui_put(y, 4 + kw + 1, nw, d->name, strlen(d->name), theme_attr(R_DIM));
				int x = 4 + kw + 1 + (nw ? nw + 1 : 0);
				int used = ui_put(y, x, a->cols_n - x - 2, d->help, strlen(d->help), theme_attr(R_TEXT));
				if (!nw && x + used + 3 < a->cols_n) {   /* narrow: the name after the text */
					char name[48];
					snprintf(name, sizeof name, " (%s)", d->name);
					ui_put(y, x + used, a->cols_n - x - used - 2, name, strlen(name), theme_attr(R_DIM));
				}
			}
			line++;
		}
	}
	return line;
}

static void help_draw(struct app *a)
{
	ui_title(a, "help");
	int h = a->rows_n - 2;
	for (int r = 0; r < h; r++) ui_fill(1 + r, 0, a->cols_n, A_NORMAL);
	list_set_count(&hp.cur, help_lines(a, 0, 0, 0));
	help_lines(a, 1, 1, h);
	ui_status(a, "~/.config/pwaf/config: bind MODE KEY ACTION, with the action names shown here", "Esc or q close");
}

static void help_action(struct app *a, enum action act, int key)
{
	(void)key;
	int h = a->rows_n - 2;
	list_set_count(&hp.cur, help_lines(a, 0, 0, 0));
	switch (act) {
	case ACT_UP: list_scroll(&hp.cur, -1, h); break;
	case ACT_DOWN: list_scroll(&hp.cur, 1, h); break;
	case ACT_PGUP: list_scroll(&hp.cur, -h, h); break;
	case ACT_PGDN: list_scroll(&hp.cur, h, h); break;
	case ACT_TOP: list_scroll(&hp.cur, -hp.cur.top, h); break;
	case ACT_BOTTOM: list_scroll(&hp.cur, hp.cur.n, h); break;
	case ACT_CLOSE: case ACT_QUIT: case ACT_HELP:
		a->screen = hp.ret ? hp.ret : &screen_browse;
		break;
	default: break;
	}
}

static enum mode help_mode(const struct app *a)
{
	(void)a;
	return MODE_HELP;
}

static void help_input(struct app *a, int ch)
{
	if (ch == 'q' || ch == '?') help_action(a, ACT_CLOSE, ch);
}

void help_open(struct app *a)
{
	hp.ret = a->screen;
	hp.cur = (struct list_cursor){ 0 };
	a->screen = &screen_help;
}

const struct screen screen_help = { .mode = help_mode, .draw = help_draw, .action = help_action, .input = help_input };
