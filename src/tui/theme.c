/* theme.c - colour roles loaded from theme files (parsed by src/core/themefile.c) and applied as curses colour pairs. */
#include "tui/theme.h"

#include "core/buf.h"
#include "core/sanitize.h"
#include "core/themefile.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *role_names[R_COUNT] = {
	"text", "h1", "h2", "h3", "h4", "emph", "strong", "code", "codeblock", "link", "quote",
	"marker", "border", "th", "image",
	"link-selected", "match", "tree", "tree-group", "tree-selected", "tree-focus", "title",
	"status", "status-key", "message", "input", "dim", "pane-border",
	"required", "recommended", "anti-pattern",
	"pass", "fail", "warn", "manual", "unknown", "error",
};

/* The built-in dark theme, also the base every theme file starts from. */
#define S(fg, bg, a) { fg, bg, fg, bg, a }
static const struct theme_style dark[R_COUNT] = {
	[R_TEXT] = S(-1, -1, 0), [R_H1] = S(COLOR_CYAN, -1, THEME_BOLD), [R_H2] = S(COLOR_CYAN, -1, THEME_BOLD),
	[R_H3] = S(COLOR_BLUE, -1, THEME_BOLD), [R_H4] = S(-1, -1, THEME_BOLD), [R_EMPH] = S(-1, -1, 0),
	[R_STRONG] = S(-1, -1, THEME_BOLD), [R_CODE] = S(COLOR_YELLOW, -1, 0),
	[R_CODEBLOCK] = S(COLOR_YELLOW, -1, 0), [R_LINK] = S(COLOR_BLUE, -1, THEME_UNDERLINE),
	[R_QUOTE] = S(COLOR_WHITE, -1, 0), [R_MARKER] = S(COLOR_MAGENTA, -1, THEME_BOLD),
	[R_BORDER] = S(COLOR_WHITE, -1, 0), [R_TH] = S(-1, -1, THEME_BOLD), [R_IMAGE] = S(COLOR_MAGENTA, -1, 0),
	[R_LINK_SELECTED] = S(COLOR_BLACK, COLOR_CYAN, THEME_BOLD), [R_MATCH] = S(COLOR_BLACK, COLOR_YELLOW, 0),
	[R_TREE] = S(-1, -1, 0), [R_TREE_GROUP] = S(COLOR_CYAN, -1, THEME_BOLD),
	[R_TREE_SELECTED] = S(-1, -1, THEME_REVERSE), [R_TREE_FOCUS] = S(COLOR_BLACK, COLOR_CYAN, 0),
	[R_TITLE] = S(COLOR_BLACK, COLOR_CYAN, THEME_BOLD), [R_STATUS] = S(COLOR_BLACK, COLOR_WHITE, 0),
	[R_STATUS_KEY] = S(COLOR_BLACK, COLOR_WHITE, THEME_BOLD), [R_MESSAGE] = S(COLOR_YELLOW, -1, THEME_BOLD),
	[R_INPUT] = S(-1, -1, THEME_BOLD), [R_DIM] = S(COLOR_WHITE, -1, THEME_DIM), [R_PANE_BORDER] = S(COLOR_WHITE, -1, 0),
	[R_REQUIRED] = S(COLOR_CYAN, -1, THEME_BOLD), [R_RECOMMENDED] = S(COLOR_GREEN, -1, 0),
	[R_ANTIPATTERN] = S(COLOR_MAGENTA, -1, THEME_BOLD),
	[R_PASS] = S(COLOR_GREEN, -1, THEME_BOLD), [R_FAIL] = S(COLOR_RED, -1, THEME_BOLD),
	[R_WARN] = S(COLOR_YELLOW, -1, THEME_BOLD), [R_MANUAL] = S(-1, -1, 0),
	[R_UNKNOWN] = S(COLOR_MAGENTA, -1, 0), [R_ERROR] = S(COLOR_RED, -1, THEME_REVERSE),
};
#undef S

static struct theme_style styles[R_COUNT];
static int active_attr[R_COUNT];

const char *theme_role_name(enum role r)
{
	return r < R_COUNT ? role_names[r] : "?";
}

/* Load the first NAME.theme found in the user's, the installed and the source theme directories. */
int theme_load(const char *name, struct diag *d)
{
	memcpy(styles, dark, sizeof styles);
	if (strchr(name, '/') || strchr(name, '.') || !*name) {
		diag_add(d, "pwaf", 0, "theme name '%.80s' may not be empty or hold '/' or '.'", name);
		return -1;
	}
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	struct buf dirs[3] = { BUF_INIT, BUF_INIT, BUF_INIT };
	if (xdg && *xdg) buf_addf(&dirs[0], "%s/pwaf/themes", xdg);
	else if (home) buf_addf(&dirs[0], "%s/.config/pwaf/themes", home);
	buf_addf(&dirs[1], "%s/themes", PWAF_DATADIR);
	buf_addf(&dirs[2], "%s/themes", PWAF_SRCDIR);
	int rc = 1;
	for (int i = 0; i < 3 && rc == 1; i++) {
		if (!dirs[i].len) continue;
		struct buf path = BUF_INIT;
		buf_addf(&path, "%s/%s.theme", buf_str(&dirs[i]), name);
		rc = themefile_load(buf_str(&path), role_names, R_COUNT, styles, d);
		buf_free(&path);
	}
	for (int i = 0; i < 3; i++) buf_free(&dirs[i]);
	if (rc == 1 && strcmp(name, "dark") != 0) {
		diag_add(d, "pwaf", 0, "unknown theme '%.80s' (themes: %s)", name, theme_names());
		return -1;
	}
	if (rc < 0) memcpy(styles, dark, sizeof styles);
	return rc < 0 ? -1 : 0;
}

/* Curses attributes of THEME_* flags. */
static int curses_attrs(int a)
{
	return (a & THEME_BOLD ? A_BOLD : 0) | (a & THEME_UNDERLINE ? A_UNDERLINE : 0) |
	       (a & THEME_REVERSE ? A_REVERSE : 0) | (a & THEME_DIM ? A_DIM : 0) | (a & THEME_ITALIC ? A_ITALIC : 0);
}

void theme_apply(int no_color)
{
	int colors = !no_color && has_colors();
	if (colors) {
		start_color();
		use_default_colors();
	}
	for (int r = 0; r < R_COUNT; r++) {
		int a = curses_attrs(styles[r].attrs);
		if (colors) {
			short fg = COLORS >= 16 ? styles[r].fg : styles[r].fg8;
			short bg = COLORS >= 16 ? styles[r].bg : styles[r].bg8;
			if (fg >= COLORS) fg = -1;
			if (bg >= COLORS) bg = -1;
			init_pair((short)(r + 1), fg, bg);
			a |= COLOR_PAIR(r + 1);
		} else if (styles[r].bg >= 0 && styles[r].bg != COLOR_BLACK && !(a & A_REVERSE)) {
			/* Without colour, a role that stood out by its background stands out reversed. */
			a |= A_REVERSE;
		}
		active_attr[r] = a;
	}
}

int theme_attr(enum role r)
{
	return active_attr[r];
}

const char *theme_names(void)
{
	return "dark, light, projector, monochrome";
}
