/* actions.h - every explorer action, declared once: name, help, modes and default keys. */
#ifndef PWAF_ACTIONS_H
#define PWAF_ACTIONS_H

/* Modes: each has its own keymap, so typing into a prompt never triggers an action. */
/* MODE_FIND is every one-line prompt (find in page, tree filter, notes, names); MODE_PICK a chooser
 * (partner type, assessment, milestones, contents of a page); MODE_FLEET the fleet screen (--fleet-dir). */
enum mode { MODE_TREE, MODE_PAGE, MODE_SEARCH, MODE_FIND, MODE_HELP, MODE_CHECKLIST, MODE_PICK, MODE_FLEET, MODE_COUNT };

enum action {
	ACT_NONE,
	ACT_QUIT, ACT_HELP, ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN, ACT_TOP, ACT_BOTTOM, ACT_SCROLL_LEFT, ACT_SCROLL_RIGHT,
	ACT_FOCUS, ACT_OPEN, ACT_EXPAND, ACT_COLLAPSE, ACT_BACK, ACT_FORWARD, ACT_FIND, ACT_FIND_NEXT, ACT_FIND_PREV,
	ACT_SEARCH, ACT_NEXT_LINK, ACT_PREV_LINK, ACT_WORKSHOP, ACT_NEXT_PAGE, ACT_PREV_PAGE, ACT_CHECKLIST,
	ACT_REFRESH, ACT_CLOSE, ACT_ACCEPT, ACT_DELETE, ACT_FILTER, ACT_REDRAW,
	ACT_STATE_DONE, ACT_STATE_NA, ACT_STATE_BLOCKED, ACT_STATE_OPEN, ACT_NOTE, ACT_UNDO,
	ACT_TREE_FILTER, ACT_TREE_TOGGLE, ACT_TOC, ACT_COPY_LINK, ACT_OPEN_LINK,
	ACT_LIVE_FILTER, ACT_PARTNER, ACT_PLAN, ACT_ASSESSMENT, ACT_MILESTONES, ACT_EXPORT, ACT_NEW,
	ACT_CURSOR_LEFT, ACT_CURSOR_RIGHT, ACT_LINE_START, ACT_LINE_END, ACT_DELETE_CHAR, ACT_DELETE_WORD,
	ACT_DELETE_LINE, ACT_FLEET,
	ACT_COUNT
};

struct action_def {
	enum action id;
	const char *name;       /* as used in the config file: "find-next" */
	const char *help;       /* one line for the help screen */
	unsigned modes;         /* bit per enum mode where it applies */
	const char *keys;       /* default keys, space separated: "j Down" */
};

#define M(m) (1u << (m))

/* The table, terminated by an entry with id ACT_NONE. */
const struct action_def *action_defs(void);
const struct action_def *action_by_name(const char *name);
const char *mode_name(enum mode m);
int mode_by_name(const char *name);   /* -1 when unknown */

#endif
