/* Shared helpers of the DAT test guests: table entry bits, an identity-mapped segment
   table for the first 16M (the guest, its stacks and lowcore), turning DAT on and off,
   and TRY, which runs one instruction and reports the program interruption it causes
   (code, ILC field, translation-exception identification, where the old PSW points).
   The program new PSW runs the handler with DAT off; the handler resumes after the
   instruction whether the exception nullified or suppressed it. */
#ifndef KULI_DAT_H
#define KULI_DAT_H

#include "guest.h"

#define PAGE 4096ul
#define SEG  0x100000ul

/* ASCE and table-entry bits (bits 32-63 as numbers). */
#define ASCE_PRIVATE   0x100ul
#define ASCE_REAL      0x020ul
#define DT_SEGMENT     (0ul << 2)
#define DT_REGION3     (1ul << 2)
#define DT_REGION2     (2ul << 2)
#define DT_REGION1     (3ul << 2)
#define TL_FULL        3ul
#define RTE_INVALID    0x020ul
#define RTE_TF(n)      ((unsigned long)(n) << 6)
#define STE_INVALID    0x020ul
#define STE_PROTECT    0x200ul
#define STE_COMMON     0x010ul
#define PTE_INVALID    0x400ul
#define PTE_PROTECT    0x200ul
#define PTE_IEP        0x100ul
#define PTE_BIT52      0x800ul

/* Lowcore: translation-exception identification. */
#define LC_TEID 0x0a8

#define CR0_LAP        (1ul << (63 - 35))
#define CR0_SECONDARY  (1ul << (63 - 37))
#define CR0_IEP        (1ul << (63 - 43))

static volatile uint16_t got_code, got_ilc;
static volatile uint64_t got_addr, got_teid;
static volatile unsigned long resume_at, branch_target;

static inline void lctlg(int cr, uint64_t v);
static inline uint64_t stctg(int cr);

void on_program_interrupt(uint16_t code, uint16_t ilc)
{
	/* Low-address protection would stop this handler's own lowcore stores. */
	lctlg(0, stctg(0) & ~CR0_LAP);
	got_code = code;
	got_ilc = ilc;
	got_addr = LCPSW(LC_PGM_OLD_PSW).addr;
	got_teid = LC64(LC_TEID);
	LCPSW(LC_PGM_OLD_PSW).addr = resume_at;
}

static inline uint32_t psw_hi(void)
{
	uint32_t hi;
	asm volatile("epsw %0,0" : "=d"(hi));
	return hi;
}

static inline void dat_on(void);
static inline void restore_dat_and_space(uint32_t hi);

/* The console library waits for the SCLP with a DAT-off, primary-space wait PSW:
   printing restores DAT and the address-space mode afterwards. */
#define PRINTF(...)                                  \
	do {                                         \
		uint32_t hi_ = psw_hi();             \
		printf(__VA_ARGS__);                 \
		restore_dat_and_space(hi_);          \
	} while (0)

static inline void report(const char *name, unsigned long before, unsigned long after)
{
	const char *where = got_addr == after ? "after" : got_addr == before ? "at"
			    : got_addr == branch_target ? "at the branch target"
			    : got_addr == branch_target + 2 ? "2 bytes past the branch target" : "elsewhere";
	if (got_code == 0)
		PRINTF("%s: ok\n", name);
	else
		PRINTF("%s: code %04x ilc %u teid %016lx old psw %s\n", name, got_code, got_ilc,
		       (unsigned long)got_teid, where);
}

/* Runs `insn` (labels 1 before, 2 after) and reports the interruption, if any. The
   operands are %2 onward; r0, r1 and r14 may be clobbered. */
#define TRY(name, insn, ...)                                                             \
	do {                                                                              \
		unsigned long before_, after_;                                            \
		got_code = 0;                                                             \
		LC64(LC_TEID) = 0;                                                        \
		asm volatile("larl %0,1f\n\tlarl %1,2f\n\tstg %1,0(%[res])\n1:\t" insn "\n2:" \
			     : "=&a"(before_), "=&a"(after_)                                \
			     : __VA_ARGS__, [res] "a"(&resume_at)                           \
			     : "memory", "cc", "r0", "r1", "r14");                          \
		report(name, before_, after_);                                            \
	} while (0)

static inline void lctlg(int cr, uint64_t v)
{
	switch (cr) {
	case 0: asm volatile("lctlg %%c0,%%c0,%0" : : "Q"(v)); break;
	case 1: asm volatile("lctlg %%c1,%%c1,%0" : : "Q"(v)); break;
	case 7: asm volatile("lctlg %%c7,%%c7,%0" : : "Q"(v)); break;
	case 13: asm volatile("lctlg %%c13,%%c13,%0" : : "Q"(v)); break;
	}
}

static inline uint64_t stctg(int cr)
{
	uint64_t v = 0;
	switch (cr) {
	case 0: asm volatile("stctg %%c0,%%c0,%0" : "=Q"(v)); break;
	case 1: asm volatile("stctg %%c1,%%c1,%0" : "=Q"(v)); break;
	}
	return v;
}

static inline void dat_on(void)
{
	uint8_t old;
	asm volatile("stosm %0,0x04" : "=Q"(old) : : "memory");
}

static inline void dat_off(void)
{
	uint8_t old;
	asm volatile("stnsm %0,0xfb" : "=Q"(old) : : "memory");
}

/* SACF to the mode of PSW bits 16-17 (00 primary, 10 secondary, 11 home). */
static inline void set_space(uint32_t psw_hi_word)
{
	switch ((psw_hi_word >> 14) & 3) {
	case 0: asm volatile("sacf 0" : : : "memory"); break;
	case 2: asm volatile("sacf 256" : : : "memory"); break;
	case 3: asm volatile("sacf 768" : : : "memory"); break;
	}
}

static inline void restore_dat_and_space(uint32_t hi)
{
	if (hi & 0x04000000) {
		dat_on();
		set_space(hi);
	}
}

static inline void ptlb(void)
{
	asm volatile("ptlb" : : : "memory");
}

static inline void ipte(void *pte_table, unsigned long vaddr)
{
	asm volatile("ipte %0,%1" : : "a"(pte_table), "a"(vaddr) : "memory");
}

/* LRAG: real address and condition code. */
static inline int lrag(unsigned long vaddr, unsigned long *real)
{
	unsigned long r = 0;
	int cc;
	asm volatile("lrag %0,0(%2)\n\tipm %1\n\tsrl %1,28" : "+d"(r), "=d"(cc) : "a"(vaddr) : "cc");
	*real = r;
	return cc;
}

/* TPROT with access key `key`: condition code. */
static inline int tprot(unsigned long vaddr, unsigned int key)
{
	int cc;
	asm volatile("tprot 0(%1),0(%2)\n\tipm %0\n\tsrl %0,28" : "=d"(cc) : "a"(vaddr), "a"((unsigned long)key << 4) : "cc");
	return cc;
}

/* Identity map of the first 16M: sixteen page tables for the caller's segment table. */
static uint64_t id_pagetabs[16][256] __attribute__((aligned(2048)));

static inline void build_identity(uint64_t *segtab)
{
	for (int i = 0; i < 2048; i++)
		segtab[i] = STE_INVALID;
	for (int s = 0; s < 16; s++) {
		for (int p = 0; p < 256; p++)
			id_pagetabs[s][p] = (unsigned long)s * SEG + (unsigned long)p * PAGE;
		segtab[s] = (unsigned long)id_pagetabs[s];
	}
}

#endif
