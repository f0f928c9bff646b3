/* actions.c - the action table: the one place that names actions, their help and default keys. */
#include "actions.h"

#include <string.h>

#define NAV (M(MODE_TREE) | M(MODE_PAGE) | M(MODE_CHECKLIST))
#define LISTS (M(MODE_TREE) | M(MODE_PAGE) | M(MODE_SEARCH) | M(MODE_HELP) | M(MODE_CHECKLIST))
#define PROMPTS (M(MODE_SEARCH) | M(MODE_FIND))

static const struct action_def defs[] = {
	{ ACT_HELP, "help", "show this help", NAV, "? F1" },
	{ ACT_QUIT, "quit", "quit pwaf", NAV, "q" },
	{ ACT_UP, "up", "move up", LISTS, "k Up" },
	{ ACT_DOWN, "down", "move down", LISTS, "j Down" },
	{ ACT_PGUP, "page-up", "one screen up", LISTS, "PgUp C-b b" },
	{ ACT_PGDN, "page-down", "one screen down", LISTS, "PgDn C-f Space" },
	{ ACT_TOP, "top", "go to the top", LISTS, "g Home" },
	{ ACT_BOTTOM, "bottom", "go to the bottom", LISTS, "G End" },
	{ ACT_SCROLL_LEFT, "scroll-left", "scroll wide code blocks left", M(MODE_PAGE), "Left <" },
	{ ACT_SCROLL_RIGHT, "scroll-right", "scroll wide code blocks right", M(MODE_PAGE), "Right >" },
	{ ACT_FOCUS, "focus", "switch between the tree and the page", M(MODE_TREE) | M(MODE_PAGE), "Tab BTab" },
	{ ACT_OPEN, "open", "open the selected entry, or follow the selected link", M(MODE_TREE) | M(MODE_PAGE) | M(MODE_CHECKLIST), "Enter" },
	{ ACT_EXPAND, "expand", "expand the entry", M(MODE_TREE), "l Right +" },
	{ ACT_COLLAPSE, "collapse", "collapse the entry, or go to its parent", M(MODE_TREE), "h Left -" },
	{ ACT_BACK, "back", "back to the previous page", M(MODE_PAGE) | M(MODE_TREE), "Backspace h" },
	{ ACT_FORWARD, "forward", "forward again", M(MODE_PAGE), "l" },
	{ ACT_FIND, "find", "find text in this page", M(MODE_PAGE) | M(MODE_TREE), "/" },
	{ ACT_FIND_NEXT, "find-next", "next match", M(MODE_PAGE), "n" },
	{ ACT_FIND_PREV, "find-prev", "previous match", M(MODE_PAGE), "N" },
	{ ACT_SEARCH, "search", "search all pages and items", NAV, "s C-k" },
	{ ACT_NEXT_LINK, "next-link", "select the next link", M(MODE_PAGE), "] J" },
	{ ACT_PREV_LINK, "prev-link", "select the previous link", M(MODE_PAGE), "[ K" },
	{ ACT_WORKSHOP, "workshop", "workshop mode: hide the tree, centre the page", NAV, "w" },
	{ ACT_NEXT_PAGE, "next-page", "workshop: next page of this partner type", M(MODE_PAGE), "." },
	{ ACT_PREV_PAGE, "prev-page", "workshop: previous page", M(MODE_PAGE), "," },
	{ ACT_CHECKLIST, "checklist", "the checklist of this partner type", NAV, "c" },
	{ ACT_REFRESH, "refresh", "refresh live status", NAV, "r" },
	{ ACT_REDRAW, "redraw", "redraw the screen", NAV, "C-l" },
	{ ACT_STATE_DONE, "mark-done", "mark the item done", M(MODE_CHECKLIST), "d" },
	{ ACT_STATE_NA, "mark-na", "mark the item not applicable (asks why)", M(MODE_CHECKLIST), "a" },
	{ ACT_STATE_BLOCKED, "mark-blocked", "mark the item blocked", M(MODE_CHECKLIST), "x" },
	{ ACT_STATE_OPEN, "mark-open", "mark the item open again", M(MODE_CHECKLIST), "o" },
	{ ACT_NOTE, "note", "edit the item's note ($EDITOR with E)", M(MODE_CHECKLIST), "e E" },
	{ ACT_UNDO, "undo", "undo the last change", M(MODE_CHECKLIST), "u" },
	{ ACT_FILTER, "filter", "filter: f state, v level, p pillar, t partner type, / text", M(MODE_CHECKLIST), "f v p t /" },
	{ ACT_ACCEPT, "accept", "open the selected result", M(MODE_SEARCH) | M(MODE_FIND), "Enter" },
	{ ACT_CLOSE, "close", "close this view", PROMPTS | M(MODE_HELP) | M(MODE_CHECKLIST), "Esc" },
	{ ACT_DELETE, "delete", "delete a character", PROMPTS, "Backspace" },
	{ ACT_NONE, NULL, NULL, 0, NULL }
};

static const char *mode_names[MODE_COUNT] = { "tree", "page", "search", "find", "help", "checklist" };

const struct action_def *action_defs(void)
{
	return defs;
}

const struct action_def *action_by_name(const char *name)
{
	for (const struct action_def *a = defs; a->name; a++)
		if (strcmp(a->name, name) == 0) return a;
	return NULL;
}

const char *mode_name(enum mode m)
{
	return m < MODE_COUNT ? mode_names[m] : "?";
}

int mode_by_name(const char *name)
{
	for (int m = 0; m < MODE_COUNT; m++)
		if (strcmp(mode_names[m], name) == 0) return m;
	return -1;
}
