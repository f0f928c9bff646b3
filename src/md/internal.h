/* internal.h - types and helpers shared by the files of the Markdown renderer (not public). */
#ifndef PWAF_MD_INTERNAL_H
#define PWAF_MD_INTERNAL_H

#include "md/render.h"
#include "core/textwidth.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Set when an allocation failed; md_render() then frees everything and returns NULL. */
extern _Thread_local int md_oom;

/* A growable byte buffer. */
struct md_buf {
	char *p;
	size_t len, cap;
};

/* Styled text not yet laid out: spans tile text (offsets relative to text). */
struct md_run {
	struct md_buf text;
	struct md_span *sty;
	size_t nsty, capsty;
};

/* One wrapped line: a byte range of the wrapped text. */
struct md_frag {
	size_t off, len;    /* bytes in md_frags.text */
	size_t sp;          /* index of the style tile (md_frags.sty) holding byte off */
	size_t width;       /* display columns */
};

/* The output of md_wrap(): lines as ranges of the caller's text and tiles (borrowed, so they
 * must outlive the frags' use); the line array is reused between calls. */
struct md_frags {
	const char *text;
	const struct md_span *sty;
	size_t nsty;
	struct md_frag *ln;
	size_t nln, capln;
};

/* buf.c */
bool md_grow_slow(void **p, size_t *cap, size_t need, size_t elem);

/* Make room for need elements in *p (capacity doubles); false (and md_oom) on failure. */
static inline bool md_grow(void **p, size_t *cap, size_t need, size_t elem)
{
	return need <= *cap || md_grow_slow(p, cap, need, elem);
}

/* Append s[0..n) to b, keeping it NUL-terminated. */
static inline void md_buf_put(struct md_buf *b, const char *s, size_t n)
{
	if (!n || !md_grow((void **)&b->p, &b->cap, b->len + n + 1, 1)) return;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void md_buf_free(struct md_buf *b);
void md_run_put(struct md_run *r, const char *s, size_t n, uint8_t role, uint8_t attr, int link);
void md_run_put_spaced(struct md_run *r, const char *s, size_t n, uint8_t role, uint8_t attr, int link);
void md_run_clear(struct md_run *r);
void md_run_free(struct md_run *r);
struct md_span *md_span_push_slow(struct md_span **v, size_t *n, size_t *cap, struct md_span sp);

/* Append a span, merging with the previous one when the style matches and they touch. */
static inline struct md_span *md_span_push(struct md_span **v, size_t *n, size_t *cap, size_t off,
                                           size_t len, uint8_t role, uint8_t attr, int link)
{
	if (*n) {
		struct md_span *l = &(*v)[*n - 1];
		if (l->off + l->len == off && l->role == role && l->attr == attr && l->link == link) {
			l->len += len;
			return l;
		}
	}
	if (*n == *cap) return md_span_push_slow(v, n, cap, (struct md_span){ off, len, role, attr, link });
	struct md_span *s = &(*v)[(*n)++];
	*s = (struct md_span){ off, len, role, attr, link };
	return s;
}

void *md_arena_alloc(struct md_arena **a, size_t n);
char *md_arena_tail(struct md_arena **a, size_t len, size_t need, size_t *room);
void md_arena_commit(struct md_arena **a, size_t n);
char *md_arena_strdup(struct md_arena **a, const char *s, size_t n);
void md_arena_free(struct md_arena *a);

/* source.c */
const char *md_source_prepare(const char *src, size_t len, size_t *out_len, char **owned);
bool md_line_is_plain(const char *s, size_t n);


/* entity.c: decode "&name;" / "&#N;" / "&#xH;" into out (sanitized UTF-8); -1 when unknown. */
int md_entity_decode(const char *s, size_t len, char out[static 16]);

/* wrap.c */
void md_wrap(const char *text, size_t len, const struct md_span *sty, size_t nsty, size_t width,
             struct md_frags *out);
void md_measure(const char *text, size_t len, size_t *natural, size_t *longest_word);
void md_frags_free(struct md_frags *f);

/* strset.c: a set of strings (open addressing) mapping each to an int. */
struct md_strset {
	struct md_strset_slot { const char *s; size_t n; uint32_t h; int val; } *slot;
	size_t cap, count;
};
int md_strset_get(const struct md_strset *m, const char *s, size_t n);
bool md_strset_put(struct md_strset *m, const char *s, size_t n, int val);
int *md_strset_val(const struct md_strset *m, const char *s, size_t n);
void md_strset_free(struct md_strset *m);

/* Decimal digits of v at out (no NUL); returns how many (at most 20). */
static inline size_t md_utoa(char *out, unsigned long long v)
{
	char tmp[20];
	size_t n = 0;
	do tmp[n++] = (char)('0' + v % 10); while ((v /= 10) != 0);
	for (size_t i = 0; i < n; i++) out[i] = tmp[n - 1 - i];
	return n;
}

#endif
