/* strset.c - a small open-addressing hash map from strings to ints (link and slug dedup). */
#include "md/internal.h"

#include <stdlib.h>
#include <string.h>

static uint32_t hash_bytes(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* Where the value stored for s is (it may be changed in place), or NULL. */
int *md_strset_val(const struct md_strset *m, const char *s, size_t n)
{
	if (!m->cap) return NULL;
	uint32_t h = hash_bytes(s, n);
	for (size_t i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		struct md_strset_slot *e = &m->slot[i];
		if (!e->s) return NULL;
		if (e->h == h && e->n == n && memcmp(e->s, s, n) == 0) return &e->val;
	}
}

/* Value stored for s, or -1. */
int md_strset_get(const struct md_strset *m, const char *s, size_t n)
{
	int *v = md_strset_val(m, s, n);
	return v ? *v : -1;
}

static bool strset_rehash(struct md_strset *m)
{
	size_t cap = m->cap ? m->cap * 2 : 64;
	struct md_strset_slot *slot = calloc(cap, sizeof *slot);
	if (!slot) { md_oom = 1; return false; }
	for (size_t i = 0; i < m->cap; i++) {
		struct md_strset_slot *e = &m->slot[i];
		if (!e->s) continue;
		size_t j = e->h & (cap - 1);
		while (slot[j].s) j = (j + 1) & (cap - 1);
		slot[j] = *e;
	}
	free(m->slot);
	m->slot = slot;
	m->cap = cap;
	return true;
}

/* Insert s (which must outlive the map) with val; false on allocation failure. */
bool md_strset_put(struct md_strset *m, const char *s, size_t n, int val)
{
	if ((m->count + 1) * 2 > m->cap && !strset_rehash(m)) return false;
	uint32_t h = hash_bytes(s, n);
	size_t i = h & (m->cap - 1);
	while (m->slot[i].s) i = (i + 1) & (m->cap - 1);
	m->slot[i] = (struct md_strset_slot){ s, n, h, val };
	m->count++;
	return true;
}

void md_strset_free(struct md_strset *m)
{
	free(m->slot);
	m->slot = NULL;
	m->cap = m->count = 0;
}
