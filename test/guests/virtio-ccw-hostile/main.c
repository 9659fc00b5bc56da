/* Bad channel programs against a virtio-ccw device (QEMU: -device virtio-blk-ccw): finds
   the device's subchannel, enables it, then starts broken programs (unknown command,
   format-0 CCWs, odd and out-of-storage CCW addresses, data outside storage, TIC to TIC,
   TIC first, zero and short counts, an odd IDAW list, bad ORBs) and prints what SSCH and TSCH
   report (condition codes, device and subchannel status, sense byte 0). The device must
   still answer SENSE ID afterwards. QEMU's output is the golden. */
#include "guest.h"

#define CCW_SENSE        0x04
#define CCW_NOP          0x03
#define CCW_TIC          0x08
#define CCW_SENSE_ID     0xe4
#define CCW_READ_FEAT    0x12
#define CCW_WRITE_STATUS 0x31
#define CCW_SET_VQ       0x13
#define CCW_READ_CONF    0x22

#define CCW_FLAG_CC  0x40
#define CCW_FLAG_SLI 0x20
#define CCW_FLAG_IDA 0x04

#define ORB_F   0x00800000u /* format-1 CCWs */
#define ORB_LPM 0x0000ff00u /* logical-path mask, bits 16-23 */

#define PMCW_E  0x00800000u
#define PMCW_V  0x00010000u
#define ISC     3

static volatile uint16_t got_code;
static volatile unsigned int pgms;

void on_program_interrupt(uint16_t code, uint16_t ilc)
{
	(void)ilc;
	got_code = code;
	pgms++;
}

struct ccw1 {
	uint8_t cmd, flags;
	uint16_t count;
	uint32_t cda;
} __attribute__((packed, aligned(8)));

static uint8_t schib[64] __attribute__((aligned(8)));
static uint8_t irb[96] __attribute__((aligned(8)));
static uint32_t orb[8] __attribute__((aligned(8)));
static struct ccw1 ccws[4] __attribute__((aligned(8)));
static uint8_t data[256] __attribute__((aligned(8)));
static uint64_t idaws[2] __attribute__((aligned(8)));
/* (An IDAW naming storage beyond memory is left out: QEMU completes that READ_CONF
   normally, which real channels would not.) */

#define IO_INSN(name, text)                                                         \
	static int name(uint32_t sid, void *op)                                     \
	{                                                                           \
		register unsigned long r1 asm("1") = sid;                           \
		int cc = -1;                                                        \
		got_code = 0;                                                       \
		asm volatile(text "\n\tipm %0\n\tsrl %0,28"                         \
			     : "+d"(cc) : "d"(r1), "a"(op) : "cc", "memory");       \
		return got_code ? -(int)got_code : cc;                              \
	}

IO_INSN(stsch, "stsch 0(%2)")
IO_INSN(msch, "msch 0(%2)")
IO_INSN(tsch, "tsch 0(%2)")
IO_INSN(ssch, "ssch 0(%2)")

static uint32_t sid;

static void fill(void *p, unsigned int n, uint8_t v)
{
	for (unsigned int i = 0; i < n; i++)
		((uint8_t *)p)[i] = v;
}

static int find_and_enable(void)
{
	for (uint32_t n = 0; n < 64; n++) {
		if (stsch(0x00010000u | n, schib) != 0)
			continue;
		uint32_t w1 = *(uint32_t *)(schib + 4);
		if (!(w1 & PMCW_V))
			continue;
		sid = 0x00010000u | n;
		printf("subchannel %04x: devno %04x\n", n, w1 & 0xffff);
		*(uint32_t *)schib = 0x12345678;
		*(uint32_t *)(schib + 4) = (w1 & ~0x38000000u) | PMCW_E | ((uint32_t)ISC << 27);
		int cc = msch(sid, schib);
		stsch(sid, schib);
		printf("msch cc %d, enabled %d\n", cc, (*(uint32_t *)(schib + 4) & PMCW_E) != 0);
		return 0;
	}
	return 1;
}

/* Starts the program at `cpa` with ORB word 1 `w1`; returns the SSCH cc (or -pgm code)
   and, when it started, waits for status with TSCH and prints it. */
static int run(const char *name, uint32_t w1, uint32_t cpa)
{
	fill(orb, sizeof(orb), 0);
	orb[0] = 0xc0ffee00;
	orb[1] = w1;
	orb[2] = cpa;
	int cc = ssch(sid, orb);
	if (cc != 0) {
		printf("%s: ssch %d\n", name, cc);
		return cc;
	}
	int t = 1;
	for (int i = 0; i < 100000 && t == 1; i++) {
		fill(irb, sizeof(irb), 0);
		t = tsch(sid, irb);
	}
	uint32_t w0 = *(uint32_t *)irb;
	uint32_t ccwa = *(uint32_t *)(irb + 4);
	printf("%s: ssch 0, tsch %d, fctl %x actl %02x stctl %02x, dstat %02x cstat %02x count %u, ccw %s\n", name, t,
	       (w0 >> 12) & 7, (w0 >> 5) & 0x7f, w0 & 0x1f, irb[8], irb[9], *(uint16_t *)(irb + 10),
	       ccwa == 0 ? "0" : ccwa >= (uint32_t)(unsigned long)ccws && ccwa <= (uint32_t)(unsigned long)(ccws + 4) ? "in program" : "elsewhere");
	if (irb[8] & 0x02) { /* unit check: what does sense say? */
		fill(data, sizeof(data), 0xaa);
		ccws[0] = (struct ccw1){ CCW_SENSE, CCW_FLAG_SLI, 32, (uint32_t)(unsigned long)data };
		orb[1] = ORB_F | ORB_LPM;
		orb[2] = (uint32_t)(unsigned long)ccws;
		if (ssch(sid, orb) == 0) {
			for (int i = 0; i < 100000 && tsch(sid, irb) == 1; i++)
				;
			printf("  sense: dstat %02x, byte 0 %02x\n", irb[8], data[0]);
		}
	}
	return 0;
}

static void sense_id(const char *name)
{
	fill(data, sizeof(data), 0);
	ccws[0] = (struct ccw1){ CCW_SENSE_ID, CCW_FLAG_SLI, 16, (uint32_t)(unsigned long)data };
	run(name, ORB_F | ORB_LPM, (uint32_t)(unsigned long)ccws);
	printf("  control unit %02x%02x model %02x, device type %02x%02x model %02x\n", data[1], data[2], data[3],
	       data[4], data[5], data[6]);
}

int main(void)
{
	uint32_t p = (uint32_t)(unsigned long)ccws;
	uint32_t d = (uint32_t)(unsigned long)data;
	uint32_t beyond = 0x7ff00000u;

	if (find_and_enable() != 0) {
		printf("no device\n");
		return 1;
	}
	sense_id("sense id");

	ccws[0] = (struct ccw1){ 0x77, CCW_FLAG_SLI, 8, d };
	run("unknown command 0x77", ORB_F | ORB_LPM, p);
	ccws[0] = (struct ccw1){ CCW_SENSE_ID, CCW_FLAG_SLI, 16, d };
	run("format-0 orb", ORB_LPM, p);
	run("odd ccw address", ORB_F | ORB_LPM, p + 1);
	run("ccw address not doubleword aligned", ORB_F | ORB_LPM, p + 4);
	run("ccw address beyond storage", ORB_F | ORB_LPM, beyond);
	ccws[0] = (struct ccw1){ CCW_READ_FEAT, 0, 8, beyond };
	run("read features into storage beyond memory", ORB_F | ORB_LPM, p);
	ccws[0] = (struct ccw1){ CCW_TIC, 0, 0, p + 8 };
	ccws[1] = (struct ccw1){ CCW_TIC, 0, 0, p };
	run("tic first, tic to tic", ORB_F | ORB_LPM, p);
	ccws[0] = (struct ccw1){ CCW_NOP, CCW_FLAG_CC, 0, 0 };
	ccws[1] = (struct ccw1){ CCW_TIC, 0, 0, p + 16 };
	ccws[2] = (struct ccw1){ CCW_TIC, 0, 0, p };
	run("nop, tic to tic", ORB_F | ORB_LPM, p);
	ccws[0] = (struct ccw1){ CCW_NOP, CCW_FLAG_CC, 0, 0 };
	ccws[1] = (struct ccw1){ CCW_TIC, 0, 0, p + 1 };
	run("nop, tic to an odd address", ORB_F | ORB_LPM, p);
	ccws[0] = (struct ccw1){ CCW_READ_FEAT, 0, 0, d };
	run("read features, count 0", ORB_F | ORB_LPM, p);
	ccws[0] = (struct ccw1){ CCW_READ_FEAT, 0, 2, d };
	run("read features, count 2 without sli", ORB_F | ORB_LPM, p);
	ccws[0] = (struct ccw1){ CCW_WRITE_STATUS, 0, 0, d };
	run("write status, count 0", ORB_F | ORB_LPM, p);
	ccws[0] = (struct ccw1){ CCW_SET_VQ, 0, 4, d };
	fill(data, sizeof(data), 0);
	run("set vq, count 4", ORB_F | ORB_LPM, p);
	fill(data, sizeof(data), 0xff);
	ccws[0] = (struct ccw1){ CCW_SET_VQ, 0, 16, d };
	run("set vq, index 0xffff, address all ones", ORB_F | ORB_LPM, p);
	ccws[0] = (struct ccw1){ CCW_READ_CONF, CCW_FLAG_IDA | CCW_FLAG_SLI, 8, (uint32_t)(unsigned long)idaws + 1 };
	run("read config with an odd idaw list address", ORB_F | ORB_LPM, p);
	ccws[0] = (struct ccw1){ CCW_SENSE_ID, CCW_FLAG_SLI, 16, d };
	run("orb with a reserved bit", ORB_F | ORB_LPM | 0x00000002u, p);
	printf("ssch with the orb beyond storage: %d\n", ssch(sid, (void *)(unsigned long)beyond));
	printf("ssch with an unaligned orb: %d\n", ssch(sid, (uint8_t *)orb + 2));

	sense_id("sense id afterwards");
	printf("program interruptions: %u\n", pgms);
	return 0;
}
