/* Runtime of the self-checking programs: console output (whole lines go to the SCLP
   console), a running checksum of everything printed, and self-check bookkeeping. */
#ifndef LIB_H
#define LIB_H
#include <stdint.h>
#include <stddef.h>

void put_str(const char *s);
void put_char(char c);
void put_u64(uint64_t v);
void put_i64(int64_t v);
void put_hex(uint64_t v, int digits);

/* Records a failed self-check (printed as "FAIL: what"); main returns fails(). */
void check(int ok, const char *what);
int fails(void);

/* FNV-1a over every byte printed so far; programs print it last. */
uint32_t output_checksum(void);
void put_checksum(void);

/* What the compiler may call for struct copies and loops. */
void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

/* Deterministic pseudo-random numbers (xorshift64). */
uint64_t rand64(uint64_t *state);

#endif
