/* Exploration guest (not a golden test): prints machine-model details. */
#include "guest.h"

static uint8_t page[4096] __attribute__((aligned(4096)));
static volatile int pgm_seen;
static volatile uint16_t pgm_code_seen;

void on_program_interrupt(uint16_t code, uint16_t ilc)
{
	(void)ilc;
	pgm_seen = 1;
	pgm_code_seen = code;
}

static int stsi(void *buf, unsigned fc, unsigned s1, unsigned s2, uint64_t *r0out)
{
	register uint64_t r0 asm("0") = ((uint64_t)fc << 28) | s1;
	register uint64_t r1 asm("1") = s2;
	int cc;
	asm volatile("stsi 0(%3)\n\tipm %0\n\tsrl %0,28" : "=d"(cc), "+d"(r0) : "d"(r1), "a"(buf) : "cc", "memory");
	*r0out = r0;
	return cc;
}

static int raw_servc(uint32_t cmd, void *sccb)
{
	int cc = 9;
	asm volatile("lhi %0,9\n\t.insn rre,0xb2200000,%1,%2\n\tipm %0\n\tsrl %0,28" : "+d"(cc) : "d"(cmd), "a"(sccb) : "cc", "memory");
	return cc;
}

static void dump(const uint8_t *p, int n)
{
	for (int i = 0; i < n; i += 32) {
		printf("  %03x:", i);
		for (int j = 0; j < 32 && i + j < n; j++) printf("%02x", p[i + j]);
		printf("\n");
	}
}

int main(void)
{
	uint64_t fac[8] = {0};
	register uint64_t r0 asm("0") = 7;
	int cc;
	asm volatile("stfle %1\n\tipm %0\n\tsrl %0,28" : "=d"(cc), "=Q"(fac), "+d"(r0) : : "cc", "memory");
	printf("stfle cc %d r0 %lx\n", cc, r0);
	for (int i = 0; i < 8; i++) printf("fac[%d]=%016lx\n", i, fac[i]);
	printf("bits:");
	for (int b = 0; b < 512; b++) if (fac[b / 64] & (1ull << (63 - b % 64))) printf(" %d", b);
	printf("\n");
	{
		register uint64_t r0b asm("0") = 0;
		asm volatile("stfle %1\n\tipm %0\n\tsrl %0,28" : "=d"(cc), "=Q"(fac), "+d"(r0b) : : "cc", "memory");
		printf("stfle(1) cc %d r0 %lx\n", cc, r0b);
	}
	asm volatile("stfl 0" ::: "memory");
	printf("stfl %08x\n", LC32(0xc8));
	uint64_t r;
	for (unsigned fc = 0; fc <= 3; fc++) {
		cc = stsi(page, fc, 0, 0, &r);
		printf("stsi %u.0.0 cc %d r0 %lx\n", fc, cc, r);
	}
	unsigned sel[][3] = {{1,1,1},{1,2,1},{1,2,2},{2,2,1},{2,2,2},{3,2,2},{15,1,2},{15,1,3}};
	for (unsigned i = 0; i < sizeof(sel)/sizeof(sel[0]); i++) {
		for (int j = 0; j < 4096; j++) page[j] = 0;
		cc = stsi(page, sel[i][0], sel[i][1], sel[i][2], &r);
		printf("stsi %u.%u.%u cc %d r0 %lx pgm %d/%x\n", sel[i][0], sel[i][1], sel[i][2], cc, r, pgm_seen, pgm_code_seen);
		pgm_seen = 0;
		if (cc == 0) dump(page, 256);
	}
	/* stidp */
	uint64_t id;
	asm volatile("stidp %0" : "=Q"(id));
	printf("stidp %016lx\n", id);
	/* SIGP */
	uint64_t st;
	for (int o = 0; o < 0x16; o++) {
		if (o == SIGP_STOP || o == SIGP_STOP_AND_STORE_STATUS || o == SIGP_RESTART || o == SIGP_INITIAL_CPU_RESET || o == SIGP_CPU_RESET || o == SIGP_SET_PREFIX || o == 0xe || o == SIGP_EXTERNAL_CALL || o == SIGP_EMERGENCY_SIGNAL) continue;
		cc = sigp(0, o, 0, &st);
		printf("sigp self order %02x cc %d status %lx\n", o, cc, st);
	}
	cc = sigp(1, SIGP_SENSE, 0, &st);
	printf("sigp cpu1 sense cc %d status %lx\n", cc, st);
	cc = sigp(0, SIGP_SET_ARCHITECTURE, 1, &st);
	printf("sigp setarch 1 cc %d status %lx\n", cc, st);
	cc = sigp(0, SIGP_SET_ARCHITECTURE, 2, &st);
	printf("sigp setarch 2 cc %d status %lx\n", cc, st);
	cc = sigp(0, 0x99, 0, &st);
	printf("sigp bad order cc %d status %lx\n", cc, st);
	/* diag with unknown code */
	pgm_seen = 0;
	asm volatile("diag 0,0,0x123" ::: "memory");
	printf("diag 0x123 pgm %d code %x\n", pgm_seen, pgm_code_seen);
	pgm_seen = 0;
	asm volatile("diag 0,0,0x44" ::: "memory");
	printf("diag 0x44 pgm %d code %x\n", pgm_seen, pgm_code_seen);
	pgm_seen = 0;
	asm volatile("diag 0,0,0x9c" ::: "memory");
	printf("diag 0x9c pgm %d code %x\n", pgm_seen, pgm_code_seen);
	/* event mask report */
	sclp_set_event_mask(0, 0x80000000u >> (0x1a - 1));
	printf("sclp masks receive %08x send %08x\n", sclp_receive_mask, sclp_send_mask);
	sclp_set_event_mask(0xffffffff, 0xffffffff);
	printf("sclp masks(all) receive %08x send %08x\n", sclp_receive_mask, sclp_send_mask);
	/* line mode */
	int rc = sclp_linemode_write("line mode text");
	printf("linemode rc %04x\n", rc);
	sclp_set_event_mask(0, 0x80000000u >> (0x1a - 1));
	/* servc errors */
	uint8_t *s = page;
	for (int j = 0; j < 4096; j++) s[j] = 0;
	*(uint16_t *)s = 8;
	cc = sclp_service_call(0x00020001, s);
	printf("read info small cc %d rc %04x\n", cc, *(uint16_t *)(s + 6));
	*(uint16_t *)s = 4096; *(uint16_t *)(s + 6) = 0;
	cc = sclp_service_call(0x12345678, s);
	printf("bad cmd cc %d rc %04x\n", cc, *(uint16_t *)(s + 6));
	pgm_seen = 0;
	cc = raw_servc(0x00020001, s + 4);
	printf("unaligned cc %d pgm %d %x\n", cc, pgm_seen, pgm_code_seen);
	pgm_seen = 0;
	*(uint16_t *)(s+0x800) = 4096; *(uint16_t *)(s + 0x806) = 0;
	cc = raw_servc(0x00020001, s + 0x800);
	if (cc == 0 && !pgm_seen) { extern volatile int sclp_busy; sclp_busy = 1; while (sclp_busy) enabled_wait(); }
	printf("crossing cc %d pgm %d rc %04x\n", cc, pgm_seen, *(uint16_t *)(s + 0x806));
	/* read event data with nothing pending */
	for (int j = 0; j < 4096; j++) s[j] = 0;
	*(uint16_t *)s = 4096;
	cc = sclp_service_call(0x00770005, s);
	printf("read event cc %d rc %04x\n", cc, *(uint16_t *)(s + 6));
	/* stck */
	int c1; uint64_t t1 = stck(&c1), t2 = stck(0);
	printf("stck cc %d %s\n", c1, t2 > t1 ? "increasing" : "not increasing");
	uint8_t e[16];
	asm volatile("stcke %0" : "=Q"(e));
	printf("stcke epoch %02x prog %02x%02x\n", e[0], e[14], e[15]);
	/* lowcore 0x80 after service signals */
	printf("ext params %08x cpuaddr %04x\n", LC32(0x80), LC16(0x84));
	return 0;
}
