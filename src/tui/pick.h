/* pick.h - a chooser screen: a titled list of entries, Enter picks one, n asks for a new name, Esc goes back. */
#ifndef PWAF_PICK_H
#define PWAF_PICK_H

struct app;

/* What a chooser does with a choice. The screen it was opened from is active again when
 * accept and create run, so they may open another chooser or any screen. */
struct pick_spec {
	const char *title;                 /* the question, on the line under the title bar */
	const char *hints;                 /* key hints for the status line */
	void (*accept)(struct app *a, int index, const char *id);   /* Enter on an entry */
	void (*create)(struct app *a, const char *name);            /* n: a new one (NULL: none) */
	const char *create_label;          /* the prompt for its name ("Milestone name: ") */
};

/* Start a new list of entries (the previous ones are freed). */
void pick_clear(void);
/* An entry: label (sanitized when drawn), text at the right (may be NULL), and an id handed to
 * accept (copied; may be NULL). */
void pick_add(const char *label, const char *right, const char *id);
/* Show the entries, entry `select` selected. spec must outlive the chooser (a static). */
void pick_open(struct app *a, const struct pick_spec *spec, int select);
/* Entries so far. */
int pick_count(void);

#endif
