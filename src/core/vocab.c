/* vocab.c - the fixed vocabularies of the framework. */
#include "core/vocab.h"

#include <stdio.h>
#include <string.h>

static const struct vocab_term kinds[] = {
	{ "page", "Page" }, { "item", "Checklist item" }, { NULL, NULL }
};

static const struct vocab_term partners[] = {
	{ "connected-isv", "Connected ISV" },
	{ "built-on", "Built-On ISV" },
	{ "data-collaboration", "Data Collaboration" },
	{ "mcp", "MCP server publisher" },
	{ NULL, NULL }
};

static const struct vocab_term pillars[] = {
	{ "best-practices", "Architectural best practices" },
	{ "technical-standards", "Technical standards" },
	{ "measurement-attribution", "Measurement & attribution" },
	{ "operations-lifecycle", "Operations & lifecycle" },
	{ NULL, NULL }
};

static const struct vocab_term levels[] = {
	{ "required", "Required" },
	{ "recommended", "Recommended" },
	{ "anti-pattern", "Anti-pattern" },
	{ "info", "Information" },
	{ NULL, NULL }
};

static const struct vocab_term states[] = {
	{ "open", "Open" }, { "done", "Done" }, { "na", "Not applicable" }, { "blocked", "Blocked" },
	{ NULL, NULL }
};

static const struct vocab_term *sets[VOCAB_SET_COUNT] = { kinds, partners, pillars, levels, states };
static const char *set_names[VOCAB_SET_COUNT] = { "kind", "partner type", "pillar", "level", "state" };

const struct vocab_term *vocab_terms(enum vocab_set set)
{
	return sets[set];
}

const struct vocab_term *vocab_find(enum vocab_set set, const char *id)
{
	if (!id) return NULL;
	for (const struct vocab_term *t = sets[set]; t->id; t++)
		if (strcmp(t->id, id) == 0) return t;
	return NULL;
}

int vocab_index(enum vocab_set set, const char *id)
{
	const struct vocab_term *t = vocab_find(set, id);
	return t ? (int)(t - sets[set]) : -1;
}

enum vocab_kind vocab_kind_of(const char *id)
{
	return (enum vocab_kind)vocab_index(VOCAB_KIND, id);
}

enum vocab_level vocab_level_of(const char *id)
{
	return (enum vocab_level)vocab_index(VOCAB_LEVEL, id);
}

const char *vocab_label(enum vocab_set set, const char *id)
{
	const struct vocab_term *t = vocab_find(set, id);
	return t ? t->label : (id ? id : "");
}

const char *vocab_list(enum vocab_set set)
{
	static char lists[VOCAB_SET_COUNT][160];
	char *out = lists[set];
	if (out[0]) return out;
	size_t n = 0, count = 0;
	for (const struct vocab_term *t = sets[set]; t->id; t++) count++;
	size_t i = 0;
	for (const struct vocab_term *t = sets[set]; t->id; t++, i++) {
		const char *sep = i == 0 ? "" : (i + 1 == count ? " or " : ", ");
		n += (size_t)snprintf(out + n, sizeof lists[0] - n, "%s%s", sep, t->id);
	}
	return out;
}

const char *vocab_set_name(enum vocab_set set)
{
	return set_names[set];
}
