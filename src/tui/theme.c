/* theme.c - colour roles loaded from theme files and applied as curses colour pairs. */
#include "theme.h"

#include "buf.h"

#include <ctype.h>
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct role_style {
	short fg, bg;        /* -1 = terminal default */
	short fg8, bg8;      /* for terminals with 8 colours */
	int attrs;           /* A_BOLD | A_UNDERLINE | ... */
};

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
static const struct role_style dark[R_COUNT] = {
	[R_TEXT] = S(-1, -1, 0), [R_H1] = S(COLOR_CYAN, -1, A_BOLD), [R_H2] = S(COLOR_CYAN, -1, A_BOLD),
	[R_H3] = S(COLOR_BLUE, -1, A_BOLD), [R_H4] = S(-1, -1, A_BOLD), [R_EMPH] = S(-1, -1, 0),
	[R_STRONG] = S(-1, -1, A_BOLD), [R_CODE] = S(COLOR_YELLOW, -1, 0),
	[R_CODEBLOCK] = S(COLOR_YELLOW, -1, 0), [R_LINK] = S(COLOR_BLUE, -1, A_UNDERLINE),
	[R_QUOTE] = S(COLOR_WHITE, -1, 0), [R_MARKER] = S(COLOR_MAGENTA, -1, A_BOLD),
	[R_BORDER] = S(COLOR_WHITE, -1, 0), [R_TH] = S(-1, -1, A_BOLD), [R_IMAGE] = S(COLOR_MAGENTA, -1, 0),
	[R_LINK_SELECTED] = S(COLOR_BLACK, COLOR_CYAN, A_BOLD), [R_MATCH] = S(COLOR_BLACK, COLOR_YELLOW, 0),
	[R_TREE] = S(-1, -1, 0), [R_TREE_GROUP] = S(COLOR_CYAN, -1, A_BOLD),
	[R_TREE_SELECTED] = S(-1, -1, A_REVERSE), [R_TREE_FOCUS] = S(COLOR_BLACK, COLOR_CYAN, 0),
	[R_TITLE] = S(COLOR_BLACK, COLOR_CYAN, A_BOLD), [R_STATUS] = S(COLOR_BLACK, COLOR_WHITE, 0),
	[R_STATUS_KEY] = S(COLOR_BLACK, COLOR_WHITE, A_BOLD), [R_MESSAGE] = S(COLOR_YELLOW, -1, A_BOLD),
	[R_INPUT] = S(-1, -1, A_BOLD), [R_DIM] = S(COLOR_WHITE, -1, A_DIM), [R_PANE_BORDER] = S(COLOR_WHITE, -1, 0),
	[R_REQUIRED] = S(COLOR_CYAN, -1, A_BOLD), [R_RECOMMENDED] = S(COLOR_GREEN, -1, 0),
	[R_ANTIPATTERN] = S(COLOR_MAGENTA, -1, A_BOLD),
	[R_PASS] = S(COLOR_GREEN, -1, A_BOLD), [R_FAIL] = S(COLOR_RED, -1, A_BOLD),
	[R_WARN] = S(COLOR_YELLOW, -1, A_BOLD), [R_MANUAL] = S(-1, -1, 0),
	[R_UNKNOWN] = S(COLOR_MAGENTA, -1, 0), [R_ERROR] = S(COLOR_RED, -1, A_REVERSE),
};
#undef S

static struct role_style styles[R_COUNT];
static int active_attr[R_COUNT];

const char *theme_role_name(enum role r)
{
	return r < R_COUNT ? role_names[r] : "?";
}

static int parse_color(const char *w, short *c, short *c8)
{
	static const char *names[] = { "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white" };
	if (strcmp(w, "default") == 0) { *c = *c8 = -1; return 0; }
	int bright = strncmp(w, "bright-", 7) == 0;
	const char *n = bright ? w + 7 : w;
	for (short i = 0; i < 8; i++)
		if (strcmp(n, names[i]) == 0) {
			*c = (short)(i + (bright ? 8 : 0));
			*c8 = i;
			return 0;
		}
	if (isdigit((unsigned char)w[0])) {
		char *end;
		long v = strtol(w, &end, 10);
		if (v < 0 || v > 255) return -1;
		*c = (short)v;
		*c8 = (short)(v < 8 ? v : v < 16 ? v - 8 : -1);
		if (*end == '/') {
			short dummy;
			return parse_color(end + 1, c8, &dummy);
		}
		return *end ? -1 : 0;
	}
	return -1;
}

static int parse_attr(const char *w, int *a)
{
	static const struct { const char *n; int a; } attrs[] = {
		{ "bold", A_BOLD }, { "underline", A_UNDERLINE }, { "reverse", A_REVERSE },
		{ "dim", A_DIM }, { "italic", A_ITALIC }, { "normal", 0 },
	};
	for (size_t i = 0; i < sizeof attrs / sizeof *attrs; i++)
		if (strcmp(w, attrs[i].n) == 0) { *a |= attrs[i].a; return 0; }
	return -1;
}

static int parse_line(char *line, const char *file, int lineno, char *err, size_t errlen)
{
	char *hash = strchr(line, '#');
	if (hash) *hash = '\0';
	char *eq = strchr(line, '=');
	char name[64];
	if (sscanf(line, " %63[a-z0-9-]", name) != 1) return 0;   /* blank or comment */
	if (!eq) { snprintf(err, errlen, "%s:%d: expected 'role = FG BG [attributes]'", file, lineno); return -1; }
	int r;
	for (r = 0; r < R_COUNT && strcmp(role_names[r], name) != 0; r++) ;
	if (r == R_COUNT) { snprintf(err, errlen, "%s:%d: unknown role '%s'", file, lineno, name); return -1; }
	struct role_style s = { -1, -1, -1, -1, 0 };
	int nword = 0;
	for (char *w = strtok(eq + 1, " \t\r\n"); w; w = strtok(NULL, " \t\r\n"), nword++) {
		int bad = nword == 0 ? parse_color(w, &s.fg, &s.fg8) : nword == 1 ? parse_color(w, &s.bg, &s.bg8)
										  : parse_attr(w, &s.attrs);
		if (bad) { snprintf(err, errlen, "%s:%d: '%s' is not a colour or attribute", file, lineno, w); return -1; }
	}
	if (nword < 2) { snprintf(err, errlen, "%s:%d: give a foreground and a background colour", file, lineno); return -1; }
	styles[r] = s;
	return 0;
}

static FILE *open_theme(const char *name, struct buf *path)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	struct buf dirs[3] = { BUF_INIT, BUF_INIT, BUF_INIT };
	if (xdg && *xdg) buf_addf(&dirs[0], "%s/pwaf/themes", xdg);
	else if (home) buf_addf(&dirs[0], "%s/.config/pwaf/themes", home);
	buf_addf(&dirs[1], "%s/themes", PWAF_DATADIR);
	buf_addf(&dirs[2], "%s/themes", PWAF_SRCDIR);
	FILE *f = NULL;
	for (int i = 0; i < 3 && !f; i++) {
		buf_reset(path);
		buf_addf(path, "%s/%s.theme", buf_str(&dirs[i]), name);
		f = fopen(buf_str(path), "r");
	}
	for (int i = 0; i < 3; i++) buf_free(&dirs[i]);
	return f;
}

int theme_load(const char *name, char *err, size_t errlen)
{
	memcpy(styles, dark, sizeof styles);
	if (strchr(name, '/') || strchr(name, '.')) {
		snprintf(err, errlen, "theme name '%s' may not hold '/' or '.'", name);
		return -1;
	}
	struct buf path = BUF_INIT;
	FILE *f = open_theme(name, &path);
	if (!f) {
		buf_free(&path);
		if (strcmp(name, "dark") == 0) return 0;
		snprintf(err, errlen, "unknown theme '%s' (themes: %s)", name, theme_names());
		return -1;
	}
	char line[512];
	int lineno = 0, rc = 0;
	while (rc == 0 && fgets(line, sizeof line, f)) rc = parse_line(line, buf_str(&path), ++lineno, err, errlen);
	fclose(f);
	buf_free(&path);
	return rc;
}

void theme_apply(int no_color)
{
	int colors = !no_color && has_colors();
	if (colors) {
		start_color();
		use_default_colors();
	}
	for (int r = 0; r < R_COUNT; r++) {
		int a = styles[r].attrs;
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
