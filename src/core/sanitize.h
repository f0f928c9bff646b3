/* sanitize.h - make untrusted text (content, workspace data) safe for a terminal. */
#ifndef PWAF_SANITIZE_H
#define PWAF_SANITIZE_H

#include <stddef.h>

/*
 * Return a newly allocated, NUL-terminated copy of s[0..len) in which:
 *  - invalid UTF-8 bytes become U+FFFD;
 *  - C0 controls (except '\n' and, when keep_tab, '\t'), DEL and C1 controls are removed,
 *    so no escape sequence (ESC, CSI, OSC) survives;
 *  - bidirectional overrides and isolates (U+202A..U+202E, U+2066..U+2069) and
 *    U+200E/U+200F/U+061C marks are removed.
 * '\t' becomes a space when keep_tab is 0. *outlen (if not NULL) receives the length.
 * Returns NULL only when memory is exhausted.
 */
char *sanitize_text(const char *s, size_t len, int keep_tab, size_t *outlen);

/* Same rules, for a single line: '\n' and '\r' become spaces too. */
char *sanitize_line(const char *s, size_t len);

#endif
