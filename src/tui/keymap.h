/* keymap.h - per-mode key bindings built from the action table and the user's config. */
#ifndef PWAF_KEYMAP_H
#define PWAF_KEYMAP_H

#include "tui/actions.h"

#include <stddef.h>

/* Bind every action's default keys. A key already bound in a mode keeps its first action. */
void keymap_init(void);
/* Bind key name (e.g. "j", "C-f", "Enter", "PgDn", "F2") in mode to action; 0, or -1 for an unknown key. */
int keymap_bind(enum mode m, const char *key, enum action a);
/* The action a curses key code has in mode, or ACT_NONE. */
enum action keymap_lookup(enum mode m, int key);
/* Key names bound to action in mode, "j, Down" (written to buf). */
const char *keymap_keys(enum mode m, enum action a, char *buf, size_t len);

#endif
