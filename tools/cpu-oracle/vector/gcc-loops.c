/*
 * Loops that GCC vectorizes for -march=z13 and later (-O3), run on the same inputs under
 * qemu-s390x and on Kuli by tools/cpu-oracle/vector/gcc.ts / test/cpu/vector-gcc.test.ts.
 * Every function has the same shape: out, a, b (256-byte buffers) and an element count,
 * so the driver and the replay can call them all alike. No library calls.
 */
#include <stdint.h>

#define LOOP(name, T_OUT, T_A, T_B, body)                                                    \
  void name(void *out_, const void *a_, const void *b_, long n) {                          \
    T_OUT *out = out_;                                                                       \
    const T_A *a = a_;                                                                       \
    const T_B *b = b_;                                                                       \
    for (long i = 0; i < n; i++) body;                                                       \
  }

LOOP(add_i8, int8_t, int8_t, int8_t, out[i] = a[i] + b[i])
LOOP(mul_i16, int16_t, int16_t, int16_t, out[i] = a[i] * b[i] - 3)
LOOP(max_shl_i32, int32_t, int32_t, int32_t, out[i] = (a[i] > b[i] ? a[i] : b[i]) << 2)
LOOP(add_sra_i64, int64_t, int64_t, int64_t, out[i] = a[i] + (b[i] >> 3))
LOOP(mul_u32, uint32_t, uint32_t, uint32_t, out[i] = a[i] * 2654435761u + b[i])
LOOP(widen_mul_u32, uint64_t, uint32_t, uint32_t, out[i] = (uint64_t)a[i] * b[i])
LOOP(mul_u64, uint64_t, uint64_t, uint64_t, out[i] = a[i] * b[i])
LOOP(div7_i32, int32_t, int32_t, int32_t, out[i] = a[i] / 7 + b[i] % 5)
LOOP(narrow_u16, uint8_t, uint16_t, uint16_t, out[i] = (uint8_t)(a[i] + b[i]))
LOOP(widen_u8, uint32_t, uint8_t, uint8_t, out[i] = a[i] + b[i])
LOOP(widen_s16, int64_t, int16_t, int16_t, out[i] = a[i] - b[i])
LOOP(eq_count, int8_t, int8_t, int8_t, out[i] = a[i] == b[i] ? 1 : -1)
LOOP(reverse_u32, uint32_t, uint32_t, uint32_t, out[i] = a[n - 1 - i] ^ b[i])
LOOP(bswap_u32, uint32_t, uint32_t, uint32_t, out[i] = __builtin_bswap32(a[i]) + b[i])
LOOP(popcount_u32, uint32_t, uint32_t, uint32_t, out[i] = __builtin_popcount(a[i] & b[i]))
LOOP(clz_u64, uint64_t, uint64_t, uint64_t, out[i] = (a[i] | b[i]) ? __builtin_clzll(a[i] | b[i]) : 64)
LOOP(abs_i32, int32_t, int32_t, int32_t, out[i] = (a[i] < 0 ? -a[i] : a[i]) - b[i])
LOOP(avg_u8, uint8_t, uint8_t, uint8_t, out[i] = (a[i] + b[i] + 1) >> 1)
LOOP(select_i32, int32_t, int32_t, int32_t, out[i] = a[i] > b[i] ? 7 : a[i])
LOOP(shift_var_u32, uint32_t, uint32_t, uint32_t, out[i] = a[i] >> (b[i] & 31))
LOOP(rotate_u32, uint32_t, uint32_t, uint32_t, out[i] = ((a[i] << 7) | (a[i] >> 25)) ^ b[i])
LOOP(interleave_i32, int32_t, int32_t, int32_t, { if (i < n / 2) { out[2 * i] = a[i]; out[2 * i + 1] = b[i]; } })
LOOP(min_u16, uint16_t, uint16_t, uint16_t, out[i] = a[i] < b[i] ? a[i] : b[i])
LOOP(and_not_u64, uint64_t, uint64_t, uint64_t, out[i] = a[i] & ~b[i])
LOOP(mulhi_i16, int16_t, int16_t, int16_t, out[i] = (int16_t)(((int32_t)a[i] * b[i]) >> 16))
LOOP(sat_u8, uint8_t, uint16_t, uint16_t, { unsigned s = a[i] + b[i]; out[i] = s > 255 ? 255 : s; })
LOOP(fadd_f64, double, double, double, out[i] = a[i] + b[i] * 0.5)
LOOP(fma_f64, double, double, double, out[i] = a[i] * b[i] - 1.25)
LOOP(nfma_f64, double, double, double, out[i] = -(a[i] * b[i] + 3.0))
LOOP(fdiv_f64, double, double, double, out[i] = a[i] / (b[i] + 0.5))
LOOP(fsqrt_f64, double, double, double, out[i] = __builtin_sqrt(a[i] * a[i] + b[i]))
LOOP(fmax_f64, double, double, double, out[i] = a[i] > b[i] ? a[i] : b[i])
LOOP(fabs_f64, double, double, double, out[i] = __builtin_fabs(a[i]) - b[i])
LOOP(floor_f64, double, double, double, out[i] = __builtin_floor(a[i] / 3.0) + __builtin_ceil(b[i]))
LOOP(i2d, double, int64_t, int64_t, out[i] = (double)(a[i] >> 12) + (double)b[i])
LOOP(d2i, int64_t, double, double, out[i] = (int64_t)(a[i] * 16.0) + (int64_t)b[i])
LOOP(u2d, double, uint64_t, uint64_t, out[i] = (double)(a[i] >> 1) + (double)(b[i] & 0xff))
LOOP(d2u, uint64_t, double, double, out[i] = (uint64_t)(a[i] < 0 ? -a[i] : a[i]) + (uint64_t)(b[i] > 0))
LOOP(d2f, float, double, double, out[i] = (float)(a[i] * b[i]))
LOOP(f2d, double, float, float, out[i] = (double)a[i] + b[i])
LOOP(fadd_f32, float, float, float, out[i] = a[i] * 2.0f + b[i])
LOOP(fma_f32, float, float, float, out[i] = a[i] * b[i] + 1.5f)
LOOP(fcmp_f64, int64_t, double, double, out[i] = a[i] < b[i] ? -1 : 2)
LOOP(fmin_f32, float, float, float, out[i] = a[i] < b[i] ? a[i] : b[i])

/* Reductions: the result in out[0]. */
void dot_i16(void *out, const void *a_, const void *b_, long n) {
  const int16_t *a = a_, *b = b_;
  int32_t s = 0;
  for (long i = 0; i < n; i++) s += a[i] * b[i];
  *(int32_t *)out = s;
}
void sum_u8(void *out, const void *a_, const void *b_, long n) {
  const uint8_t *a = a_;
  int64_t s = 0;
  (void)b_;
  for (long i = 0; i < n; i++) s += a[i];
  *(int64_t *)out = s;
}
void sumsq_f64(void *out, const void *a_, const void *b_, long n) {
  const double *a = a_, *b = b_;
  double s = 0;
  for (long i = 0; i < n; i++) s += a[i] * b[i];
  *(double *)out = s;
}
void strlen_like(void *out, const void *a_, const void *b_, long n) {
  const char *a = a_;
  long k = 0;
  (void)b_;
  while (k < n && a[k] != 0) k++;
  *(long *)out = k;
}
void count_char(void *out, const void *a_, const void *b_, long n) {
  const char *a = a_, *b = b_;
  int k = 0;
  for (long i = 0; i < n; i++) k += a[i] == b[0];
  *(int *)out = k;
}

/*
 * String functions written the way glibc's z13 ones are (load to block boundary, find
 * element not equal or zero, load with length), with GCC's z/Vector builtins.
 */
#include <vecintrin.h>

typedef __vector unsigned char vuc;

void vx_strlen(void *out, const void *a_, const void *b_, long n) {
  const unsigned char *s = a_;
  long i = 0;
  (void)b_; (void)n;
  for (;;) {
    vuc v = vec_load_bndry(s + i, 4096);
    unsigned left = __lcbb(s + i, 4096);
    int cc;
    vuc idx = vec_cmpne_or_0_idx_cc(v, v, &cc); /* differs nowhere: the first zero byte */
    unsigned k = vec_extract(idx, 7);
    if (k < left) { i += k; break; }
    i += left;
    (void)cc;
  }
  *(long *)out = i;
}

void vx_strchr(void *out, const void *a_, const void *b_, long n) {
  const unsigned char *s = a_;
  const vuc needle = vec_splats(((const unsigned char *)b_)[0]);
  long i = 0;
  (void)n;
  for (;;) {
    vuc v = vec_load_bndry(s + i, 4096);
    unsigned left = __lcbb(s + i, 4096);
    unsigned k = vec_extract(vec_find_any_eq_or_0_idx(v, needle), 7);
    if (k < left) { i += k; break; }
    i += left;
  }
  *(long *)out = s[i] ? i : -1;
}

void vx_strcmp(void *out, const void *a_, const void *b_, long n) {
  const unsigned char *a = a_, *b = b_;
  long i = 0;
  (void)n;
  for (;;) {
    vuc x = vec_load_len(a + i, 15), y = vec_load_len(b + i, 15);
    unsigned k = vec_extract(vec_cmpne_or_0_idx(x, y), 7);
    if (k < 16) { i += k; break; }
    i += 16;
  }
  *(int *)out = a[i] - b[i];
}

void vx_memchr(void *out, const void *a_, const void *b_, long n) {
  const unsigned char *s = a_;
  const vuc needle = vec_splats((unsigned char)'e');
  long found = -1;
  (void)b_;
  for (long i = 0; i < n && found < 0; i += 16) {
    unsigned len = n - i > 16 ? 15 : (unsigned)(n - i - 1);
    vuc v = vec_load_len(s + i, len);
    unsigned k = vec_extract(vec_find_any_eq_idx(v, needle), 7);
    if (k <= len) found = i + k;
  }
  *(long *)out = found;
}

void vx_isolate(void *out, const void *a_, const void *b_, long n) {
  vuc v = vec_xl(0, (const unsigned char *)a_ + (n & 15));
  (void)b_;
  vec_xst(vec_cp_until_zero(v), 0, (unsigned char *)out);
}
