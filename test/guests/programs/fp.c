/* Binary floating point: naive and compensated (Kahan) sums, square roots (hardware
   through __builtin_sqrt and a Newton iteration), conversions between integers, float
   and double (truncation, rounding, huge and tiny values), and decimal formatting of
   doubles done here with integer arithmetic on the bit pattern -- printed, so the
   oracle compares every digit. */
#include "rt/lib.h"

static uint64_t bits_of(double d)
{
	uint64_t u;
	memcpy(&u, &d, 8);
	return u;
}

static double from_bits(uint64_t u)
{
	double d;
	memcpy(&d, &u, 8);
	return d;
}

/* Prints d with `digits` significant decimal digits in scientific notation, rounding
   half to even on the exact binary value (a 128-bit integer scaled by powers of ten). */
static void put_double(double d, int digits)
{
	uint64_t u = bits_of(d);
	if (u >> 63) put_char('-');
	int exp = (int)((u >> 52) & 0x7ff);
	uint64_t frac = u & 0xfffffffffffffull;
	if (exp == 0x7ff) {
		put_str(frac ? "nan" : "inf");
		return;
	}
	if (exp == 0 && frac == 0) {
		put_str("0");
		return;
	}
	/* value = m * 2^e exactly */
	uint64_t m = exp ? frac | 1ull << 52 : frac;
	int e = (exp ? exp : 1) - 1075;
	/* Scale to big * 10^dec with big in [1e27, 1e28): doubling and halving consume the
	   binary exponent, multiplying and dividing by ten the decimal one. Each rounding
	   step costs ~1e-27 relative, far below the 17 digits printed. */
	unsigned __int128 big = m;
	int dec = 0;
	const unsigned __int128 lo = (unsigned __int128)1000000000000000000ull * 1000000000ull;	/* 1e27 */
	const unsigned __int128 hi = lo * 10;
	while (e != 0 || big >= hi || big < lo) {
		if (e > 0 && big < hi) {
			big <<= 1;
			e--;
		} else if (e < 0 && big >= lo) {
			big = (big + 1) >> 1;
			e++;
		} else if (big >= hi) {
			big = (big + 5) / 10;
			dec++;
		} else {
			big *= 10;
			dec--;
		}
	}
	/* big has 28 digits; keep `digits` of them, rounding half to even. */
	unsigned __int128 div = 1;
	for (int i = 0; i < 28 - digits; i++) div *= 10;
	unsigned __int128 q = big / div, r = big % div;
	if (r * 2 > div || (r * 2 == div && (q & 1))) q++;
	int exp10 = dec + 27;
	unsigned __int128 top = 1;
	for (int i = 0; i < digits; i++) top *= 10;
	if (q >= top) { q /= 10; exp10++; }
	char buf[40];
	int n = 0;
	for (int i = 0; i < digits; i++) {
		buf[n++] = (char)('0' + (int)(q % 10));
		q /= 10;
	}
	put_char(buf[--n]);
	put_char('.');
	while (n) put_char(buf[--n]);
	put_char('e');
	put_i64(exp10);
}

static double newton_sqrt(double x)
{
	if (x <= 0) return 0;
	/* Start from half the exponent (the bit-pattern trick), then iterate. */
	double g = from_bits((bits_of(x) >> 1) + (0x3ff0000000000000ull >> 1));
	for (int i = 0; i < 100; i++) {
		double n = (g + x / g) / 2;
		if (n == g) break;
		g = n;
	}
	return g;
}

static volatile double vsink;
static double opaque(double d)
{
	vsink = d;
	return vsink;
}

static void line(const char *what, double d)
{
	put_str(what);
	put_str(" = ");
	put_double(d, 17);
	put_str(" [");
	put_hex(bits_of(d), 16);
	put_str("]\n");
}

int main(void)
{
	/* Sums of 1/k: naive forward, naive backward and Kahan. */
	double fwd = 0, bwd = 0, kahan = 0, comp = 0;
	const int n = 20000;
	for (int k = 1; k <= n; k++) fwd += 1.0 / k;
	for (int k = n; k >= 1; k--) bwd += 1.0 / k;
	for (int k = 1; k <= n; k++) {
		double y = 1.0 / k - comp;
		double t = kahan + y;
		comp = (t - kahan) - y;
		kahan = t;
	}
	line("harmonic forward", fwd);
	line("harmonic backward", bwd);
	line("harmonic kahan", kahan);
	check(kahan > 10.480728 && kahan < 10.480729, "H(20000) ~ 10.4807282");
	double diff = fwd - kahan;
	check(diff < 1e-11 && diff > -1e-11, "naive and Kahan sums close");

	/* Sum of 0.1 ten million-ish times in float and double. */
	float fs = 0;
	double ds = 0;
	for (int i = 0; i < 100000; i++) { fs += 0.1f; ds += 0.1; }
	line("float 0.1 x 1e5", fs);
	line("double 0.1 x 1e5", ds);

	/* Square roots. */
	static const double roots[] = { 2, 3, 0.25, 1e-300, 1e300, 123456789, 4.9e-324, 1.7976931348623157e308 };
	for (size_t i = 0; i < sizeof(roots) / sizeof(roots[0]); i++) {
		double x = opaque(roots[i]);
		double h = __builtin_sqrt(x);
		double nr = newton_sqrt(x);
		line("sqrt", h);
		double rel = (h - nr) / h;
		check(rel < 1e-15 && rel > -1e-15, "hardware sqrt agrees with Newton");
		if (x > 1e-300 && x < 1e300)
			check(h * h <= x * (1 + 1e-15) && h * h >= x * (1 - 1e-15), "sqrt squared");
	}
	check(__builtin_sqrt(opaque(16.0)) == 4.0, "sqrt(16) exact");
	float fr = __builtin_sqrtf((float)opaque(2.0));
	line("sqrtf(2)", fr);

	/* Conversions. */
	static const double conv[] = { 0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 1e10, -1e10, 4503599627370497.0,
		9007199254740993.0, 2147483647.9, -2147483648.9, 1e18, -9.2e18, 0.999999999999 };
	uint64_t folded = 0;
	for (size_t i = 0; i < sizeof(conv) / sizeof(conv[0]); i++) {
		double d = opaque(conv[i]);
		int64_t t64 = (int64_t)d;
		int32_t t32 = d > -2147483649.0 && d < 2147483648.0 ? (int32_t)d : 0;
		uint64_t tu = d >= 0 && d < 1.8e19 ? (uint64_t)d : 0;
		float f = (float)d;
		double back = (double)t64;
		folded = folded * 31 + (uint64_t)t64 + (uint64_t)(uint32_t)t32 + tu + bits_of(back) + bits_of((double)f);
		put_str("conv ");
		put_double(d, 17);
		put_str(" -> i64 ");
		put_i64(t64);
		put_str(" i32 ");
		put_i64(t32);
		put_str(" float ");
		put_double((double)f, 9);
		put_char('\n');
	}
	static const int64_t ints[] = { 0, 1, -1, 9007199254740993LL, -9007199254740993LL, INT64_MAX, INT64_MIN, 16777217 };
	for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
		int64_t v = (int64_t)opaque((double)0) + ints[i];
		double d = (double)v;
		float f = (float)v;
		double du = (double)(uint64_t)v;
		folded = folded * 31 + bits_of(d) + bits_of(du) + bits_of((double)f);
		put_str("from ");
		put_i64(v);
		put_str(" double ");
		put_double(d, 17);
		put_str(" float ");
		put_double((double)f, 9);
		put_str(" unsigned ");
		put_double(du, 17);
		put_char('\n');
	}
	check((int64_t)opaque(-2.5) == -2, "truncation toward zero");
	check((double)(float)opaque(16777217.0) == 16777216.0, "float rounds to even");

	/* Special values and their formatting. */
	double inf = opaque(1e308) * 10, nan = inf - inf, tiny = opaque(4.9e-324), neg0 = -opaque(0.0);
	line("inf", inf);
	line("nan", nan);
	line("min subnormal", tiny);
	line("-0", neg0);
	line("max", from_bits(0x7fefffffffffffffull));
	line("min normal", from_bits(0x0010000000000000ull));
	line("pi", 3.141592653589793);
	line("1/3", opaque(1.0) / 3);
	check(nan != nan, "NaN is unordered");
	check(neg0 == 0 && (bits_of(neg0) >> 63), "negative zero");
	check(tiny / 2 == 0, "subnormal halves to zero (round to even)");
	put_str("folded ");
	put_hex(folded, 16);
	put_char('\n');
	put_checksum();
	return fails();
}
