/* Address spaces: primary (CR1), secondary (CR7) and home (CR13) each map V to their own
   frame. SACF switches the operand space (instructions still come from the primary
   space in secondary mode); the TEID names the space of a fault;
   MVCP, MVCS and MVCOS (as Linux's copy_from_user/copy_to_user use it) move between
   spaces. (QEMU 7.2 lacks IAC, EPAR and ESAR: test/mmu/space-ops.test.ts covers them.) */
#include "../dat.h"

#define V   0x40000000ul
#define V2  (V + PAGE)		/* invalid in every space */
#define X   0x40100000ul		/* a code page mapped in the secondary space only */

static uint64_t st_p[2048] __attribute__((aligned(4096)));
static uint64_t st_s[2048] __attribute__((aligned(4096)));
static uint64_t st_h[2048] __attribute__((aligned(4096)));
static uint64_t pt_p[256] __attribute__((aligned(2048)));
static uint64_t pt_s[256] __attribute__((aligned(2048)));
static uint64_t pt_h[256] __attribute__((aligned(2048)));
static uint64_t pt_x[256] __attribute__((aligned(2048)));
static uint8_t fr_p[PAGE] __attribute__((aligned(4096)));
static uint8_t fr_s[PAGE] __attribute__((aligned(4096)));
static uint8_t fr_h[PAGE] __attribute__((aligned(4096)));
static uint8_t fr_x[PAGE] __attribute__((aligned(4096)));

static void space(uint64_t *st, uint64_t *pt, uint8_t *fr, uint8_t mark)
{
	build_identity(st);
	for (int i = 0; i < 256; i++)
		pt[i] = PTE_INVALID;
	pt[0] = (unsigned long)fr;
	st[V >> 20] = (unsigned long)pt;
	for (int i = 0; i < 64; i++)
		fr[i] = mark + i;
}

static void sacf(unsigned int mode)
{
	switch (mode) {
	case 0: asm volatile("sacf 0" : : : "memory"); break;
	case 1: asm volatile("sacf 256" : : : "memory"); break;
	case 3: asm volatile("sacf 768" : : : "memory"); break;
	}
}

static unsigned int load_v(void)
{
	uint8_t b;
	asm volatile("ic %0,0(%1)" : "=d"(b) : "a"(V) : "memory");
	return b;
}

static int mvcos(unsigned long dst, unsigned long src, unsigned long len, unsigned long oac)
{
	register unsigned long r0 asm("0") = oac;
	int cc;
	asm volatile("mvcos 0(%1),0(%2),%3\n\tipm %0\n\tsrl %0,28" : "=d"(cc) : "a"(dst), "a"(src), "d"(len), "d"(r0) : "cc", "memory");
	return cc;
}

#define OAC_SECONDARY 0x0083ul	/* key 0, secondary space, both valid: Linux's uaccess */

int main(void)
{
	static const char *mode_name[] = {"primary", "secondary", "access-register", "home"};
	unsigned long real;
	int cc;

	space(st_p, pt_p, fr_p, 0x10);
	space(st_s, pt_s, fr_s, 0x40);
	space(st_h, pt_h, fr_h, 0x70);
	for (int i = 0; i < 256; i++)
		pt_x[i] = PTE_INVALID;
	pt_x[0] = (unsigned long)fr_x;
	st_s[X >> 20] = (unsigned long)pt_x;
	fr_x[0] = 0x07, fr_x[1] = 0xfe;	/* br %r14 */
	lctlg(1, (unsigned long)st_p | TL_FULL);
	lctlg(7, (unsigned long)st_s | TL_FULL);
	lctlg(13, (unsigned long)st_h | TL_FULL);
	lctlg(0, stctg(0) | CR0_SECONDARY);
	dat_on();

	for (unsigned int m = 0; m < 4; m++) {
		if (m == 2)
			continue;
		sacf(m);
		unsigned int b = load_v();
		int lcc = lrag(V + 8, &real);
		sacf(0);
		PRINTF("%s mode: V reads %02x, lrag cc %d %s\n", mode_name[m], b, lcc,
		       real == (unsigned long)fr_p + 8 ? "primary frame" : real == (unsigned long)fr_s + 8 ? "secondary frame"
		       : real == (unsigned long)fr_h + 8 ? "home frame" : "?");
	}

	TRY("primary: fault at V2", "lg %%r0,0(%2)", "a"(V2));
	sacf(1);
	TRY("secondary: fault at V2", "lg %%r0,0(%2)", "a"(V2));
	TRY("secondary: store fault at V2", "mvi 0(%2),1", "a"(V2));
	branch_target = X;
	TRY("secondary mode: branch to a page only the secondary space maps", "basr %%r14,%2", "a"(X));
	sacf(3);
	TRY("home: fault at V2", "lg %%r0,0(%2)", "a"(V2));
	TRY("home mode: the same branch", "basr %%r14,%2", "a"(X));
	sacf(0);

	/* MVCP and MVCS in primary mode. */
	{
		unsigned long len = 16;
		asm volatile("mvcp 0(%0,%1),0(%2),%3" : "+d"(len) : "a"(V + 0x100), "a"(V), "d"(0ul) : "cc", "memory");
		PRINTF("mvcp: primary frame +0x100 = %02x..%02x\n", fr_p[0x100], fr_p[0x10f]);
		len = 300;
		asm volatile("mvcp 0(%1,%2),0(%3),%4\n\tipm %0\n\tsrl %0,28" : "=d"(cc), "+d"(len) : "a"(V + 0x200), "a"(V), "d"(0ul) : "cc", "memory");
		PRINTF("mvcp 300 bytes: cc %d, byte 63 %02x byte 256 %02x\n", cc, fr_p[0x23f], fr_p[0x300]);
		len = 8;
		asm volatile("mvcs 0(%0,%1),0(%2),%3" : "+d"(len) : "a"(V + 0x400), "a"(V), "d"(0ul) : "cc", "memory");
		PRINTF("mvcs: secondary frame +0x400 = %02x..%02x\n", fr_s[0x400], fr_s[0x407]);
	}
	sacf(3);
	TRY("mvcp in home mode", "mvcp 0(%2,%3),0(%3),%4", "d"(8ul), "a"(V), "d"(0ul));

	/* MVCOS in home mode, as Linux's uaccess. */
	sacf(3);
	cc = mvcos(V + 0x500, V, 32, OAC_SECONDARY);
	sacf(0);
	PRINTF("mvcos copy_from_user: cc %d home +0x500 = %02x..%02x\n", cc, fr_h[0x500], fr_h[0x51f]);
	sacf(3);
	cc = mvcos(V + 0x600, V, 24, OAC_SECONDARY << 16);
	sacf(0);
	PRINTF("mvcos copy_to_user: cc %d secondary +0x600 = %02x..%02x\n", cc, fr_s[0x600], fr_s[0x617]);
	sacf(3);
	fr_s[0xfff] = 0xee;
	cc = mvcos(V, V, 0x10000, OAC_SECONDARY);
	PRINTF("mvcos 64K: cc %d home +0x700 = %02x, +0xfff = %02x\n", cc, fr_h[0x700], fr_h[0xfff]);
	TRY("mvcos fault in the secondary space", "lgfi %%r0,0x83\n\tmvcos 0(%2),0(%3),%4", "a"(V), "a"(V2), "d"(8ul));
	TRY("mvcos fault in the home space", "lgfi %%r0,0x83\n\tmvcos 0(%2),0(%3),%4", "a"(V2), "a"(V), "d"(8ul));
	sacf(0);

	return 0;
}
