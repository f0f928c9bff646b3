/* keymap.h - per-mode key bindings built from the action table and the user's config. */
#ifndef PWAF_KEYMAP_H
#define PWAF_KEYMAP_H

#include "core/diag.h"
#include "core/settings.h"
#include "tui/actions.h"

#include <stddef.h>

/* Bind every action's default keys. A key already bound in a mode keeps its first action. */
void keymap_init(void);
/* Bind key name (e.g. "j", "C-f", "Enter", "PgDn", "F2") in mode to action; 0, or -1 for an unknown key. */
int keymap_bind(enum mode m, const char *key, enum action a);
/*
 * Check a config's bind lines without binding anything: each names a screen (mode), an action
 * that applies on that screen, and a key. Every wrong line goes to d as path:line naming the word
 * and what would do ("action 'mark-done' does not apply to the tree screen (actions there: ...)").
 * Needs no terminal (pwaf config uses it). Returns 0, or -1 when any line is wrong.
 */
int keymap_check(const struct config *c, struct diag *d);
/* keymap_check, then bind every line (after keymap_init). 0, or -1 with nothing bound. */
int keymap_apply(const struct config *c, struct diag *d);
/* The action a curses key code has in mode, or ACT_NONE. */
enum action keymap_lookup(enum mode m, int key);
/* Key names bound to action in mode, "j, Down" (written to buf). */
const char *keymap_keys(enum mode m, enum action a, char *buf, size_t len);

#endif
