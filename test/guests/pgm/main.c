/* Program interruptions caught by a handler: the interruption code and ILC at lowcore
   0x8e/0x8c and where the old PSW (0x150) points, for operation, specification and
   addressing exceptions, and for privileged instructions in problem state. */
#include "guest.h"

#define SVC_TO_SUPERVISOR 99

static volatile uint16_t got_code, got_ilc;
static volatile uint64_t got_addr, got_mask;
static volatile unsigned int pgms;

void on_program_interrupt(uint16_t code, uint16_t ilc)
{
	got_code = code;
	got_ilc = ilc;
	got_addr = LCPSW(LC_PGM_OLD_PSW).addr;
	got_mask = LCPSW(LC_PGM_OLD_PSW).mask;
	pgms++;
}

void on_svc_interrupt(uint16_t code, uint16_t ilc)
{
	(void)ilc;
	if (code == SVC_TO_SUPERVISOR)
		LCPSW(LC_SVC_OLD_PSW).mask &= ~PSW_MASK_PROBLEM;
}

/* Runs `insn` between labels 1 (before) and 2 (after); reports where the old PSW points. */
#define TRY(name, insn, ...)                                                    \
	do {                                                                     \
		unsigned long before, after;                                     \
		got_code = 0;                                                    \
		asm volatile("larl %0,1f\n\tlarl %1,2f\n1:\t" insn "\n2:"       \
			     : "=&a"(before), "=&a"(after) : __VA_ARGS__ : "memory", "cc"); \
		report(name, before, after);                                     \
	} while (0)

static void report(const char *name, unsigned long before, unsigned long after)
{
	const char *where = got_addr == after ? "after the instruction"
			    : got_addr == before ? "at the instruction" : "elsewhere";
	if (got_code == 0)
		printf("%s: no interruption\n", name);
	else
		printf("%s: code %04x ilc-field %u old psw %s, mask %016lx\n", name, got_code, got_ilc, where,
		       (unsigned long)got_mask);
}

static uint8_t misaligned[32] __attribute__((aligned(8)));

int main(void)
{
	TRY("operation (2-byte 0000)", ".short 0x0000", "i"(0));
	TRY("operation (4-byte b2fe)", ".long 0xb2fe0000", "i"(0));
	TRY("operation (6-byte e300..00)", ".short 0xe300,0x0000,0x0000", "i"(0));
	TRY("specification (lpswe unaligned)", "lpswe 0(%2)", "a"(misaligned + 4));
	TRY("specification (stctg unaligned)", "stctg %%c0,%%c0,0(%2)", "a"(misaligned + 4));
	TRY("addressing (lg beyond storage)", "lg %%r0,0(%2)", "a"(0x7ffff000ul));
	TRY("addressing (stck beyond storage)", "stck 0(%2)", "a"(0x7ffff000ul));
	TRY("specification (spx unaligned)", "spx 0(%2)", "a"(misaligned + 1));

	/* Privileged instructions from problem state, then back with SVC 99. */
	{
		static struct psw problem_psw __attribute__((aligned(8)));
		uint16_t c[3], l[3];
		uint64_t a[3], b[3], m[3];

		problem_psw.mask = PSW_MASK_64 | PSW_MASK_PROBLEM;
		asm volatile("larl %%r1,1f\n\tstg %%r1,%1\n\tlpswe %0\n1:"
			     : : "Q"(problem_psw), "Q"(problem_psw.addr) : "r1", "memory");
		asm volatile("larl %0,1f\n\tlarl %1,2f\n1:\tssm %2\n2:" : "=&a"(b[0]), "=&a"(a[0]) : "Q"(misaligned[0]) : "memory");
		c[0] = got_code, l[0] = got_ilc, m[0] = got_mask;
		a[0] = got_addr == a[0];
		got_code = 0;
		asm volatile("larl %0,1f\n\tlarl %1,2f\n1:\tstck %2\n2:" : "=&a"(b[1]), "=&a"(a[1]) : "Q"(misaligned[8]) : "memory");
		c[1] = got_code, l[1] = got_ilc, m[1] = got_mask;
		a[1] = got_addr == a[1];
		got_code = 0;
		asm volatile("larl %0,1f\n\tlarl %1,2f\n1:\tstpx %2\n2:" : "=&a"(b[2]), "=&a"(a[2]) : "Q"(misaligned[16]) : "memory");
		c[2] = got_code, l[2] = got_ilc, m[2] = got_mask;
		a[2] = got_addr == a[2];
		asm volatile("svc %0" : : "i"(SVC_TO_SUPERVISOR) : "memory");
		printf("problem state ssm: code %04x ilc-field %u mask %016lx %s\n", c[0], l[0], (unsigned long)m[0],
		       a[0] ? "old psw after the instruction" : "old psw elsewhere");
		printf("problem state stck (not privileged): code %04x\n", c[1] == 2 ? 2 : 0);
		printf("problem state stpx: code %04x ilc-field %u mask %016lx %s\n", c[2], l[2], (unsigned long)m[2],
		       a[2] ? "old psw after the instruction" : "old psw elsewhere");
		(void)b;
	}
	printf("program interruptions taken: %u\n", pgms);
	return 0;
}
