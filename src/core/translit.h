/* translit.h - ASCII stand-ins for UTF-8 text, for terminals whose locale is not UTF-8 (LANG=C). */
#ifndef PWAF_TRANSLIT_H
#define PWAF_TRANSLIT_H

#include <stddef.h>
#include <stdint.h>

/*
 * The ASCII stand-in of one code point, NUL-terminated in out: punctuation by its look ("—" "--",
 * "“" "\"", "…" "...", "→" "->", "·" "-", "•" "*"), box drawing by + - | =, Latin letters without
 * their accents ("é" "e", "ß" "ss"), spaces of every width as " ", invisible marks as "", and "?"
 * for the rest. Returns its length (0 to 3).
 */
size_t translit_cp(uint32_t cp, char out[static 4]);

/* The whole of s[0..len) so (malloc'd; never NULL); bytes that are not UTF-8 become "?". */
char *translit_ascii(const char *s, size_t len);

/* Decode the UTF-8 sequence at s: its length (1 for a byte that starts none, with *cp U+FFFD). */
size_t translit_next(const char *s, size_t len, uint32_t *cp);

#endif
