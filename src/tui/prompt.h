/* prompt.h - a one-line text prompt that edits as people expect: cursor keys, Home/End, C-a C-e C-w C-u, Delete. */
#ifndef PWAF_PROMPT_H
#define PWAF_PROMPT_H

#include "tui/actions.h"

#include <stddef.h>

#define PROMPT_MAX 512

/* The text (UTF-8, NUL-terminated) and the cursor, a byte offset on a character boundary. */
struct prompt {
	char text[PROMPT_MAX];
	size_t len, cur;
};

/* Start with text (NULL: empty), the cursor at its end. */
void prompt_set(struct prompt *p, const char *text);
/* Insert one typed byte at the cursor (UTF-8 arrives byte by byte); controls are ignored. */
void prompt_insert(struct prompt *p, int ch);
/* An editing action (delete, delete-char, cursor-left/right, line-start/end, delete-word,
 * delete-line). Returns 1 when act is one of them, else 0. */
int prompt_edit(struct prompt *p, enum action act);
/* 1 when the text ends on a whole UTF-8 character (worth searching for). */
int prompt_complete(const struct prompt *p);
/* Draw "label text" on row y from column x in w columns (the text scrolls to keep the cursor in
 * view) and leave the terminal cursor at the prompt's cursor. */
void prompt_draw(const struct prompt *p, int y, int x, int w, const char *label, int attr);

#endif
