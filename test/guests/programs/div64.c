/* 64-bit and 32-bit division and remainder, signed and unsigned, over edge cases (0, 1,
   -1, powers of two, INT64_MIN, UINT64_MAX, divisors near the dividend) and random
   operands: the hardware quotient and remainder must satisfy q*d + r == n with the
   remainder's sign and magnitude rules, and equal a shift-and-subtract reference. */
#include "rt/lib.h"

static uint64_t ref_udiv(uint64_t n, uint64_t d, uint64_t *rem)
{
	uint64_t q = 0, r = 0;
	for (int i = 63; i >= 0; i--) {
		r = r << 1 | ((n >> i) & 1);
		if (r >= d) {
			r -= d;
			q |= 1ull << i;
		}
	}
	*rem = r;
	return q;
}

static int64_t ref_sdiv(int64_t n, int64_t d, int64_t *rem)
{
	uint64_t un = n < 0 ? -(uint64_t)n : (uint64_t)n;
	uint64_t ud = d < 0 ? -(uint64_t)d : (uint64_t)d;
	uint64_t ur;
	uint64_t uq = ref_udiv(un, ud, &ur);
	*rem = n < 0 ? -(int64_t)ur : (int64_t)ur;
	return (n < 0) != (d < 0) ? -(int64_t)uq : (int64_t)uq;
}

/* Keep the compiler from folding divisions of known constants. */
static volatile uint64_t sink;
static uint64_t opaque(uint64_t v)
{
	sink = v;
	return sink;
}

static const uint64_t edges[] = {
	0, 1, 2, 3, 7, 10, 0xff, 0x100, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull,
	0x123456789abcdefull, 0x7fffffffffffffffull, 0x8000000000000000ull, 0x8000000000000001ull,
	0xfffffffffffffffeull, 0xffffffffffffffffull, 1000000007, 0xfffffffffffffff9ull,
};
#define NEDGES (sizeof(edges) / sizeof(edges[0]))

static uint64_t folded;

static void fold(uint64_t v)
{
	folded = (folded << 9 | folded >> 55) ^ v;
}

static void try_unsigned(uint64_t n, uint64_t d, int print)
{
	uint64_t q = opaque(n) / opaque(d), r = opaque(n) % opaque(d), rr;
	uint64_t rq = ref_udiv(n, d, &rr);
	check(q == rq && r == rr && q * d + r == n && r < d, "unsigned 64-bit division");
	uint32_t n32 = (uint32_t)n, d32 = (uint32_t)d ? (uint32_t)d : 1;
	uint32_t q32 = (uint32_t)opaque(n32) / (uint32_t)opaque(d32);
	uint32_t r32 = (uint32_t)opaque(n32) % (uint32_t)opaque(d32);
	check(q32 * d32 + r32 == n32 && r32 < d32, "unsigned 32-bit division");
	fold(q);
	fold(r);
	fold(q32 ^ (uint64_t)r32 << 32);
	if (print) {
		put_str("u ");
		put_hex(n, 16);
		put_str(" / ");
		put_hex(d, 16);
		put_str(" = ");
		put_hex(q, 16);
		put_str(" r ");
		put_hex(r, 16);
		put_char('\n');
	}
}

static void try_signed(int64_t n, int64_t d, int print)
{
	if (d == 0 || (n == INT64_MIN && d == -1))
		return;	/* undefined in C */
	int64_t q = (int64_t)opaque((uint64_t)n) / (int64_t)opaque((uint64_t)d);
	int64_t r = (int64_t)opaque((uint64_t)n) % (int64_t)opaque((uint64_t)d);
	int64_t rr, rq = ref_sdiv(n, d, &rr);
	check(q == rq && r == rr, "signed 64-bit division matches reference");
	check((uint64_t)q * (uint64_t)d + (uint64_t)r == (uint64_t)n, "signed q*d+r == n");
	check(r == 0 || (r < 0) == (n < 0), "remainder has the dividend's sign");
	int32_t n32 = (int32_t)n, d32 = (int32_t)d;
	if (d32 != 0 && !(n32 == INT32_MIN && d32 == -1)) {
		int32_t q32 = (int32_t)(int64_t)opaque((uint64_t)(int64_t)n32) / (int32_t)(int64_t)opaque((uint64_t)(int64_t)d32);
		int32_t r32 = (int32_t)(int64_t)opaque((uint64_t)(int64_t)n32) % (int32_t)(int64_t)opaque((uint64_t)(int64_t)d32);
		check((int64_t)q32 * d32 + r32 == n32, "signed 32-bit division");
		fold((uint32_t)q32 ^ (uint64_t)(uint32_t)r32 << 32);
	}
	fold((uint64_t)q);
	fold((uint64_t)r);
	if (print) {
		put_str("s ");
		put_i64(n);
		put_str(" / ");
		put_i64(d);
		put_str(" = ");
		put_i64(q);
		put_str(" r ");
		put_i64(r);
		put_char('\n');
	}
}

int main(void)
{
	for (size_t i = 0; i < NEDGES; i++)
		for (size_t j = 0; j < NEDGES; j++) {
			int print = (i * NEDGES + j) % 17 == 0;
			if (edges[j] != 0)
				try_unsigned(edges[i], edges[j], print);
			try_signed((int64_t)edges[i], (int64_t)edges[j], print);
			try_signed(-(int64_t)edges[i], (int64_t)edges[j], 0);
		}
	uint64_t seed = 99;
	for (int i = 0; i < 3000; i++) {
		uint64_t n = rand64(&seed), d = rand64(&seed) >> (rand64(&seed) % 64);
		if (d == 0) d = 1;
		try_unsigned(n, d, i % 500 == 0);
		try_signed((int64_t)n, (int64_t)d, i % 500 == 1);
	}
	/* Division by constants (compiled to multiplications) against the reference. */
	int ok = 1;
	for (int i = 0; i < 1000; i++) {
		uint64_t n = rand64(&seed), r;
		if (n / 10 != ref_udiv(n, 10, &r) || n % 10 != r) ok = 0;
		if (n / 7 != ref_udiv(n, 7, &r) || n % 7 != r) ok = 0;
		int64_t s = (int64_t)n, sr;
		if (s / 3 != ref_sdiv(s, 3, &sr) || s % 3 != sr) ok = 0;
		if (s / -1000 != ref_sdiv(s, -1000, &sr) || s % -1000 != sr) ok = 0;
		fold(n / 10 + (uint64_t)(s / 3));
	}
	check(ok, "division by constants");
	put_str("folded ");
	put_hex(folded, 16);
	put_char('\n');
	put_checksum();
	return fails();
}
