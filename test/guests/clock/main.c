/* Clocks: STORE CLOCK values strictly increase, STCKF and STCKE agree with them, SET
   CLOCK moves the clock, and the CPU timer and clock comparator raise their external
   interruptions (0x1005, 0x1004) in an enabled wait. Only facts that hold whatever the
   host speed are printed. */
#include "guest.h"

/* TOD-clock units: bit 51 is one microsecond. */
#define TOD_US 4096ull
#define TOD_MS (1000 * TOD_US)

static inline uint64_t stckf(void)
{
	uint64_t v;
	asm volatile("stckf %0" : "=Q"(v) : : "cc");
	return v;
}

static inline void stcke(uint8_t out[16])
{
	asm volatile("stcke %0" : "=Q"(*(uint8_t (*)[16])out) : : "cc");
}

static inline void spt(uint64_t v) { asm volatile("spt %0" : : "Q"(v)); }
static inline int64_t stpt(void) { int64_t v; asm volatile("stpt %0" : "=Q"(v)); return v; }
static inline void sckc(uint64_t v) { asm volatile("sckc %0" : : "Q"(v)); }
static inline uint64_t stckc(void) { uint64_t v; asm volatile("stckc %0" : "=Q"(v)); return v; }

static const char *yes(int ok) { return ok ? "yes" : "NO"; }

/* The timer conditions persist while they hold, so the handler clears them, as an
   operating system would by setting the next deadline. */
void on_ext_interrupt(uint16_t code)
{
	if (code == EXT_CPU_TIMER)
		spt(0x7fffffffffffffffull);
	if (code == EXT_CLOCK_COMPARATOR)
		sckc(~0ull);
}

/* Waits for an external interruption other than the service signal. */
static uint16_t wait_for_ext(void)
{
	unsigned int before = ext_count;
	while (ext_count == before)
		enabled_wait();
	return ext_last_code;
}

int main(void)
{
	int cc, increasing = 1, nondecreasing = 1;
	uint64_t prev, t, a, b;
	uint8_t e[16];

	t = stck(&cc);
	printf("stck condition code %d\n", cc);
	prev = t;
	for (int i = 0; i < 1000; i++) {
		t = stck(0);
		if (t <= prev)
			increasing = 0;
		prev = t;
	}
	printf("1000 stck values strictly increasing: %s\n", yes(increasing));
	prev = stckf();
	for (int i = 0; i < 1000; i++) {
		t = stckf();
		if (t < prev)
			nondecreasing = 0;
		prev = t;
	}
	printf("1000 stckf values never decreasing: %s\n", yes(nondecreasing));

	a = stck(0);
	stcke(e);
	b = stck(0);
	{
		uint64_t mid = 0;
		for (int i = 1; i <= 8; i++)
			mid = mid << 8 | e[i];
		printf("stcke epoch byte %02x, clock between two stck: %s, programmable field %02x%02x\n",
		       e[0], yes(mid >= a && mid <= b), e[14], e[15]);
	}
	{
		register unsigned long r0 asm("0") = 0x1234;
		asm volatile("sckpf" : : "d"(r0));
		stcke(e);
		printf("after sckpf 0x1234: programmable field %02x%02x\n", e[14], e[15]);
	}

	/* CPU timer: counts down; negative raises 0x1005 when enabled. */
	spt(1000 * TOD_MS);
	a = stpt();
	b = stpt();
	printf("cpu timer counts down from its set value: %s\n", yes(a <= 1000 * TOD_MS && b < a && b > 0));
	spt(TOD_MS);
	lctlg0(stctg0() | CR0_CPU_TIMER);
	printf("cpu timer interruption code %04x\n", wait_for_ext());
	lctlg0(stctg0() & ~CR0_CPU_TIMER);

	/* Clock comparator: pending once the clock passes it. */
	t = stck(0) + 2 * TOD_MS;
	sckc(t);
	printf("stckc returns the sckc value: %s\n", yes(stckc() == t));
	lctlg0(stctg0() | CR0_CLOCK_COMPARATOR);
	printf("clock comparator interruption code %04x, clock past comparator: %s\n", wait_for_ext(),
	       yes(stck(0) > t));
	lctlg0(stctg0() & ~CR0_CLOCK_COMPARATOR);

	/* SET CLOCK: the clock continues from the new value. */
	t = 0xd000000000000000ull;
	asm volatile("sck %1\n\tipm %0\n\tsrl %0,28" : "=d"(cc) : "Q"(t) : "cc");
	a = stck(0);
	printf("sck condition code %d, clock continues from the set value: %s\n", cc,
	       yes(a >= t && a < t + 10000 * TOD_MS));
	printf("external interruptions taken: %u\n", ext_count);
	return 0;
}
