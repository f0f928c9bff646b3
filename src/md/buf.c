/* buf.c - growable buffers, styled runs and the arena behind a rendered document. */
#include "internal.h"

#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

_Thread_local int md_oom;

/* Make room for need elements in *p (capacity doubles); false (and md_oom) on failure. */
bool md_grow(void **p, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap) return true;
	size_t n = *cap ? *cap : 16;
	while (n < need) n *= 2;
	void *q = realloc(*p, n * elem);
	if (!q) { md_oom = 1; return false; }
	*p = q;
	*cap = n;
	return true;
}

void md_buf_put(struct md_buf *b, const char *s, size_t n)
{
	if (!n || !md_grow((void **)&b->p, &b->cap, b->len + n + 1, 1)) return;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void md_buf_free(struct md_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

/* Append a span, merging with the previous one when the style matches and they touch. */
struct md_span *md_span_push(struct md_span **v, size_t *n, size_t *cap, size_t off, size_t len,
                             uint8_t role, uint8_t attr, int link)
{
	if (*n) {
		struct md_span *l = &(*v)[*n - 1];
		if (l->off + l->len == off && l->role == role && l->attr == attr && l->link == link) {
			l->len += len;
			return l;
		}
	}
	if (!md_grow((void **)v, cap, *n + 1, sizeof **v)) return NULL;
	struct md_span *s = &(*v)[(*n)++];
	*s = (struct md_span){ off, len, role, attr, link };
	return s;
}

void md_run_put(struct md_run *r, const char *s, size_t n, uint8_t role, uint8_t attr, int link)
{
	if (!n) return;
	size_t off = r->text.len;
	md_buf_put(&r->text, s, n);
	if (r->text.len == off) return;
	md_span_push(&r->sty, &r->nsty, &r->capsty, off, n, role, attr, link);
}

void md_run_clear(struct md_run *r)
{
	r->text.len = 0;
	r->nsty = 0;
}

void md_run_free(struct md_run *r)
{
	md_buf_free(&r->text);
	free(r->sty);
	r->sty = NULL;
	r->nsty = r->capsty = 0;
}

/* The arena: a list of big chunks that never move, freed all at once. */
struct md_arena {
	struct md_arena *next;
	size_t used, cap;
	alignas(max_align_t) char data[];
};

void *md_arena_alloc(struct md_arena **a, size_t n)
{
	n = (n + 7) & ~(size_t)7;
	if (!*a || (*a)->cap - (*a)->used < n) {
		size_t cap = n > 1024 * 1024 ? n : 1024 * 1024;
		struct md_arena *c = malloc(sizeof *c + cap);
		if (!c) { md_oom = 1; return NULL; }
		c->next = *a;
		c->used = 0;
		c->cap = cap;
		*a = c;
	}
	void *p = (*a)->data + (*a)->used;
	(*a)->used += n;
	return p;
}

char *md_arena_strdup(struct md_arena **a, const char *s, size_t n)
{
	char *p = md_arena_alloc(a, n + 1);
	if (!p) return NULL;
	if (n) memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void md_arena_free(struct md_arena *a)
{
	while (a) {
		struct md_arena *next = a->next;
		free(a);
		a = next;
	}
}
