/* textwidth.h - UTF-8 decoding and display columns of text, shared by the renderer, reports and the explorer. */
#ifndef PWAF_TEXTWIDTH_H
#define PWAF_TEXTWIDTH_H

#include <stddef.h>
#include <stdint.h>

/*
 * Decode the code point at s[0..len) (len > 0) into *cp and return its length in bytes (1-4).
 * Invalid, overlong, surrogate or truncated sequences decode as U+FFFD of length 1.
 */
size_t utf8_next(const char *s, size_t len, uint32_t *cp);

/* Columns of one code point: wcwidth() under the current LC_CTYPE, else built-in tables of wide
 * and zero-width ranges; controls count 0; never negative. */
int cp_width(uint32_t cp);

/*
 * Display columns of s[0..len): combining marks and zero-width characters count 0, wide CJK and
 * emoji 2, invalid bytes 1, control bytes 0. The caller sets LC_CTYPE (a UTF-8 locale gives
 * wcwidth(); without one the built-in tables are used).
 */
size_t text_width(const char *s, size_t len);

/*
 * Longest prefix of s[0..len) that fits in cols columns, in bytes, whole code points only;
 * zero-width code points after the cut stay attached. *used (may be NULL) receives its width.
 */
size_t text_clip_cols(const char *s, size_t len, size_t cols, size_t *used);

#endif
