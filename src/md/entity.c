/* entity.c - HTML character references for the renderer: decoded (core/entity.c), then sanitized. */
#include "md/internal.h"

#include "core/entity.h"
#include "core/sanitize.h"

#include <stdlib.h>
#include <string.h>

/*
 * s[0..len) is "&...;". Writes its decoded, sanitized UTF-8 (no controls or bidi marks, so
 * "&#27;" yields nothing) to out and returns the length (maybe 0); -1 when not an entity.
 */
int md_entity_decode(const char *s, size_t len, char out[static 16])
{
	char raw[16];
	int n = entity_decode(s, len, raw);
	if (n < 0) return -1;
	char *clean = sanitize_line(raw, (size_t)n);
	if (!clean) { md_oom = 1; return 0; }
	size_t clean_len = strlen(clean);
	if (clean_len > 15) clean_len = 15;
	memcpy(out, clean, clean_len);
	free(clean);
	return (int)clean_len;
}
