/* Interruption priorities on one CPU: emergency signal, external call, clock comparator
   and CPU timer all pending while masked, then enabled by one LPSWE: the order they are
   taken in, and that they are taken after it (old PSW at the next instruction).
   Then a pending condition kept by its CR0 subclass mask while another subclass is
   delivered, and repeated emergency signals from one CPU. QEMU takes interruptions
   only where a translation block ends, so they are enabled by LPSWE here. */
#include "guest.h"

static volatile uint16_t order[16];
static volatile uint64_t old_addr[16], old_mask[16];
static volatile unsigned int n;

static void set_ckc(uint64_t v)
{
	asm volatile("sckc %0" : : "Q"(v));
}

static void set_cpu_timer(uint64_t v)
{
	asm volatile("spt %0" : : "Q"(v));
}

void on_ext_interrupt(uint16_t code)
{
	if (n < 16) {
		order[n] = code;
		old_addr[n] = LCPSW(LC_EXT_OLD_PSW).addr;
		old_mask[n] = LCPSW(LC_EXT_OLD_PSW).mask;
	}
	n++;
	/* Timer conditions persist until the timer is set again. */
	if (code == EXT_CLOCK_COMPARATOR)
		set_ckc(~0ull);
	if (code == EXT_CPU_TIMER)
		set_cpu_timer(0x7fffffffffffffffull);
}

static const char *name(uint16_t code)
{
	switch (code) {
	case EXT_EMERGENCY_SIGNAL: return "emergency signal";
	case EXT_EXTERNAL_CALL: return "external call";
	case EXT_CLOCK_COMPARATOR: return "clock comparator";
	case EXT_CPU_TIMER: return "CPU timer";
	default: return "other";
	}
}

static void report(const char *what, unsigned long after)
{
	printf("%s: %u interruptions\n", what, n);
	for (unsigned int i = 0; i < n && i < 16; i++)
		printf("  %04x %s, old psw %s\n", order[i], name(order[i]),
		       old_addr[i] == after ? "after the enabling instruction" : "elsewhere");
	n = 0;
}

/* Spins 10 ms of TOD time: QEMU makes timer conditions pending from a host timer. */
static void settle(void)
{
	uint64_t t0 = stck(0);

	while (stck(0) - t0 < (10000ull << 12))
		;
}

static struct psw enable_psw __attribute__((aligned(16)));

/* Enables external interruptions with LPSWE (QEMU looks for pending interruptions
   after a PSW load) and disables them again; returns the address after the LPSWE. */
static unsigned long enable_then_disable(void)
{
	unsigned long after;
	uint8_t mask;

	asm volatile("larl %0,1f\n\t"
		     "epsw %%r0,%%r1\n\t"
		     "oilh %%r0,0x0100\n\t"
		     "st %%r0,0(%2)\n\t"
		     "st %%r1,4(%2)\n\t"
		     "stg %0,8(%2)\n\t"
		     "lpswe 0(%2)\n"
		     "1:\tstnsm %1,0xfe"
		     : "=&a"(after), "=Q"(mask) : "a"(&enable_psw) : "r0", "r1", "memory", "cc");
	return after;
}

int main(void)
{
	uint16_t self = stap();
	uint64_t all = CR0_EMERGENCY_SIGNAL | CR0_EXTERNAL_CALL | CR0_CLOCK_COMPARATOR | CR0_CPU_TIMER;
	unsigned long after;

	/* 1: four conditions pending, enabled at once. */
	lctlg0(stctg0() | all);
	set_ckc(stck(0));
	set_cpu_timer(0);
	sigp(self, SIGP_EMERGENCY_SIGNAL, 0, 0);
	sigp(self, SIGP_EXTERNAL_CALL, 0, 0);
	settle();
	after = enable_then_disable();
	report("four pending, enabled by lpswe", after);

	/* 2: clock comparator masked by CR0, CPU timer enabled: only the CPU timer. */
	lctlg0((stctg0() & ~all) | CR0_CPU_TIMER);
	set_ckc(stck(0));
	set_cpu_timer(0);
	settle();
	after = enable_then_disable();
	report("clock comparator subclass off, CPU timer on", after);
	/* ...and the comparator condition is still pending once its subclass is on. */
	lctlg0(stctg0() | CR0_CLOCK_COMPARATOR);
	after = enable_then_disable();
	report("clock comparator subclass on again", after);

	/* 3: two emergency signals and an external call from this CPU: one external call. */
	lctlg0(stctg0() | all);
	sigp(self, SIGP_EMERGENCY_SIGNAL, 0, 0);
	sigp(self, SIGP_EMERGENCY_SIGNAL, 0, 0);
	sigp(self, SIGP_EXTERNAL_CALL, 0, 0);
	after = enable_then_disable();
	report("emergency signal twice, external call", after);
	return 0;
}
