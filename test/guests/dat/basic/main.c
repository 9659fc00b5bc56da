/* DAT with a segment-table ASCE and 4K pages: translation, LRAG, each translation
   exception with its TEID and where the old PSW points, DAT and low-address protection,
   instruction-execution protection, and invalidation by IPTE, IDTE, CSP and PTLB. */
#include "../dat.h"

#define V      0x40000000ul		/* a test page, segment 0x400 */
#define V2     (V + PAGE)		/* a page left invalid */
#define VSEG2  (V + SEG)		/* a segment with page protection */
#define VNONE  0x60000000ul		/* an invalid segment */

static uint64_t segtab[2048] __attribute__((aligned(4096)));
static uint64_t pt_v[256] __attribute__((aligned(2048)));
static uint64_t pt_v2[256] __attribute__((aligned(2048)));
static uint8_t frame_a[PAGE] __attribute__((aligned(4096)));
static uint8_t frame_b[PAGE] __attribute__((aligned(4096)));
static uint32_t csp_word __attribute__((aligned(8)));

/* Low-address protection is on only around the one store: the console and the
   interruption handlers store into lowcore. */
static uint64_t cr0_lap, cr0_nolap;
#define TRY_LAP(name, addr)                                                              \
	do {                                                                              \
		unsigned long before_, after_;                                            \
		got_code = 0;                                                             \
		LC64(LC_TEID) = 0;                                                        \
		asm volatile("larl %0,1f\n\tlarl %1,2f\n\tstg %1,0(%[res])\n\t"          \
			     "lctlg %%c0,%%c0,%[on]\n1:\tmvi 0(%[a]),0\n2:\tlctlg %%c0,%%c0,%[off]" \
			     : "=&a"(before_), "=&a"(after_)                                \
			     : [a] "a"(addr), [res] "a"(&resume_at), [on] "Q"(cr0_lap),     \
			       [off] "Q"(cr0_nolap)                                         \
			     : "memory", "cc");                                             \
		report(name, before_, after_);                                            \
	} while (0)

static void set_pte(uint64_t *pt, unsigned long v, unsigned long entry)
{
	pt[(v >> 12) & 0xff] = entry;
}

int main(void)
{
	unsigned long real, v;
	uint64_t x = 0;
	int cc;

	build_identity(segtab);
	for (int i = 0; i < 256; i++)
		pt_v[i] = PTE_INVALID, pt_v2[i] = PTE_INVALID;
	segtab[V >> 20] = (unsigned long)pt_v;
	segtab[VSEG2 >> 20] = (unsigned long)pt_v2 | STE_PROTECT;
	set_pte(pt_v, V, (unsigned long)frame_a);
	set_pte(pt_v2, VSEG2, (unsigned long)frame_b);
	for (int i = 0; i < 8; i++)
		frame_a[i] = 0x10 + i, frame_b[i] = 0x20 + i;
	lctlg(1, (unsigned long)segtab | DT_SEGMENT | TL_FULL);
	lctlg(0, stctg(0) | CR0_SECONDARY);
	dat_on();
	PRINTF("dat on, identity map works\n");

	v = V + 0x10;
	TRY("store through V", "mvghi 0(%2),0x55", "a"(v));
	PRINTF("frame_a+0x10 = %02x\n", frame_a[0x17]);
	TRY("load through V", "lg %2,0(%3)", "d"(x), "a"(V));
	cc = lrag(V + 0x123, &real);
	PRINTF("lrag V+0x123: cc %d %s\n", cc, real == (unsigned long)frame_a + 0x123 ? "= frame_a+0x123" : "wrong");
	cc = lrag(0x80000000ul, &real);
	PRINTF("lrag 2G: cc %d r1 %016lx\n", cc, real);

	TRY("page translation (invalid PTE)", "lg %%r0,0(%2)", "a"(V2 + 8));
	TRY("segment translation (invalid STE)", "lg %%r0,0(%2)", "a"(VNONE));
	TRY("ASCE type (address 2G, segment-table ASCE)", "lg %%r0,0(%2)", "a"(0x80000000ul));
	TRY("store to invalid page (fetch/store bit)", "mvi 0(%2),1", "a"(V2));

	set_pte(pt_v, V2, (unsigned long)frame_b | PTE_PROTECT);
	TRY("load from protected page", "lg %%r0,0(%2)", "a"(V2));
	TRY("store to protected page", "mvi 0(%2),1", "a"(V2 + 0x20));
	TRY("stg to protected page", "stg %%r0,0(%2)", "a"(V2 + 0x40));
	TRY("store to protected segment", "mvi 0(%2),1", "a"(VSEG2));
	PRINTF("frame_b[0] = %02x\n", frame_b[0]);

	set_pte(pt_v, V2, (unsigned long)frame_b | PTE_BIT52);
	ptlb();
	TRY("translation specification (PTE bit 52)", "lg %%r0,0(%2)", "a"(V2));
	segtab[VNONE >> 20] = (unsigned long)pt_v | 0x4;
	TRY("translation specification (STE type 01)", "lg %%r0,0(%2)", "a"(VNONE));
	segtab[VNONE >> 20] = STE_INVALID;

	/* IPTE invalidates and clears: the next access faults. */
	set_pte(pt_v, V2, (unsigned long)frame_b);
	TRY("load V2 before ipte", "lg %%r0,0(%2)", "a"(V2));
	ipte(&pt_v[(V2 >> 12) & 0xff], V2);
	PRINTF("pte after ipte: %016lx\n", (unsigned long)pt_v[(V2 >> 12) & 0xff] - (unsigned long)frame_b);
	TRY("load V2 after ipte", "lg %%r0,0(%2)", "a"(V2));

	/* PTLB: a changed PTE is used after the purge. */
	set_pte(pt_v, V, (unsigned long)frame_b);
	ptlb();
	TRY("load V after ptlb", "lg %2,0(%3)", "d"(x), "a"(V));
	asm volatile("lg %0,0(%1)" : "=d"(x) : "a"(V));
	PRINTF("V now reads %016lx\n", (unsigned long)x);

	/* CSP: equal and unequal without the purge bit, then equal with it (QEMU 7.2 runs
	   CSP again after its purge, so only the stored word and the purge show here). */
	set_pte(pt_v, V, (unsigned long)frame_a);
	csp_word = 7;
	{
		register unsigned long r2 asm("2") = 7, r3 asm("3") = 9;
		unsigned long a = (unsigned long)&csp_word;
		asm volatile("csp %%r2,%2\n\tipm %0\n\tsrl %0,28" : "=&d"(cc), "+d"(r2) : "a"(a), "d"(r3) : "cc", "memory");
		PRINTF("csp equal: cc %d word %u\n", cc, csp_word);
		r2 = 1;
		asm volatile("csp %%r2,%2\n\tipm %0\n\tsrl %0,28" : "=&d"(cc), "+d"(r2) : "a"(a), "d"(r3) : "cc", "memory");
		PRINTF("csp unequal: cc %d r2 %lu\n", cc, (unsigned long)r2);
		r2 = 9, r3 = 11;
		asm volatile("csp %%r2,%1" : "+d"(r2) : "a"(a | 1), "d"(r3) : "cc", "memory");
		PRINTF("csp with purge: word %u\n", csp_word);
	}
	asm volatile("lg %0,0(%1)" : "=d"(x) : "a"(V));
	PRINTF("V after csp purge reads %016lx\n", (unsigned long)x);

	/* IDTE: invalidate V's segment-table entry. */
	asm volatile("idte %0,0,%1" : : "a"((unsigned long)segtab), "a"(V) : "memory");
	PRINTF("ste after idte: invalid bit %lu\n", (unsigned long)(segtab[V >> 20] & STE_INVALID) >> 5);
	TRY("load V after idte", "lg %%r0,0(%2)", "a"(V));
	segtab[V >> 20] = (unsigned long)pt_v;

	/* TPROT: store and fetch allowed, store protected, translation not available. */
	PRINTF("tprot V: cc %d\n", tprot(V, 0));
	PRINTF("tprot protected segment: cc %d\n", tprot(VSEG2, 0));
	PRINTF("tprot invalid segment: cc %d\n", tprot(VNONE, 0));

	/* Instruction fetch from an invalid page, and with instruction-execution protection. */
	branch_target = V2;
	TRY("branch into an invalid page", "basr %%r14,%2", "a"(V2));
	set_pte(pt_v, V2, (unsigned long)frame_b | PTE_IEP);
	frame_b[0] = 0x07, frame_b[1] = 0xfe;	/* br %r14 */
	lctlg(0, stctg(0) | CR0_IEP);
	TRY("branch into an execute-protected page", "basr %%r14,%2", "a"(V2));
	lctlg(0, stctg(0) & ~CR0_IEP);
	ptlb();
	TRY("branch into the page without IEP", "basr %%r14,%2", "a"(V2));

	/* Low-address protection, with DAT on and off. */
	cr0_nolap = stctg(0) & ~CR0_LAP;
	cr0_lap = cr0_nolap | CR0_LAP;
	TRY_LAP("LAP: store to 0x180 (DAT on)", 0x180ul);
	TRY_LAP("LAP: store to 0x1180 (DAT on)", 0x1180ul);
	TRY_LAP("LAP: store to 0x11f8 (DAT on)", 0x11f8ul);
	TRY_LAP("LAP: store to 0x200 (DAT on)", 0x200ul);
	dat_off();
	TRY_LAP("LAP: store to 0x1f0 (DAT off)", 0x1f0ul);
	TRY_LAP("LAP: store to 0x1200 (DAT off)", 0x1200ul);
	return 0;
}
