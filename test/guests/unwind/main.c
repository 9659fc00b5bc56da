/* Unwinder test guest: nested calls of every frame shape gcc -O2 gives on s390x, for
   CFI unwinding (.debug_frame / .eh_frame) checked against gdb's backtraces: a leaf that
   keeps its return address in r14 (no frame, no save), calls through a function pointer,
   an 8 KiB frame, a variable-length array (CFA on the frame pointer r11),
   recursion, and a function inlined into its caller. No backchain (gcc's default). */
#include "guest.h"

volatile unsigned long sink;

__attribute__((noinline)) unsigned long leaf(unsigned long x)
{
	sink += x;
	return x * 3 + sink;
}

typedef unsigned long (*op_fn)(unsigned long);
op_fn volatile op = leaf;

static inline __attribute__((always_inline)) unsigned long twice(unsigned long x)
{
	return op(x) + op(x + 1);
}

__attribute__((noinline)) unsigned long middle(unsigned long x)
{
	unsigned long a = leaf(x);
	return a + twice(a);
}

__attribute__((noinline)) unsigned long big(unsigned long n)
{
	volatile unsigned long table[1024];

	for (unsigned long i = 0; i < n; i++)
		table[i * 16] = i;
	return middle(table[16]) + n;
}

__attribute__((noinline)) unsigned long vla(unsigned long n)
{
	volatile unsigned char buf[n + 8];

	buf[n] = (unsigned char)n;
	return big(buf[n]) + buf[0];
}

__attribute__((noinline)) unsigned long recurse(unsigned long depth)
{
	if (depth == 0)
		return vla(5);
	return recurse(depth - 1) + 1;
}

int main(void)
{
	unsigned long r = recurse(2);

	r += middle(7);
	printf("unwind %lu\n", r);
	return 0;
}
