/* STFLE/STFL: the list length protocol (condition code 3 and R0 when the buffer is too
   short) and the facilities z10/z196 code and Linux's architecture-level check need.
   Only bits both QEMU's and Kuli's CPU models must have are printed. */
#include "guest.h"

static const struct { int bit; const char *name; } REQUIRED[] = {
	{ 0, "N3 instructions" },
	{ 1, "z/Architecture installed" },
	{ 2, "z/Architecture active" },
	{ 7, "store-facility-list-extended" },
	{ 18, "long-displacement" },
	{ 19, "long-displacement high performance" },
	{ 21, "extended-immediate" },
	{ 25, "store-clock-fast" },
	{ 27, "move-with-optional-specifications" },
	{ 31, "extract-CPU-time" },
	{ 32, "compare-and-swap-and-store" },
	{ 33, "compare-and-swap-and-store 2" },
	{ 34, "general-instructions-extension" },
	{ 35, "execute-extensions" },
	{ 41, "floating-point-support-enhancement" },
	{ 45, "z196 distinct-operands, high-word, interlocked-access 1, load/store-on-condition" },
	{ 138, "configuration-z/Architecture-mode" },
};

static int stfle(uint64_t *list, unsigned int doublewords, unsigned long *r0out)
{
	register unsigned long r0 asm("0") = doublewords - 1;
	int cc;

	asm volatile("stfle 0(%2)\n\tipm %0\n\tsrl %0,28" : "=d"(cc), "+d"(r0) : "a"(list) : "cc", "memory");
	*r0out = r0;
	return cc;
}

int main(void)
{
	uint64_t list[8] = { 0 }, one[2] = { 0, 0x5555555555555555ull };
	unsigned long r0;
	int cc;

	cc = stfle(one, 1, &r0);
	printf("stfle with 1 doubleword: cc %d, doublewords needed %lu, second doubleword untouched: %s\n",
	       cc, (r0 & 0xff) + 1, one[1] == 0x5555555555555555ull ? "yes" : "NO");
	cc = stfle(list, 8, &r0);
	printf("stfle with 8 doublewords: cc %d, first doubleword equals the short store: %s\n", cc,
	       list[0] == one[0] ? "yes" : "NO");
	for (unsigned int i = 0; i < sizeof(REQUIRED) / sizeof(REQUIRED[0]); i++) {
		int b = REQUIRED[i].bit;
		printf("facility %3d %s: %s\n", b, list[b / 64] & (1ull << (63 - b % 64)) ? "yes" : "NO",
		       REQUIRED[i].name);
	}
	asm volatile("stfl 0" : : : "memory");
	printf("stfl at 0xc8 equals stfle bits 0-31: %s\n", LC32(LC_STFL_FAC_LIST) == (uint32_t)(list[0] >> 32) ? "yes" : "NO");
	return 0;
}
