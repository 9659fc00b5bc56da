/* SVC interruptions: the code and ILC at lowcore 0x8a/0x88, the old PSW (0x140)
   pointing after the SVC, registers kept, SVC from problem state and under EXECUTE. */
#include "guest.h"

#define SVC_TO_SUPERVISOR 99

static volatile uint16_t got_code, got_ilc;
static volatile uint64_t got_mask, got_addr;
static volatile unsigned int svcs;

void on_svc_interrupt(uint16_t code, uint16_t ilc)
{
	volatile struct psw *old = &LCPSW(LC_SVC_OLD_PSW);

	got_code = code;
	got_ilc = ilc;
	got_mask = old->mask;
	got_addr = old->addr;
	svcs++;
	if (code == SVC_TO_SUPERVISOR)
		old->mask &= ~PSW_MASK_PROBLEM;
}

#define DO_SVC(n, after)                                                        \
	asm volatile("larl %0,1f\n\tsvc " #n "\n1:" : "=&a"(after) : : "memory")

static void report(const char *what, unsigned long after)
{
	printf("%s: code %u ilc-field %u old-psw mask %016lx %s\n", what, got_code, got_ilc,
	       (unsigned long)got_mask, got_addr == after ? "returns after the svc" : "WRONG return address");
}

int main(void)
{
	unsigned long after;

	DO_SVC(0, after);
	report("svc 0", after);
	DO_SVC(17, after);
	report("svc 17", after);
	DO_SVC(255, after);
	report("svc 255", after);

	/* Registers survive an SVC (the handler's stub restores them, the CPU must not touch them). */
	{
		register unsigned long r6 asm("6") = 0x0123456789abcdeful;
		register unsigned long r7 asm("7") = 0xfedcba9876543210ul;
		asm volatile("svc 1" : "+d"(r6), "+d"(r7) : : "memory");
		printf("registers after svc: %s\n",
		       r6 == 0x0123456789abcdeful && r7 == 0xfedcba9876543210ul ? "kept" : "CHANGED");
	}

	/* Condition code survives too. */
	{
		int cc;
		asm volatile("lghi %0,1\n\tltgr %0,%0\n\tsvc 2\n\tipm %0\n\tsrl %0,28" : "=&d"(cc) : : "cc", "memory");
		printf("condition code after svc: %d\n", cc);
	}

	/* From problem state: the old PSW shows it; SVC 99 returns to supervisor state
	   (nothing may print in problem state: SERVC is privileged). */
	{
		static struct psw problem_psw __attribute__((aligned(8)));
		unsigned long after99;
		uint16_t code5, ilc5;
		uint64_t mask5, addr5;
		uint32_t psw_hi;

		problem_psw.mask = PSW_MASK_64 | PSW_MASK_PROBLEM;
		asm volatile("larl %%r1,1f\n\tstg %%r1,%1\n\tlpswe %0\n1:"
			     : : "Q"(problem_psw), "Q"(problem_psw.addr) : "r1", "memory");
		DO_SVC(5, after);
		code5 = got_code, ilc5 = got_ilc, mask5 = got_mask, addr5 = got_addr;
		DO_SVC(99, after99);
		asm volatile("epsw %0,%%r0" : "=d"(psw_hi) : : "r0");
		got_code = code5, got_ilc = ilc5, got_mask = mask5, got_addr = addr5;
		report("svc 5 in problem state", after);
		printf("svc 99: old-psw mask %016lx, now in %s state\n", (unsigned long)got_mask,
		       psw_hi & 0x10000 ? "problem" : "supervisor");
		(void)after99;
	}

	/* SVC as the target of EXECUTE RELATIVE LONG: the code comes from R1 bits 56-63 ORed
	   in; the ILC is EXRL's and the old PSW points after the EXRL. */
	{
		unsigned long r1 = 0x42;
		asm volatile("larl %0,3f\n\texrl %1,2f\n3:\tj 1f\n2:\tsvc 0\n1:" : "=&a"(after) : "a"(r1) : "memory");
		report("exrl of svc 0 with r1=0x42", after);
	}
	printf("svc interruptions taken: %u\n", svcs);
	return 0;
}
