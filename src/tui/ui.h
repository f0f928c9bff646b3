/* ui.h - drawing helpers every screen uses: width-aware text, fills, the title and status lines, prompt editing. */
#ifndef PWAF_UI_H
#define PWAF_UI_H

#include <stddef.h>

struct app;

/* Outside a UTF-8 locale, draw every character as its ASCII stand-in (core/translit.h). */
void ui_set_ascii(int on);
/* Draw len bytes of UTF-8 at (y, x) in at most w columns; returns the columns used. */
int ui_put(int y, int x, int w, const char *s, size_t len, int attr);
/* The same, returning the bytes of s drawn (so the rest can go on the next line). */
size_t ui_put_len(int y, int x, int w, const char *s, size_t len, int attr);
/* The columns s takes when drawn. */
int ui_width(const char *s);
/* utf8 in a UTF-8 locale, else plain: for the explorer's own glyphs ("▸", "…", "·"). */
const char *ui_glyph(const char *utf8, const char *plain);
void ui_fill(int y, int x, int w, int attr);
/* The title bar, with `right` at its right end when it fits. */
void ui_title(struct app *a, const char *right);
/* The title bar with prefix and the live summary at the right; a failure to read the workspace in
 * the failure colour ("live: 401 UNAUTHENTICATED"). */
void ui_title_live(struct app *a, const char *prefix);
/* The status line: the mode in words, the message (or left), the key hints at the right end (those
 * that fit, from the left). A message too long to sit beside the mode takes the line above, whole. */
void ui_status(struct app *a, const char *left, const char *hints);

/* Prompt editing: append one typed byte (UTF-8 sequences arrive byte by byte), or delete the
 * last whole character. s has room for cap bytes including the NUL. */
void ui_input_add(char *s, size_t *len, size_t cap, int ch);
void ui_input_delete(char *s, size_t *len);
/* 1 when the text ends on a whole UTF-8 character (so it is worth searching for). */
int ui_input_complete(const char *s, size_t len);

#endif
