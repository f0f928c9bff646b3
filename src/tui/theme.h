/* theme.h - colour roles: a table of named roles, loaded from theme files, applied as curses attributes. */
#ifndef PWAF_THEME_H
#define PWAF_THEME_H

#include "core/diag.h"

#include <stddef.h>

enum role {
	R_TEXT, R_H1, R_H2, R_H3, R_H4, R_EMPH, R_STRONG, R_CODE, R_CODEBLOCK, R_LINK, R_QUOTE,
	R_MARKER, R_BORDER, R_TH, R_IMAGE,            /* the renderer's roles, same order as md_role */
	R_LINK_SELECTED, R_MATCH, R_TREE, R_TREE_GROUP, R_TREE_SELECTED, R_TREE_FOCUS, R_TITLE,
	R_STATUS, R_STATUS_KEY, R_MESSAGE, R_INPUT, R_DIM, R_PANE_BORDER,
	R_REQUIRED, R_RECOMMENDED, R_ANTIPATTERN,
	R_PASS, R_FAIL, R_WARN, R_MANUAL, R_UNKNOWN, R_ERROR,
	R_COUNT
};

/* Role names as written in theme files ("h1", "tree-selected", ...). */
const char *theme_role_name(enum role r);

/*
 * Load theme NAME: a file NAME.theme from $XDG_CONFIG_HOME/pwaf/themes, the installed data
 * directory, or the source tree; "dark" also works with no file (built in). Lines are
 * "role = FG BG [bold] [underline] [reverse] [italic] [dim]"; colours are default, black, red,
 * green, yellow, blue, magenta, cyan, white, bright-*, or 0-255 written "N/FALLBACK" so 8-colour
 * terminals get FALLBACK (default, a name or 0-7). The file must be a regular file (a FIFO is refused
 * without blocking). Returns 0, or -1 with the error added to d: at file:line for what a theme file
 * says, at "pwaf" for a bad or unknown name.
 */
int theme_load(const char *name, struct diag *d);

/* Start colours (after initscr). no_color: NO_COLOR set or a monochrome theme — attributes only. */
void theme_apply(int no_color);

/* The curses attribute (colour pair | attributes) of a role. */
int theme_attr(enum role r);

/* Names of the themes found, for the help screen and errors (static). */
const char *theme_names(void);

#endif
