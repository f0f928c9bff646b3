/* actions.c - the action table: the one place that names actions, their help and default keys. */
#include "tui/actions.h"

#include <string.h>

#define NAV (M(MODE_TREE) | M(MODE_PAGE) | M(MODE_CHECKLIST))
#define LISTS (M(MODE_TREE) | M(MODE_PAGE) | M(MODE_SEARCH) | M(MODE_HELP) | M(MODE_CHECKLIST) | M(MODE_PICK) | FL)
#define ENDS (LISTS & ~M(MODE_SEARCH))   /* Home and End edit the search prompt */
#define PROMPTS (M(MODE_SEARCH) | M(MODE_FIND))
#define CL M(MODE_CHECKLIST)
#define FL M(MODE_FLEET)

static const struct action_def defs[] = {
	{ ACT_HELP, "help", "show this help", NAV | FL, "? F1" },
	{ ACT_QUIT, "quit", "quit pwaf", NAV | FL, "q" },
	{ ACT_UP, "up", "move up", LISTS, "k Up" },
	{ ACT_DOWN, "down", "move down", LISTS, "j Down" },
	{ ACT_PGUP, "page-up", "one screen up", LISTS, "PgUp C-b b" },
	{ ACT_PGDN, "page-down", "one screen down", LISTS, "PgDn C-f Space" },
	{ ACT_TOP, "top", "go to the top", ENDS, "g Home" },
	{ ACT_BOTTOM, "bottom", "go to the bottom", ENDS, "G End" },
	{ ACT_SCROLL_LEFT, "scroll-left", "scroll wide code blocks left", M(MODE_PAGE), "Left <" },
	{ ACT_SCROLL_RIGHT, "scroll-right", "scroll wide code blocks right", M(MODE_PAGE), "Right >" },
	{ ACT_FOCUS, "focus", "switch between the tree and the page", M(MODE_TREE) | M(MODE_PAGE), "Tab BTab" },
	{ ACT_OPEN, "open", "open the selected entry, or follow the selected link", M(MODE_TREE) | M(MODE_PAGE) | CL | FL, "Enter" },
	{ ACT_EXPAND, "expand", "expand the entry", M(MODE_TREE), "l Right +" },
	{ ACT_COLLAPSE, "collapse", "collapse the entry, or go to its parent", M(MODE_TREE), "h Left -" },
	{ ACT_BACK, "back", "back to the previous page, or where the checklist was opened from", M(MODE_PAGE) | M(MODE_TREE) | CL, "Backspace h" },
	{ ACT_FORWARD, "forward", "forward again", M(MODE_PAGE), "l" },
	{ ACT_TREE_FILTER, "filter-tree", "filter the tree as you type (Esc clears)", M(MODE_TREE), "/" },
	{ ACT_FIND, "find", "find text in this page", M(MODE_PAGE), "/" },
	{ ACT_FIND_NEXT, "find-next", "next match", M(MODE_PAGE), "n" },
	{ ACT_FIND_PREV, "find-prev", "previous match", M(MODE_PAGE), "N" },
	{ ACT_SEARCH, "search", "search all pages and items", NAV | FL, "s C-k" },
	{ ACT_NEXT_LINK, "next-link", "select the next link", M(MODE_PAGE), "] J" },
	{ ACT_PREV_LINK, "prev-link", "select the previous link", M(MODE_PAGE), "[ K" },
	{ ACT_TOC, "contents", "the page's contents: jump to a heading", M(MODE_PAGE), "t" },
	{ ACT_COPY_LINK, "copy-link", "copy the selected link (or the page's source) to the clipboard", M(MODE_PAGE), "y" },
	{ ACT_OPEN_LINK, "open-link", "open the selected link (or the page's source) in the browser", M(MODE_PAGE), "o" },
	{ ACT_TREE_TOGGLE, "toggle-tree", "hide or show the tree", M(MODE_TREE) | M(MODE_PAGE), "T" },
	{ ACT_WORKSHOP, "workshop", "workshop mode: hide the tree, centre the page", NAV, "w" },
	{ ACT_NEXT_PAGE, "next-page", "workshop: next page of this partner type", M(MODE_PAGE), "." },
	{ ACT_PREV_PAGE, "prev-page", "workshop: previous page", M(MODE_PAGE), "," },
	{ ACT_CHECKLIST, "checklist", "the checklist of this partner type", NAV, "c" },
	{ ACT_REFRESH, "refresh", "refresh live status", NAV, "r" },
	{ ACT_FLEET, "fleet", "the fleet screen: every workspace of --fleet-dir, Enter opens one", NAV | M(MODE_HELP) | FL, "F" },
	{ ACT_REDRAW, "redraw", "redraw the screen", NAV | FL, "C-l" },
	{ ACT_STATE_DONE, "mark-done", "mark the item done (then on to the next open one)", CL, "d" },
	{ ACT_STATE_NA, "mark-na", "mark the item not applicable (asks why)", CL, "a" },
	{ ACT_STATE_BLOCKED, "mark-blocked", "mark the item blocked", CL, "x" },
	{ ACT_STATE_OPEN, "mark-open", "mark the item open again", CL, "o" },
	{ ACT_NOTE, "note", "edit the item's note ($EDITOR with E)", CL, "e E" },
	{ ACT_UNDO, "undo", "undo the last change", CL, "u" },
	{ ACT_FILTER, "filter", "filter: f state, v level, p pillar, / text", CL, "f v p /" },
	{ ACT_LIVE_FILTER, "filter-live", "filter by live status: fail, warn, unknown, all", CL, "l" },
	{ ACT_PLAN, "plan", "the improvement plan: failing and warning items ranked, with their fixes", CL, "i" },
	{ ACT_PARTNER, "partner", "choose the assessment's partner type", CL, "t" },
	{ ACT_ASSESSMENT, "assessment", "choose or create the assessment", CL, "A" },
	{ ACT_MILESTONES, "milestones", "milestones: create one, compare two", CL, "m" },
	{ ACT_EXPORT, "export", "export the assessment (.html, .md, .json or .csv)", CL, "X" },
	{ ACT_NEW, "new", "create a new one", M(MODE_PICK), "n" },
	{ ACT_ACCEPT, "accept", "open or choose the selected entry", PROMPTS | M(MODE_PICK), "Enter" },
	{ ACT_CLOSE, "close", "close this view, or clear the filter", PROMPTS | M(MODE_HELP) | CL | M(MODE_PICK) | M(MODE_TREE) | M(MODE_PAGE) | FL, "Esc" },
	{ ACT_DELETE, "delete", "delete the character before the cursor", PROMPTS, "Backspace" },
	{ ACT_DELETE_CHAR, "delete-char", "delete the character under the cursor", PROMPTS, "Delete C-d" },
	{ ACT_CURSOR_LEFT, "cursor-left", "move the cursor left", PROMPTS, "Left" },
	{ ACT_CURSOR_RIGHT, "cursor-right", "move the cursor right", PROMPTS, "Right" },
	{ ACT_LINE_START, "line-start", "cursor to the start", PROMPTS, "Home C-a" },
	{ ACT_LINE_END, "line-end", "cursor to the end", PROMPTS, "End C-e" },
	{ ACT_DELETE_WORD, "delete-word", "delete the word before the cursor", PROMPTS, "C-w" },
	{ ACT_DELETE_LINE, "delete-line", "delete everything before the cursor", PROMPTS, "C-u" },
	{ ACT_NONE, NULL, NULL, 0, NULL }
};

static const char *mode_names[MODE_COUNT] = { "tree", "page", "search", "find", "help", "checklist", "pick", "fleet" };

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
