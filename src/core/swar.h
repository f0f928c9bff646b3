/* swar.h - eight bytes at a time: exact per-byte masks over a 64-bit word (not public). */
#ifndef PWAF_SWAR_H
#define PWAF_SWAR_H

#include <stdint.h>
#include <string.h>

#define SWAR_ONES 0x0101010101010101ull
#define SWAR_HIGH 0x8080808080808080ull

/* Eight bytes at p, the first in the low byte whatever the machine's byte order. */
static inline uint64_t swar_load(const char *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap64(v);
#endif
	return v;
}

/* 0x80 in each byte of v equal to c, exactly (no false positives: no borrow crosses bytes). */
static inline uint64_t swar_eq(uint64_t v, unsigned char c)
{
	uint64_t x = v ^ (SWAR_ONES * c);
	return ~(((x & ~SWAR_HIGH) + ~SWAR_HIGH) | x) & SWAR_HIGH;
}

/* 0x80 in each byte of v below c (c <= 0x80), exactly. */
static inline uint64_t swar_lt(uint64_t v, unsigned char c)
{
	return ~((v & ~SWAR_HIGH) + SWAR_ONES * (0x80 - c)) & ~v & SWAR_HIGH;
}

/* Index of the first byte flagged in mask, mask != 0. */
static inline unsigned swar_first(uint64_t mask)
{
	return (unsigned)__builtin_ctzll(mask) / 8;
}

/* 0x80 in each byte before the first one flagged in mask (all eight when mask is 0). */
static inline uint64_t swar_before(uint64_t mask)
{
	return ((mask & (0 - mask)) - 1) & SWAR_HIGH;
}

#endif
