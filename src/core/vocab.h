/* vocab.h - the fixed vocabularies of the framework: kinds, partner types, pillars, levels. */
#ifndef PWAF_VOCAB_H
#define PWAF_VOCAB_H

struct vocab_term {
	const char *id;     /* as written in front matter and on the command line */
	const char *label;  /* for people */
};

enum vocab_set { VOCAB_KIND, VOCAB_PARTNER, VOCAB_PILLAR, VOCAB_LEVEL, VOCAB_STATE, VOCAB_SET_COUNT };

/* Kinds and levels as enums: the index of the term in its set (vocab.c keeps the tables in this
 * order). _UNKNOWN for NULL or an id not in the set. */
enum vocab_kind { KIND_UNKNOWN = -1, KIND_PAGE, KIND_ITEM };
enum vocab_level { LEVEL_UNKNOWN = -1, LEVEL_REQUIRED, LEVEL_RECOMMENDED, LEVEL_ANTI_PATTERN, LEVEL_INFO };

/* The index of id in set, or -1 when id is NULL or not in the set. */
int vocab_index(enum vocab_set set, const char *id);
enum vocab_kind vocab_kind_of(const char *id);
enum vocab_level vocab_level_of(const char *id);

/* Terms of a set, terminated by an entry whose id is NULL. */
const struct vocab_term *vocab_terms(enum vocab_set set);
/* The term with this id, or NULL. */
const struct vocab_term *vocab_find(enum vocab_set set, const char *id);
/* Human label for an id, or the id itself when unknown. */
const char *vocab_label(enum vocab_set set, const char *id);
/* "a, b, c or d": the valid ids of a set, for error messages (static storage). */
const char *vocab_list(enum vocab_set set);
/* Singular name of a set ("partner type", "pillar", ...). */
const char *vocab_set_name(enum vocab_set set);

#endif
