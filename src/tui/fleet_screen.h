/* fleet_screen.h - the explorer's fleet screen: a saved fleet's workspaces × pillars with their counts, drilling into one workspace's checklist. */
#ifndef PWAF_FLEET_SCREEN_H
#define PWAF_FLEET_SCREEN_H

#include <stddef.h>

struct app;
struct screen;

extern const struct screen screen_fleet;

/*
 * Load the fleet saved in dir (pwaf check --save-dir: *.snapshot and fleet.json), checked now
 * against a->db, before the terminal is taken over. The screen owns what it loads until its close.
 * Returns 0, or -1 with err (no such directory, no snapshot in it, the content cannot be read).
 */
int fleet_screen_load(struct app *a, const char *dir, char *err, size_t errlen);

/* Show the fleet screen on the row last selected; without a loaded fleet, a message says how to get one. */
void fleet_screen_open(struct app *a);

#endif
