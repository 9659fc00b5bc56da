/*
 * Linux driver for gcc-loops.c under qemu-s390x: reads lines "FUNCTION_INDEX N SEED KIND"
 * from stdin, fills the input buffers exactly as test/cpu/vector-gcc.test.ts does
 * (gcc.ts fill()), calls the function and prints the 512-byte output buffer in hex.
 * The functions are called through a table built by gcc.ts (gcc-table.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef void loop_fn(void *out, const void *a, const void *b, long n);
#include "gcc-table.h"

static uint8_t out[512] __attribute__((aligned(16)));
static uint8_t ina[256] __attribute__((aligned(16)));
static uint8_t inb[256] __attribute__((aligned(16)));

static uint32_t next(uint32_t *x) {
  *x ^= *x << 13;
  *x ^= *x >> 17;
  *x ^= *x << 5;
  return *x;
}

/* Kinds: 0 raw bytes, 1 doubles, 2 floats, 3 text (letters, one NUL near the end). */
static void fill(uint8_t *buf, uint32_t seed, int kind) {
  uint32_t x = seed;
  for (int i = 0; i < 256; i++) buf[i] = 0;
  switch (kind) {
  case 1:
    for (int i = 0; i < 32; i++) {
      double d = (double)(int32_t)next(&x) / 1024.0;
      memcpy(buf + 8 * i, &d, 8);
    }
    break;
  case 2:
    for (int i = 0; i < 64; i++) {
      float f = (float)((int32_t)next(&x) >> 8) / 64.0f;
      memcpy(buf + 4 * i, &f, 4);
    }
    break;
  case 3:
    for (int i = 0; i < 256; i++) buf[i] = "abcdefgh"[next(&x) & 7];
    buf[200 + (seed & 31)] = 0;
    break;
  default:
    for (int i = 0; i < 256; i++) buf[i] = next(&x);
  }
}

int main(void) {
  int f, n, kind;
  unsigned seed;
  while (scanf("%d %d %u %d", &f, &n, &seed, &kind) == 4) {
    memset(out, 0xa5, sizeof out);
    fill(ina, seed, kind);
    fill(inb, seed * 7 + 1, kind);
    loops[f](out, ina, inb, n);
    for (int i = 0; i < 512; i++) printf("%02x", out[i]);
    putchar('\n');
  }
  return 0;
}
