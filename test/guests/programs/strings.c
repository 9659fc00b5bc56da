/* String and memory routines written here (not the compiler's builtins): length,
   compare, copy, overlapping move, search for a character and a substring, reverse,
   decimal conversion -- each checked against a simple reference loop at every
   alignment and many lengths, and a few known answers. */
#include "rt/lib.h"

static size_t my_strlen(const char *s)
{
	/* Word at a time once aligned: the classic "has a zero byte" test. */
	const char *p = s;
	while (((uintptr_t)p & 7) != 0) {
		if (*p == 0) return (size_t)(p - s);
		p++;
	}
	const uint64_t *w = (const uint64_t *)p;
	for (;;) {
		uint64_t v = *w;
		if (((v - 0x0101010101010101ull) & ~v & 0x8080808080808080ull) != 0) break;
		w++;
	}
	p = (const char *)w;
	while (*p) p++;
	return (size_t)(p - s);
}

static int my_strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

static void *my_memcpy(void *d, const void *s, size_t n)
{
	unsigned char *p = d;
	const unsigned char *q = s;
	while (n >= 8 && (((uintptr_t)p | (uintptr_t)q) & 7) == 0) {
		*(uint64_t *)p = *(const uint64_t *)q;
		p += 8, q += 8, n -= 8;
	}
	while (n--) *p++ = *q++;
	return d;
}

static void *my_memmove(void *d, const void *s, size_t n)
{
	unsigned char *p = d;
	const unsigned char *q = s;
	if (p == q || n == 0) return d;
	if (p < q || p >= q + n) return my_memcpy(d, s, n);
	while (n--) p[n] = q[n];	/* overlap with the destination above: copy backwards */
	return d;
}

static const char *my_strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c) return s;
		if (*s == 0) return 0;
	}
}

static const char *my_strrchr(const char *s, int c)
{
	const char *last = 0;
	for (;; s++) {
		if (*s == (char)c) last = s;
		if (*s == 0) return last;
	}
}

static const char *my_strstr(const char *hay, const char *needle)
{
	size_t n = my_strlen(needle);
	if (n == 0) return hay;
	for (; *hay; hay++) {
		if (*hay != *needle) continue;
		size_t i = 1;
		while (i < n && hay[i] == needle[i]) i++;
		if (i == n) return hay;
	}
	return 0;
}

static void my_reverse(char *s)
{
	size_t n = my_strlen(s);
	for (size_t i = 0; i < n / 2; i++) {
		char t = s[i];
		s[i] = s[n - 1 - i];
		s[n - 1 - i] = t;
	}
}

static int64_t my_atoi(const char *s)
{
	int neg = 0;
	int64_t v = 0;
	if (*s == '-') neg = 1, s++;
	while (*s >= '0' && *s <= '9') v = v * 10 + (*s++ - '0');
	return neg ? -v : v;
}

static void my_itoa(int64_t v, char *out)
{
	char *p = out;
	uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;
	do *p++ = (char)('0' + u % 10); while (u /= 10);
	if (v < 0) *p++ = '-';
	*p = 0;
	my_reverse(out);
}

static char a[600], b[600];
static uint64_t folded;

static void fold(uint64_t v)
{
	folded = (folded << 11 | folded >> 53) ^ v;
}

int main(void)
{
	uint64_t seed = 2024;
	int ok = 1;
	/* strlen at every alignment and length up to 100. */
	for (size_t align = 0; align < 8; align++)
		for (size_t len = 0; len < 100; len++) {
			for (size_t i = 0; i < len; i++) a[align + i] = (char)('A' + (rand64(&seed) % 26));
			a[align + len] = 0;
			a[align + len + 1] = 'x';
			if (my_strlen(a + align) != len) ok = 0;
		}
	check(ok, "strlen at all alignments");

	check(my_strcmp("abc", "abc") == 0, "strcmp equal");
	check(my_strcmp("abc", "abd") < 0, "strcmp less");
	check(my_strcmp("abd", "abc") > 0, "strcmp greater");
	check(my_strcmp("ab", "abc") < 0, "strcmp prefix");
	check(my_strcmp("\xff", "\x01") > 0, "strcmp compares unsigned bytes");

	/* memcpy / memmove against a byte loop, all alignments, overlap both ways. */
	ok = 1;
	for (int trial = 0; trial < 400; trial++) {
		size_t n = rand64(&seed) % 200, src = rand64(&seed) % 200, dst = rand64(&seed) % 200;
		for (size_t i = 0; i < sizeof(a); i++) a[i] = b[i] = (char)rand64(&seed);
		my_memmove(a + dst, a + src, n);
		char t[200];
		for (size_t i = 0; i < n; i++) t[i] = b[src + i];
		for (size_t i = 0; i < n; i++) b[dst + i] = t[i];
		for (size_t i = 0; i < sizeof(a); i++) if (a[i] != b[i]) ok = 0;
		fold(n * 40000 + src * 200 + dst);
	}
	check(ok, "memmove with overlap");
	ok = 1;
	for (int trial = 0; trial < 200; trial++) {
		size_t n = rand64(&seed) % 256, s = rand64(&seed) % 16, d = 300 + rand64(&seed) % 16;
		for (size_t i = 0; i < sizeof(a); i++) a[i] = (char)rand64(&seed);
		my_memcpy(a + d, a + s, n);
		for (size_t i = 0; i < n; i++) if (a[d + i] != a[s + i]) ok = 0;
	}
	check(ok, "memcpy");

	static const char text[] = "the quick brown fox jumps over the lazy dog; the end";
	const char *p = my_strstr(text, "fox");
	check(p && p - text == 16, "strstr fox");
	check(my_strstr(text, "cat") == 0, "strstr absent");
	check(my_strstr(text, "") == text, "strstr empty needle");
	p = my_strstr(text, "the e");
	check(p && p - text == 45, "strstr late match");
	check(my_strchr(text, 'q') - text == 4, "strchr");
	check(my_strrchr(text, 't') - text == 45, "strrchr");
	check(my_strchr(text, 0) - text == (long)my_strlen(text), "strchr NUL");
	check(my_strchr(text, 'Z') == 0, "strchr absent");

	/* Decimal round trips. */
	ok = 1;
	char num[32];
	static const int64_t values[] = { 0, 1, -1, 9, 10, -10, 123456789, INT64_MAX, -INT64_MAX };
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		my_itoa(values[i], num);
		if (my_atoi(num) != values[i]) ok = 0;
		put_str("itoa ");
		put_str(num);
		put_char('\n');
	}
	for (int i = 0; i < 500; i++) {
		int64_t v = (int64_t)rand64(&seed) >> (rand64(&seed) % 60);
		my_itoa(v, num);
		if (my_atoi(num) != v) ok = 0;
		fold(my_strlen(num));
	}
	check(ok, "itoa/atoi round trip");

	my_memcpy(a, "Hello, s390x world", 19);
	my_reverse(a);
	put_str("reversed: ");
	put_str(a);
	put_char('\n');
	check(my_strcmp(a, "dlrow x093s ,olleH") == 0, "reverse");
	put_str("folded ");
	put_hex(folded, 16);
	put_char('\n');
	put_checksum();
	return fails();
}
