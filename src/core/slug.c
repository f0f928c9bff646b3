/* slug.c - GitHub-style heading anchors. */
#include "slug.h"

#include "buf.h"

#include <ctype.h>

char *slug_make(const char *text, size_t len)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c >= 0x80 || isalnum(c) || c == '_' || c == '-')
			buf_addc(&b, (char)(c < 0x80 ? tolower(c) : c));
		else if (c == ' ')
			buf_addc(&b, '-');
	}
	return buf_take(&b);
}
