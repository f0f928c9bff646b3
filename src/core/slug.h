/* slug.h - GitHub-style heading anchors ("OAuth M2M: tokens" -> "oauth-m2m-tokens"). */
#ifndef PWAF_SLUG_H
#define PWAF_SLUG_H

#include <stddef.h>

/* Newly allocated anchor for heading text: lower-cased ASCII letters, digits, '-' and '_' and
 * any non-ASCII bytes kept; spaces become '-'; other punctuation dropped. Never NULL. */
char *slug_make(const char *text, size_t len);

#endif
