/* buf.c - growable buffers, styled runs and the arena behind a rendered document. */
#include "md/internal.h"
#include "core/swar.h"

#include <stdalign.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

_Thread_local int md_oom;

/* Blocks this big are aligned to, and asked to be backed by, 2 MiB pages where the system
 * offers them (Linux transparent huge pages): one page fault instead of 512. */
#define MD_HUGE ((size_t)2 << 20)

static void *big_alloc(size_t n)
{
	if (n < MD_HUGE) return malloc(n);
	void *p;
	if (posix_memalign(&p, MD_HUGE, n) != 0) return NULL;
#ifdef MADV_HUGEPAGE
	madvise(p, n & ~(MD_HUGE - 1), MADV_HUGEPAGE);
#endif
	return p;
}

/* md_grow() when *p is full. */
bool md_grow_slow(void **p, size_t *cap, size_t need, size_t elem)
{
	size_t n = *cap ? *cap : 16;
	while (n < need) n *= 2;
	void *q;
	if (n * elem < MD_HUGE) {
		q = realloc(*p, n * elem);
	} else if ((q = big_alloc(n * elem)) != NULL) {
		if (*cap) memcpy(q, *p, *cap * elem);
		free(*p);
	}
	if (!q) { md_oom = 1; return false; }
	*p = q;
	*cap = n;
	return true;
}

void md_buf_free(struct md_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

/* md_span_push() when the span array is full. */
struct md_span *md_span_push_slow(struct md_span **v, size_t *n, size_t *cap, struct md_span sp)
{
	if (!md_grow((void **)v, cap, *n + 1, sizeof **v)) return NULL;
	struct md_span *s = &(*v)[(*n)++];
	*s = sp;
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

/* md_run_put() with every '\t' and '\n' of s turned into a space. */
void md_run_put_spaced(struct md_run *r, const char *s, size_t n, uint8_t role, uint8_t attr, int link)
{
	size_t off = r->text.len;
	md_run_put(r, s, n, role, attr, link);
	if (r->text.len == off) return;
	char *p = r->text.p + off;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t v = swar_load(p + i);
		if (!(swar_eq(v, '\t') | swar_eq(v, '\n'))) continue;
		for (size_t k = i; k < i + 8; k++) if (p[k] == '\t' || p[k] == '\n') p[k] = ' ';
	}
	for (; i < n; i++) if (p[i] == '\t' || p[i] == '\n') p[i] = ' ';
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

/* The arena: a list of chunks that never move, freed all at once. Chunks grow from 64 KiB
 * (small documents stay small) by doubling up to 16 MiB. */
struct md_arena {
	struct md_arena *next;
	size_t used, cap;
	alignas(max_align_t) char data[];
};

/* Make the current chunk one with at least n free bytes. */
static bool arena_room(struct md_arena **a, size_t n)
{
	if (*a && (*a)->cap - (*a)->used >= n) return true;
	size_t cap = *a ? (*a)->cap * 2 : 64 * 1024;
	if (cap > 16 * MD_HUGE / 2) cap = 16 * MD_HUGE / 2;
	if (cap < n) cap = n;
	struct md_arena *c = big_alloc(sizeof *c + cap);
	if (!c) { md_oom = 1; return false; }
	c->next = *a;
	c->used = 0;
	c->cap = cap;
	*a = c;
	return true;
}

void *md_arena_alloc(struct md_arena **a, size_t n)
{
	n = (n + 7) & ~(size_t)7;
	if (!arena_room(a, n)) return NULL;
	void *p = (*a)->data + (*a)->used;
	(*a)->used += n;
	return p;
}

/*
 * The open string at the arena's tail (its first len bytes already written there): room for
 * need bytes from its start, moving it to a new chunk when this one is too full. *room gets
 * the bytes available. No other arena allocation may happen while a string is open.
 */
char *md_arena_tail(struct md_arena **a, size_t len, size_t need, size_t *room)
{
	const char *old = *a ? (*a)->data + (*a)->used : NULL;
	if (!*a || (*a)->cap - (*a)->used < need) {
		if (!arena_room(a, need < 4096 ? 4096 : need)) return NULL;
		if (len) memcpy((*a)->data, old, len);
	}
	*room = (*a)->cap - (*a)->used;
	return (*a)->data + (*a)->used;
}

/* Close the open string: its n bytes (at most the room given) belong to the arena now. */
void md_arena_commit(struct md_arena **a, size_t n)
{
	n = (n + 7) & ~(size_t)7;
	(*a)->used = n < (*a)->cap - (*a)->used ? (*a)->used + n : (*a)->cap;
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
