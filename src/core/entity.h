/* entity.h - HTML character references ("&amp;", "&#8212;", "&#x2014;") to UTF-8: the renderer's and the indexer's one decoder. */
#ifndef PWAF_ENTITY_H
#define PWAF_ENTITY_H

#include <stddef.h>

/*
 * s[0..len) is "&name;", "&#N;" or "&#xH;". Writes its UTF-8 (not sanitized: a control
 * character stays one) to out and returns the length (1 to 6 bytes); -1 when it is not a reference
 * HTML5 knows. Numeric references out of range, to a surrogate or to 0 give U+FFFD.
 */
int entity_decode(const char *s, size_t len, char out[static 16]);

#endif
