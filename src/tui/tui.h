/* tui.h - the explorer: the only part of pwaf that includes curses. */
#ifndef PWAF_TUI_H
#define PWAF_TUI_H

#include "core/contentdb.h"

struct tui_opts {
	const char *theme;        /* --theme, or NULL for the config's or the default */
	int demo;                 /* --demo ... */
	const unsigned char *demo_json; /* ... the demo workspace the program embeds */
	size_t demo_len;
	int utf8;                 /* the terminal's locale is UTF-8 */
	const char *start_id;     /* open this page first (NULL: introduction) */
	const char *snapshot;     /* --snapshot FILE: live status from a saved snapshot */
	const char *profile;      /* --profile: fetch live status from this workspace */
	const char *host;         /* --host */
	const char *state_path;   /* --state FILE */
	const char *fleet_dir;    /* --fleet-dir DIR: open on the fleet screen of the snapshots saved there */
};

/* Run the explorer until the user quits. Returns a process exit code (0, or 2 for a bad config/theme). */
int tui_run(struct cdb *db, const struct tui_opts *o);

#endif
