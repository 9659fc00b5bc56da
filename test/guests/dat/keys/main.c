/* Storage keys, key-controlled protection and EDAT-1 (and a few DAT instructions QEMU
   7.2 lacks or differs on), checked against Hercules: each
   test runs one instruction (with the PSW key it needs) and records the interruption
   code, ILC, TEID, where the old PSW pointed, the condition code and a value in the
   result table at RESULTS, which the harness reads after the final disabled wait. */
#include <stdint.h>

#define RESULTS   0x80000ul
#define PAGE      4096ul
#define SEG       0x100000ul
#define LC_PGM_ILC  0x8c
#define LC_PGM_CODE 0x8e
#define LC_TEID     0xa8
#define LC_PGM_OLD  0x150

#define CR0_FETCH_OVERRIDE (1ul << (63 - 38))
#define CR0_STORE_OVERRIDE (1ul << (63 - 39))
#define CR0_EDAT           (1ul << (63 - 40))
#define STE_FC      0x400ul
#define STE_PROTECT 0x200ul
#define STE_AV      0x10000ul
#define STE_INVALID 0x20ul
#define PTE_INVALID 0x400ul

struct rec {
	uint32_t id;
	uint16_t code, ilc;
	uint32_t cc;
	int32_t pswoff;
	uint64_t teid;
	uint64_t value;
};

#define LC16(a) (*(volatile uint16_t *)(a))
#define LC64(a) (*(volatile uint64_t *)(a))

static volatile uint16_t got_code, got_ilc;
static volatile uint64_t got_teid, got_addr;
static volatile unsigned long resume_at;
static unsigned int nrec;

void on_program_interrupt(void)
{
	got_code = LC16(LC_PGM_CODE);
	got_ilc = LC16(LC_PGM_ILC);
	got_teid = LC64(LC_TEID);
	got_addr = LC64(LC_PGM_OLD + 8);
	LC64(LC_PGM_OLD + 8) = resume_at;
}

static void record(unsigned long before, uint32_t cc, uint64_t value)
{
	volatile struct rec *r = (volatile struct rec *)RESULTS + nrec;
	r->id = nrec;
	r->code = got_code;
	r->ilc = got_code ? got_ilc : 0;
	r->cc = cc;
	r->pswoff = got_code ? (int32_t)(got_addr - before) : 0;
	r->teid = got_code ? got_teid : 0;
	r->value = value;
	nrec++;
	*(volatile uint32_t *)(RESULTS - 8) = nrec;
}

/* Runs `insn` with PSW key `key` (SPKA around it); %[x] is an input/output value.
   Records the outcome with the condition code left by the instruction. */
#define T(key, insn, xval, ...)                                                          \
	({                                                                                \
		unsigned long before_, after_, x_ = (xval);                               \
		uint32_t cc_;                                                             \
		got_code = 0;                                                             \
		LC64(LC_TEID) = 0;                                                        \
		asm volatile("larl %[b],1f\n\tlarl %[a],2f\n\tstg %[a],0(%[res])\n\t"    \
			     "spka 0(%[k])\n1:\t" insn "\n2:\tipm %[cc]\n\tspka 0"          \
			     : [b] "=&a"(before_), [a] "=&a"(after_), [cc] "=&d"(cc_),       \
			       [x] "+d"(x_)                                                 \
			     : [res] "a"(&resume_at), [k] "a"((unsigned long)(key) << 4),    \
			       ##__VA_ARGS__                                                \
			     : "memory", "cc", "r0", "r1");                                 \
		record(before_, (cc_ >> 28) & 3, x_);                                     \
		x_;                                                                       \
	})

static uint8_t f1[PAGE] __attribute__((aligned(4096)));
static uint8_t f2[PAGE] __attribute__((aligned(4096)));
static uint8_t f3[PAGE] __attribute__((aligned(4096)));
static uint64_t segtab[2048] __attribute__((aligned(4096)));
static uint64_t pagetabs[8][256] __attribute__((aligned(2048)));

static void sske(void *frame, unsigned long key)
{
	asm volatile("sske %0,%1" : : "d"(key), "a"(frame) : "memory");
}
#define sske(f, k) sske((void *)(unsigned long)(f), (k))

static void lctlg0(unsigned long v)
{
	asm volatile("lctlg %%c0,%%c0,%0" : : "Q"(v));
}

static unsigned long stctg0(void)
{
	unsigned long v;
	asm volatile("stctg %%c0,%%c0,%0" : "=Q"(v));
	return v;
}

#define LOAD   "lg %[x],0(%[p])"
#define STORE  "stg %[x],0(%[p])"

int main(void)
{
	unsigned long cr0 = stctg0();

	/* SIGP set-architecture leaves different condition codes on Hercules and under
	   -kernel IPL; the first tests do not set one. */
	asm volatile("cr %%r0,%%r0" : : : "cc");

	/* A: key-controlled protection with DAT off. */
	sske(f1, 0x30);
	T(0, "iske %[x],%[p]", 0, [p] "a"(f1));
	T(3, STORE, 0x1111, [p] "a"(f1));
	T(4, STORE, 0x2222, [p] "a"(f1 + 8));
	T(4, LOAD, 0, [p] "a"(f1));
	sske(f1, 0x38);
	T(4, LOAD, 0, [p] "a"(f1));
	T(3, LOAD, 0, [p] "a"(f1));
	T(0, LOAD, 0, [p] "a"(f1));
	T(4, "mvi 0(%[p]),1", 0, [p] "a"(f1 + 0x10));
	/* Storage-protection override (CR0 bit 39) opens ACC 9. */
	sske(f2, 0x98);
	T(4, STORE, 0x3333, [p] "a"(f2));
	lctlg0(cr0 | CR0_STORE_OVERRIDE);
	T(4, STORE, 0x4444, [p] "a"(f2));
	T(4, LOAD, 0, [p] "a"(f2));
	lctlg0(cr0);
	/* Fetch-protection override (CR0 bit 38): locations 0-2047 only (frame 0 keyed). */
	sske(0, 0x58);
	T(4, LOAD, 0, [p] "a"(0x100));
	lctlg0(cr0 | CR0_FETCH_OVERRIDE);
	T(4, LOAD, 0, [p] "a"(0x100));
	T(4, LOAD, 0, [p] "a"(0x7f8));
	T(4, LOAD, 0, [p] "a"(0x800));
	lctlg0(cr0);
	sske(0, 0);

	/* B: reference and change bits. */
	sske(f3, 0x00);
	T(0, "iske %[x],%[p]", 0, [p] "a"(f3));
	T(0, LOAD, 0, [p] "a"(f3));
	T(0, "iske %[x],%[p]", 0, [p] "a"(f3));
	T(0, STORE, 0x5555, [p] "a"(f3));
	T(0, "iske %[x],%[p]", 0, [p] "a"(f3));
	T(0, "rrbe 0,%[p]", 0, [p] "a"(f3));
	T(0, "iske %[x],%[p]", 0, [p] "a"(f3));
	T(0, "rrbe 0,%[p]", 0, [p] "a"(f3));
	sske(f3, 0x06);
	T(0, "iske %[x],%[p]", 0, [p] "a"(f3));

	/* C: TPROT with access keys, MVCSK and MVCDK. */
	sske(f1, 0x38);
	T(0, "tprot 0(%[p]),0x30", 0, [p] "a"(f1));
	T(0, "tprot 0(%[p]),0x40", 0, [p] "a"(f1));
	T(0, "tprot 0(%[p]),0", 0, [p] "a"(f1));
	sske(f1, 0x30);
	T(0, "tprot 0(%[p]),0x40", 0, [p] "a"(f1));
	T(0, "lghi %%r0,7\n\tlghi %%r1,0x30\n\tmvcsk 0(%[q]),0(%[p])\n\tlg %[x],0(%[q])", 0, [p] "a"(f1), [q] "a"(f3 + 0x100));
	T(0, "lghi %%r0,7\n\tlghi %%r1,0x40\n\tmvcsk 0(%[q]),0(%[p])", 0, [p] "a"(f1), [q] "a"(f3 + 0x100));
	T(0, "lghi %%r0,7\n\tlghi %%r1,0x30\n\tmvcdk 0(%[p]),0(%[q])", 0, [p] "a"(f1 + 0x200), [q] "a"(f3));
	T(0, "lghi %%r0,7\n\tlghi %%r1,0x40\n\tmvcdk 0(%[p]),0(%[q])", 0, [p] "a"(f1 + 0x200), [q] "a"(f3));

	/* D: SSKE multiple-block and PFMF (EDAT-1). */
	T(0, "lghi %%r0,0x20\n\tsske %%r0,%[x],1", 0x403000, [p] "a"(0));
	T(0, "iske %[x],%[p]", 0, [p] "a"(0x402000));
	T(0, "iske %[x],%[p]", 0, [p] "a"(0x403000));
	T(0, "iske %[x],%[p]", 0, [p] "a"(0x4ff000));
	T(0, "iske %[x],%[p]", 0, [p] "a"(0x500000));
	*(volatile uint64_t *)0x510000 = 0x77;
	T(0, "llilf %%r0,0x30050\n\tpfmf %%r0,%[p]\n\tlg %[x],0(%[p])", 0, [p] "a"(0x510000));
	T(0, "iske %[x],%[p]", 0, [p] "a"(0x510000));
	T(0, "llilf %%r0,0x21060\n\tpfmf %%r0,%[x]", 0x5fe000, [p] "a"(0));
	T(0, "iske %[x],%[p]", 0, [p] "a"(0x5ff000));
	T(0, "iske %[x],%[p]", 0, [p] "a"(0x5fd000));

	/* E: DAT on (identity 4K pages for 0-8M), IVSK, protection under DAT, EDAT-1 frames. */
	for (int i = 0; i < 2048; i++)
		segtab[i] = STE_INVALID;
	for (int s = 0; s < 8; s++) {
		for (int p = 0; p < 256; p++)
			pagetabs[s][p] = s * SEG + p * PAGE;
		segtab[s] = (unsigned long)pagetabs[s];
	}
	segtab[0x400] = 0x600000 | STE_FC;			/* V 0x40000000: 1M frame */
	segtab[0x401] = 0x600000 | STE_FC | STE_PROTECT;	/* V 0x40100000: protected */
	segtab[0x402] = 0x700000 | STE_FC | STE_AV | (5ul << 12) | 0x800;	/* ACC 5, F */
	*(volatile uint64_t *)0x645678 = 0xabcdef;
	{
		unsigned long asce = (unsigned long)segtab | 3;
		asm volatile("lctlg %%c1,%%c1,%0" : : "Q"(asce));
	}
	lctlg0(cr0 | CR0_EDAT);
	asm volatile("stosm 0(%%r15),0x04" : : : "memory");
	sske(f1, 0x38);
	T(0, "ivsk %[x],%[p]", 0, [p] "a"(f1));
	T(4, STORE, 1, [p] "a"(f1));
	T(4, LOAD, 0, [p] "a"(f1));
	T(0, "lg %[x],0(%[p])", 0, [p] "a"(0x40045678ul));
	T(0, "lrag %[x],0(%[p])", 0, [p] "a"(0x40045678ul));
	T(0, "mvi 0(%[p]),1", 0, [p] "a"(0x40145678ul));
	T(0, "lg %[x],0(%[p])", 0, [p] "a"(0x40145678ul));
	T(4, LOAD, 0, [p] "a"(0x40200000ul));
	T(5, LOAD, 0, [p] "a"(0x40200000ul));
	T(5, STORE, 9, [p] "a"(0x40200000ul));
	T(0, "tprot 0(%[p]),0x40", 0, [p] "a"(0x40200000ul));
	T(0, "tprot 0(%[p]),0", 0, [p] "a"(0x40100000ul));

	/* F: what QEMU 7.2 lacks or does differently: LRA's condition codes 1-3 with the
	   table-entry address, IAC, EPAR/ESAR, CSP's condition code with the purge. */
	segtab[0x403] = STE_INVALID;
	pagetabs[7][5] |= PTE_INVALID;
	T(0, "lrag %[x],0(%[p])", 0, [p] "a"(0x40300000ul));
	T(0, "lrag %[x],0(%[p])", 0, [p] "a"(0x705000ul));
	T(0, "lrag %[x],0(%[p])", 0, [p] "a"(0x80000000ul));
	{
		unsigned long asce = (unsigned long)segtab | 1;
		asm volatile("lctlg %%c1,%%c1,%0" : : "Q"(asce));
		T(0, "lrag %[x],0(%[p])", 0, [p] "a"(0x40000000ul));
		asce = (unsigned long)segtab | 3;
		asm volatile("lctlg %%c1,%%c1,%0" : : "Q"(asce));
	}
	T(0, "lra %[x],0(%[p])", 0, [p] "a"(0x705000ul));
	T(0, "iac %[x]", -1ul);
	T(0, "sacf 768\n\tiac %[x]\n\tsacf 0", -1ul);
	{
		unsigned long cr34[2] = {0x0000000012340055ul, 0x0000567800000044ul};
		asm volatile("lctlg %%c3,%%c4,%0" : : "Q"(cr34));
	}
	T(0, "epar %[x]", -1ul);
	T(0, "esar %[x]", -1ul);
	T(0, "epair %[x]", -1ul);
	T(0, "esair %[x]", -1ul);
	*(volatile uint32_t *)f3 = 7;
	T(0, "lghi %%r0,7\n\tlghi %%r1,9\n\tcsp %%r0,%[p]\n\tllgf %[x],0(%[p])", 0, [p] "a"((unsigned long)f3 | 1));
	T(0, "lghi %%r0,7\n\tlghi %%r1,9\n\tcsp %%r0,%[p]\n\tlgr %[x],%%r0", 0, [p] "a"((unsigned long)f3 | 1));
	T(0, "ipte %[p],%[x]", 0x704000ul, [p] "a"(pagetabs[7]));
	T(0, "lg %[x],0(%[p])", 0, [p] "a"(0x704000ul));
	asm volatile("stnsm 0(%%r15),0xfb" : : : "memory");
	lctlg0(cr0);
	return 0;
}
