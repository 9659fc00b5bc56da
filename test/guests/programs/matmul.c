/* Matrix multiplication in 32-bit integers (wrapping), 64-bit integers and doubles:
   the naive i-j-k loop against a blocked i-k-j version, identity and associativity
   checks, and exactly representable double products (small integers), so every result
   is exact and both orders must agree bit for bit. */
#include "rt/lib.h"

#define N 24
#define BLOCK 5

static int32_t a32[N][N], b32[N][N], c32[N][N], d32[N][N];
static int64_t a64[N][N], b64[N][N], c64[N][N], d64[N][N], e64[N][N], f64[N][N];
static double ad[N][N], bd[N][N], cd[N][N], dd[N][N];

static void mul32_naive(int32_t c[N][N], int32_t a[N][N], int32_t b[N][N])
{
	for (int i = 0; i < N; i++)
		for (int j = 0; j < N; j++) {
			uint32_t s = 0;
			for (int k = 0; k < N; k++)
				s += (uint32_t)a[i][k] * (uint32_t)b[k][j];
			c[i][j] = (int32_t)s;
		}
}

static void mul32_blocked(int32_t c[N][N], int32_t a[N][N], int32_t b[N][N])
{
	for (int i = 0; i < N; i++)
		for (int j = 0; j < N; j++)
			c[i][j] = 0;
	for (int kk = 0; kk < N; kk += BLOCK)
		for (int i = 0; i < N; i++)
			for (int k = kk; k < kk + BLOCK && k < N; k++) {
				uint32_t x = (uint32_t)a[i][k];
				for (int j = 0; j < N; j++)
					c[i][j] = (int32_t)((uint32_t)c[i][j] + x * (uint32_t)b[k][j]);
			}
}

static void mul64(int64_t c[N][N], int64_t a[N][N], int64_t b[N][N])
{
	for (int i = 0; i < N; i++)
		for (int j = 0; j < N; j++) {
			uint64_t s = 0;
			for (int k = 0; k < N; k++)
				s += (uint64_t)a[i][k] * (uint64_t)b[k][j];
			c[i][j] = (int64_t)s;
		}
}

static void muld_naive(double c[N][N], double a[N][N], double b[N][N])
{
	for (int i = 0; i < N; i++)
		for (int j = 0; j < N; j++) {
			double s = 0;
			for (int k = 0; k < N; k++)
				s += a[i][k] * b[k][j];
			c[i][j] = s;
		}
}

static void muld_ikj(double c[N][N], double a[N][N], double b[N][N])
{
	for (int i = 0; i < N; i++)
		for (int j = 0; j < N; j++)
			c[i][j] = 0;
	for (int i = 0; i < N; i++)
		for (int k = 0; k < N; k++) {
			double x = a[i][k];
			for (int j = 0; j < N; j++)
				c[i][j] += x * b[k][j];
		}
}

static uint64_t hash_words(const void *p, size_t bytes)
{
	const uint64_t *w = p;
	uint64_t h = 0xcbf29ce484222325ull;
	for (size_t i = 0; i < bytes / 8; i++)
		h = (h ^ w[i]) * 0x100000001b3ull;
	return h;
}

static void put_line(const char *what, uint64_t hash, int64_t corner)
{
	put_str(what);
	put_str(" hash=");
	put_hex(hash, 16);
	put_str(" c[N-1][N-1]=");
	put_i64(corner);
	put_char('\n');
}

int main(void)
{
	uint64_t seed = 7;
	for (int i = 0; i < N; i++)
		for (int j = 0; j < N; j++) {
			a32[i][j] = (int32_t)rand64(&seed);
			b32[i][j] = (int32_t)rand64(&seed);
			a64[i][j] = (int64_t)(rand64(&seed) % 2001) - 1000;
			b64[i][j] = (int64_t)(rand64(&seed) % 2001) - 1000;
			ad[i][j] = (double)a64[i][j];
			bd[i][j] = (double)b64[i][j] / 4;
		}

	mul32_naive(c32, a32, b32);
	mul32_blocked(d32, a32, b32);
	check(memcmp(c32, d32, sizeof(c32)) == 0, "int32 naive == blocked");
	put_line("int32", hash_words(c32, sizeof(c32)), c32[N - 1][N - 1]);

	mul64(c64, a64, b64);
	int64_t id[N][N];
	for (int i = 0; i < N; i++)
		for (int j = 0; j < N; j++)
			id[i][j] = i == j;
	mul64(d64, c64, id);
	check(memcmp(c64, d64, sizeof(c64)) == 0, "int64 times identity");
	/* (A B) A == A (B A) */
	mul64(d64, c64, a64);
	mul64(e64, b64, a64);
	mul64(f64, a64, e64);
	check(memcmp(d64, f64, sizeof(d64)) == 0, "int64 associativity");
	put_line("int64", hash_words(c64, sizeof(c64)), c64[N - 1][N - 1]);
	put_line("int64 ABA", hash_words(d64, sizeof(d64)), d64[N - 1][N - 1]);

	muld_naive(cd, ad, bd);
	muld_ikj(dd, ad, bd);
	check(memcmp(cd, dd, sizeof(cd)) == 0, "double naive == ikj (exact products)");
	int exact = 1;
	for (int i = 0; i < N; i++)
		for (int j = 0; j < N; j++)
			if (cd[i][j] * 4 != (double)c64[i][j]) exact = 0;
	check(exact, "double result equals the integer product / 4");
	put_line("double", hash_words(cd, sizeof(cd)), (int64_t)(cd[N - 1][N - 1] * 4));

	/* An inexact case: 1/3-based matrix; the two orders may round differently, so only
	   the bit pattern of the naive order is reported (the oracle compares it). */
	for (int i = 0; i < N; i++)
		for (int j = 0; j < N; j++) {
			ad[i][j] = (double)(i + 1) / (double)(j + 3);
			bd[i][j] = (double)(j - i) / 7.0;
		}
	muld_naive(cd, ad, bd);
	put_line("double inexact", hash_words(cd, sizeof(cd)), (int64_t)(cd[N / 2][N / 3] * 1e6));
	put_checksum();
	return fails();
}
