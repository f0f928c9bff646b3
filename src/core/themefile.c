/* themefile.c - parse theme files: "role = FG BG [attributes]" lines, without curses. */
#include "core/themefile.h"

#include "core/buf.h"
#include "core/errlen.h"
#include "core/readfile.h"
#include "core/sanitize.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Where an error goes: the file, its line (0: the whole file) and the diagnostics. diag_print
 * sanitises what the file says before it reaches the terminal. */
struct where {
	const char *file;
	int line;
	struct diag *d;
};

static int theme_error(const struct where *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int theme_error(const struct where *w, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	diag_add(w->d, w->file, w->line, "%s", tmp);
	return -1;
}

/* A colour word; with_fallback: "N/FALLBACK" is allowed (FALLBACK goes to *c8). */
static int parse_color(const char *w, short *c, short *c8, int with_fallback)
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
	if (!isdigit((unsigned char)w[0])) return -1;
	long v = 0;
	const char *end = w;
	while (isdigit((unsigned char)*end) && v <= 255) v = v * 10 + (*end++ - '0');
	if (v > 255) return -1;
	*c = (short)v;
	*c8 = (short)(v < 8 ? v : v < 16 ? v - 8 : -1);
	if (*end == '/' && with_fallback) {
		/* The fallback is for terminals with 8 colours: default, a name or 0-7 (fuzz_theme found
		 * "15/85" accepted, 85 meaning nothing there). */
		short fallback, ignored;
		if (parse_color(end + 1, &fallback, &ignored, 0) < 0 || fallback > 7) return -1;
		*c8 = fallback;
		return 0;
	}
	return *end ? -1 : 0;
}

static int parse_attr(const char *w, int *a)
{
	static const struct { const char *n; int a; } attrs[] = {
		{ "bold", THEME_BOLD }, { "underline", THEME_UNDERLINE }, { "reverse", THEME_REVERSE },
		{ "dim", THEME_DIM }, { "italic", THEME_ITALIC }, { "normal", 0 },
	};
	for (size_t i = 0; i < sizeof attrs / sizeof *attrs; i++)
		if (strcmp(w, attrs[i].n) == 0) { *a |= attrs[i].a; return 0; }
	return -1;
}

/* One line (NUL-terminated, may be changed). */
static int parse_line(char *line, const struct where *at, const char *const *roles, int nroles,
		      struct theme_style *styles)
{
	char *hash = strchr(line, '#');
	if (hash) *hash = '\0';
	char *eq = strchr(line, '=');
	char name[64];
	if (sscanf(line, " %63[a-z0-9-]", name) != 1) {
		for (const char *p = line; *p; p++)
			if (!isspace((unsigned char)*p))
				return theme_error(at, "expected 'role = FG BG [attributes]'");
		return 0;   /* blank or comment */
	}
	if (!eq) return theme_error(at, "expected 'role = FG BG [attributes]'");
	int r;
	for (r = 0; r < nroles && strcmp(roles[r], name) != 0; r++) ;
	if (r == nroles) return theme_error(at, "unknown role '%s'", name);
	struct theme_style s = { -1, -1, -1, -1, 0 };
	int nword = 0;
	char *save = NULL;
	for (char *w = strtok_r(eq + 1, " \t\r\v\f", &save); w; w = strtok_r(NULL, " \t\r\v\f", &save), nword++) {
		int bad = nword == 0 ? parse_color(w, &s.fg, &s.fg8, 1) : nword == 1 ? parse_color(w, &s.bg, &s.bg8, 1)
										     : parse_attr(w, &s.attrs);
		if (bad) return theme_error(at, "'%.60s' is not a colour or attribute", w);
	}
	if (nword < 2) return theme_error(at, "give a foreground and a background colour");
	styles[r] = s;
	return 0;
}

int themefile_parse(const char *text, size_t len, const char *file, const char *const *roles, int nroles,
		    struct theme_style *styles, struct diag *d)
{
	struct where at = { file, 0, d };
	for (const char *p = text, *end = text + len; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl ? nl : end) - p);
		at.line++;
		if (n > THEMEFILE_MAX_LINE)
			return theme_error(&at, "line longer than %d bytes", THEMEFILE_MAX_LINE);
		if (memchr(p, '\0', n)) return theme_error(&at, "a NUL byte: a theme file is text");
		char line[THEMEFILE_MAX_LINE + 1];
		memcpy(line, p, n);
		line[n] = '\0';
		if (parse_line(line, &at, roles, nroles, styles) < 0) return -1;
		p = nl ? nl + 1 : end;
	}
	return 0;
}

int themefile_load(const char *path, const char *const *roles, int nroles, struct theme_style *styles,
		   struct diag *d)
{
	char why[PWAF_ERRLEN];
	size_t len;
	int missing;
	char *text = readfile_regular(path, THEMEFILE_MAX_BYTES, &len, &missing, why, sizeof why);
	if (!text) {
		if (missing) return 1;
		const struct where at = { path, 0, d };
		return theme_error(&at, "%s", why);
	}
	int rc = themefile_parse(text, len, path, roles, nroles, styles, d);
	free(text);
	return rc;
}
