/* The channel subsystem of a machine without devices (QEMU: -nic none), as Linux probes
   it at boot: STSCH/MSCH/TSCH/SSCH/CSCH/HSCH/XSCH/RSCH on absent subchannels, invalid
   subchannel ids and operands, TPI and STCRW with nothing pending, RCHP, SAL, SCHM and
   the CHSC commands (store CSS characteristics, set domain attributes, channel-path
   description, event information, an unprovided command, bad requests). */
#include "guest.h"

static volatile uint16_t got_code;
static volatile unsigned int pgms;

void on_program_interrupt(uint16_t code, uint16_t ilc)
{
	(void)ilc;
	got_code = code;
	pgms++;
}

static uint8_t schib[64] __attribute__((aligned(8)));
static uint8_t irb[96] __attribute__((aligned(8)));
static uint8_t chsc_area[8192] __attribute__((aligned(4096)));
static uint32_t word[4] __attribute__((aligned(8)));

/* One I/O instruction with GR1 = sid and its operand at `op`; returns the cc or -code. */
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
IO_INSN(tpi, "tpi 0(%2)")
IO_INSN(stcrw, "stcrw 0(%2)")
IO_INSN(csch, "csch")
IO_INSN(hsch, "hsch")
IO_INSN(xsch, "xsch")
IO_INSN(rsch, "rsch")
IO_INSN(rchp, "rchp")
IO_INSN(sal, "sal")

static int chsc(void *area)
{
	int cc = -1;
	got_code = 0;
	asm volatile(".insn rre,0xb25f0000,%1,0\n\tipm %0\n\tsrl %0,28"
		     : "+d"(cc) : "a"(area) : "cc", "memory");
	return got_code ? -(int)got_code : cc;
}

static void fill(uint8_t *p, unsigned int n, uint8_t v)
{
	for (unsigned int i = 0; i < n; i++)
		p[i] = v;
}

static uint32_t be32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

/* A CHSC request: length, command, three parameter words; returns the cc. */
static int chsc_request(uint16_t len, uint16_t cmd, uint32_t p0, uint32_t p1, uint32_t p2)
{
	fill(chsc_area, sizeof(chsc_area), 0xee);
	fill(chsc_area, len, 0);
	chsc_area[0] = len >> 8;
	chsc_area[1] = len;
	chsc_area[2] = cmd >> 8;
	chsc_area[3] = cmd;
	for (int i = 0; i < 4; i++) {
		chsc_area[4 + i] = p0 >> (24 - 8 * i);
		chsc_area[8 + i] = p1 >> (24 - 8 * i);
		chsc_area[12 + i] = p2 >> (24 - 8 * i);
	}
	return chsc(chsc_area);
}

static void chsc_report(const char *name, uint16_t len, uint16_t cmd, uint32_t p0, uint32_t p1, uint32_t p2)
{
	int cc = chsc_request(len, cmd, p0, p1, p2);
	const uint8_t *r = chsc_area + len;
	printf("chsc %s: cc %d response length %u code %04x param %08x", name, cc,
	       (r[0] << 8) | r[1], (r[2] << 8) | r[3], be32(r + 4));
	if (cc == 0 && ((r[0] << 8) | r[1]) > 8) {
		printf(" words");
		for (int i = 0; i < 4; i++)
			printf(" %08x", be32(r + 8 + 4 * i));
		printf(" chsc-chars %08x %08x", be32(r + 8 + 2040), be32(r + 8 + 2052));
	}
	printf(" byte-after %02x\n", r[(r[0] << 8) | r[1]]);
}

int main(void)
{
	static const uint32_t sids[] = { 0x00010000, 0x00010001, 0x0001ffff, 0x00030000,
					 0x00070000, 0xfe090000, 0x00090000 };
	for (unsigned int i = 0; i < sizeof(sids) / sizeof(sids[0]); i++) {
		fill(schib, sizeof(schib), 0xaa);
		int cc = stsch(sids[i], schib);
		printf("stsch %08x: %d schib[0] %02x\n", sids[i], cc, schib[0]);
	}
	printf("stsch sid without the one bit: %d\n", stsch(0x00000000, schib));
	printf("stsch cssid without M: %d\n", stsch(0x01010000, schib));
	printf("stsch unaligned: %d\n", stsch(0x00010000, schib + 2));
	printf("stsch beyond storage: %d\n", stsch(0x00010000, (void *)0x7ffff000ul));
	printf("stsch bad sid beyond storage: %d\n", stsch(0x00000000, (void *)0x7ffff000ul));

	fill(schib, sizeof(schib), 0);
	printf("msch absent: %d\n", msch(0x00010000, schib));
	schib[4] = 0x01; /* reserved PMCW flag bit */
	printf("msch reserved flag: %d\n", msch(0x00010000, schib));
	schib[4] = 0;
	schib[27] = 0x02; /* extended measurement-word mode */
	printf("msch xmwme: %d\n", msch(0x00010000, schib));
	schib[27] = 0;
	fill(irb, sizeof(irb), 0xaa);
	printf("tsch absent: %d irb[0] %02x\n", tsch(0x00010000, irb), irb[0]);
	printf("tsch bad sid: %d\n", tsch(0x00000001, irb));
	fill(schib, sizeof(schib), 0);
	printf("ssch absent: %d\n", ssch(0x00010000, schib));
	printf("csch %d hsch %d xsch %d rsch %d\n", csch(0x00010000, 0), hsch(0x00010000, 0),
	       xsch(0x00010000, 0), rsch(0x00010000, 0));
	printf("csch bad sid: %d\n", csch(0x00000000, 0));

	word[0] = word[1] = 0xaaaaaaaa;
	printf("tpi: %d word %08x\n", tpi(0, word), word[0]);
	printf("tpi unaligned: %d\n", tpi(0, (uint8_t *)word + 2));
	word[0] = 0xaaaaaaaa;
	printf("stcrw: %d crw %08x\n", stcrw(0, word), word[0]);
	printf("stcrw unaligned: %d\n", stcrw(0, (uint8_t *)word + 1));
	printf("rchp chpid 0: %d\n", rchp(0x00000000, 0));
	printf("rchp reserved bits: %d\n", rchp(0x00000100, 0));
	printf("rchp cssid 1: %d\n", rchp(0x00010000, 0));
	printf("sal: %d\n", sal(0x00000000, 0));
	printf("sal reserved bits: %d\n", sal(0x00000001, 0));

	chsc_report("store css characteristics", 0x10, 0x0010, 0, 0, 0);
	chsc_report("scsc bad length", 0x18, 0x0010, 0, 0, 0);
	chsc_report("scsc format 1", 0x10, 0x0010, 0x00010000, 0, 0);
	chsc_report("scsc cssid 1 without M", 0x10, 0x0010, 0x00000100, 0, 0);
	chsc_report("channel path description 0-ff", 0x10, 0x0002, 0x00000000, 0x000000ff, 0);
	chsc_report("scpd last below first", 0x10, 0x0002, 0x00000005, 0x00000001, 0);
	chsc_report("store event information", 0x10, 0x000e, 0, 0, 0);
	chsc_report("unprovided command 0x0004", 0x10, 0x0004, 0, 0, 0);
	chsc_report("set domain attributes mss", 0x400, 0x0031, 0x00000002, 0, 0);
	chsc_report("sda unknown operation", 0x400, 0x0031, 0x00000005, 0, 0);
	chsc_report("sda bad length", 0x10, 0x0031, 0x00000002, 0, 0);
	printf("stsch ssid 1 after mss: %d\n", stsch(0x00030000, schib));
	printf("chsc unaligned: %d\n", chsc(chsc_area + 8));
	chsc_area[0] = 0;
	chsc_area[1] = 0x0c;
	printf("chsc length 12: %d\n", chsc(chsc_area));
	chsc_area[1] = 0x14;
	printf("chsc length 20: %d\n", chsc(chsc_area));
	printf("program interruptions: %u\n", pgms);
	guest_exit(0);
}
