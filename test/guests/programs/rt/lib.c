/* Runtime of the self-checking programs (see lib.h). Formatting uses the CPU freely:
   it is part of what the programs exercise. */
#include "lib.h"
#include "../../cpu-diff/rt/console.h"

void program_exit(int status) __attribute__((noreturn));
void program_check(uint64_t code, uint64_t psw, uint64_t ilc) __attribute__((noreturn));
void cpu_stop_self(void) __attribute__((noreturn));

static uint32_t checksum = 0x811c9dc5u;
static int failures;

void put_char(char c)
{
	checksum = (checksum ^ (uint8_t)c) * 0x01000193u;
	out_char(c);
}

void put_str(const char *s)
{
	while (*s)
		put_char(*s++);
}

void put_u64(uint64_t v)
{
	char buf[21];
	int n = 0;
	do {
		buf[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		put_char(buf[--n]);
}

void put_i64(int64_t v)
{
	if (v < 0) {
		put_char('-');
		put_u64(-(uint64_t)v);
	} else {
		put_u64((uint64_t)v);
	}
}

void put_hex(uint64_t v, int digits)
{
	for (int i = digits - 1; i >= 0; i--)
		put_char("0123456789abcdef"[(v >> (4 * i)) & 15]);
}

void check(int ok, const char *what)
{
	if (!ok) {
		failures++;
		put_str("FAIL: ");
		put_str(what);
		put_char('\n');
	}
}

int fails(void)
{
	return failures;
}

uint32_t output_checksum(void)
{
	return checksum;
}

void put_checksum(void)
{
	uint32_t c = checksum;
	put_str("checksum ");
	put_hex(c, 8);
	put_char('\n');
}

void *memcpy(void *d, const void *s, size_t n)
{
	uint8_t *p = d;
	const uint8_t *q = s;
	while (n--)
		*p++ = *q++;
	return d;
}

void *memmove(void *d, const void *s, size_t n)
{
	uint8_t *p = d;
	const uint8_t *q = s;
	if (p < q) {
		while (n--)
			*p++ = *q++;
	} else {
		while (n--)
			p[n] = q[n];
	}
	return d;
}

void *memset(void *d, int c, size_t n)
{
	uint8_t *p = d;
	while (n--)
		*p++ = (uint8_t)c;
	return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const uint8_t *p = a, *q = b;
	for (; n; n--, p++, q++)
		if (*p != *q)
			return *p < *q ? -1 : 1;
	return 0;
}

uint64_t rand64(uint64_t *state)
{
	uint64_t x = *state;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*state = x;
	return x;
}

void program_exit(int status)
{
	out_str("EXIT: STATUS=");
	out_dec((uint64_t)status);
	out_char('\n');
	cpu_stop_self();
}

void program_check(uint64_t code, uint64_t psw, uint64_t ilc)
{
	out_str("PROGRAM CHECK ");
	out_hex(code, 4);
	out_str(" ilc ");
	out_dec(ilc >> 1);
	out_str(" at ");
	out_hex(psw, 16);
	out_char('\n');
	program_exit(99);
}
