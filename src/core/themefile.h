/* themefile.h - parse theme files (colour roles) without curses, so the parser can be tested and fuzzed. */
#ifndef PWAF_THEMEFILE_H
#define PWAF_THEMEFILE_H

#include "core/diag.h"

#include <stddef.h>

/* Attributes a role may carry; src/tui/theme.c maps them to curses attributes. */
enum { THEME_BOLD = 1, THEME_UNDERLINE = 2, THEME_REVERSE = 4, THEME_DIM = 8, THEME_ITALIC = 16 };

struct theme_style {
	short fg, bg;        /* -1 = terminal default, 0-7 the ANSI colours (as curses numbers them), 8-255 */
	short fg8, bg8;      /* for terminals with 8 colours (-1, 0-7) */
	int attrs;           /* THEME_* */
};

#define THEMEFILE_MAX_BYTES (64 * 1024)
#define THEMEFILE_MAX_LINE 1000

/*
 * Parse theme text (len bytes; file names it in messages). Lines are "# comment" or
 * "role = FG BG [bold] [underline] [reverse] [italic] [dim] [normal]"; colours are default,
 * black, red, green, yellow, blue, magenta, cyan, white, bright-*, or 0-255 written "N/FALLBACK"
 * so 8-colour terminals get FALLBACK (default, one of the eight names, or 0-7). roles[0..nroles) are the role names; each role named in
 * the text replaces styles[role]; other entries are left alone. Returns 0, or -1 after adding
 * the first error to d at file:line (diag_print sanitises what the file says).
 */
int themefile_parse(const char *text, size_t len, const char *file, const char *const *roles, int nroles,
		    struct theme_style *styles, struct diag *d);

/*
 * Read and parse the theme file at path: a regular file of at most THEMEFILE_MAX_BYTES (a FIFO,
 * a directory or a device is refused without blocking). Returns 0, 1 when there is no such file
 * (nothing changed), or -1 with the error added to d.
 */
int themefile_load(const char *path, const char *const *roles, int nroles, struct theme_style *styles,
		   struct diag *d);

#endif
