/* DAT through region tables: region-first, -second and -third ASCEs translating
   addresses up to 2^55, the ASCE-type, region-first/second/third and segment
   translation exceptions for invalid entries and for table offsets and lengths (TF/TL),
   and translation specification for a wrong table type. The guest itself stays mapped
   1:1 below 16M through index 0 of every table. */
#include "../dat.h"

#define RTE(origin, type) ((unsigned long)(origin) | ((unsigned long)(type) << 2) | TL_FULL)

static uint64_t r1t[2048] __attribute__((aligned(4096)));
static uint64_t r2t[2048] __attribute__((aligned(4096)));
static uint64_t r3t[2048] __attribute__((aligned(4096)));
static uint64_t segtab[2048] __attribute__((aligned(4096)));
/* Tables for addresses at 2^53 (region-first index 1). */
static uint64_t r2t_b[2048] __attribute__((aligned(4096)));
static uint64_t r3t_b[2048] __attribute__((aligned(4096)));
static uint64_t segtab_b[2048] __attribute__((aligned(4096)));
static uint64_t pt_b[256] __attribute__((aligned(2048)));
static uint64_t frame[512] __attribute__((aligned(4096)));

#define HIGH (1ul << 53)

static void invalid_region(uint64_t *t, int type)
{
	for (int i = 0; i < 2048; i++)
		t[i] = RTE_INVALID | ((unsigned long)type << 2);
}

int main(void)
{
	const unsigned long asce_r1 = (unsigned long)r1t | DT_REGION1 | TL_FULL;
	const unsigned long asce_r2 = (unsigned long)r2t | DT_REGION2 | TL_FULL;
	const unsigned long asce_r3 = (unsigned long)r3t | DT_REGION3 | TL_FULL;
	unsigned long real;
	int cc;

	invalid_region(r1t, 3);
	invalid_region(r2t, 2);
	invalid_region(r3t, 1);
	invalid_region(r2t_b, 2);
	invalid_region(r3t_b, 1);
	build_identity(segtab);
	for (int i = 0; i < 2048; i++)
		segtab_b[i] = STE_INVALID;
	for (int i = 0; i < 256; i++)
		pt_b[i] = PTE_INVALID;
	r1t[0] = RTE(r2t, 3);
	r2t[0] = RTE(r3t, 2);
	r3t[0] = RTE(segtab, 1);
	r1t[1] = RTE(r2t_b, 3);
	r2t_b[0] = RTE(r3t_b, 2);
	r3t_b[0] = RTE(segtab_b, 1);
	segtab_b[0] = (unsigned long)pt_b;
	pt_b[0] = (unsigned long)frame;
	pt_b[1] = (unsigned long)frame;
	frame[2] = 0x1122334455667788ul;
	/* Region-first entry 2: region-second table with length 0 (first quarter only);
	   entry 3: with offset 1 (quarters 1-3); entry 4: a region-third type. */
	r1t[2] = RTE(r2t_b, 3) & ~TL_FULL;
	r1t[3] = RTE(r2t_b, 3) | RTE_TF(1);
	r1t[4] = RTE(r2t_b, 2);

	lctlg(1, asce_r1);
	lctlg(0, stctg(0) | CR0_SECONDARY);
	dat_on();
	PRINTF("region-first ASCE: dat on\n");

	{
		unsigned long x = 0;
		asm volatile("lg %0,16(%1)" : "=d"(x) : "a"(HIGH) : "memory");
		PRINTF("load at 2^53+16: %016lx\n", x);
		asm volatile("lg %0,16(%1)" : "=d"(x) : "a"(HIGH + PAGE) : "memory");
		PRINTF("load at 2^53+4K+16 (same frame): %016lx\n", x);
	}
	cc = lrag(HIGH + 0x18, &real);
	PRINTF("lrag 2^53+0x18: cc %d %s\n", cc, real == (unsigned long)frame + 0x18 ? "= frame+0x18" : "wrong");

	TRY("region-first entry invalid (RFX 5)", "lg %%r0,0(%2)", "a"(5ul << 53));
	TRY("region-second length (RFX 2, RSX quarter 1)", "lg %%r0,0(%2)", "a"((2ul << 53) | (1ul << 51)));
	TRY("region-second length (RFX 2, RSX quarter 0 ok, next table)", "lg %%r0,0(%2)", "a"((2ul << 53) | PAGE));
	TRY("region-second offset (RFX 3, RSX quarter 0)", "lg %%r0,0(%2)", "a"(3ul << 53));
	TRY("region-second entry invalid", "lg %%r0,0(%2)", "a"(HIGH | (1ul << 42)));
	TRY("region-third entry invalid", "lg %%r0,0(%2)", "a"(HIGH | (1ul << 31)));
	TRY("segment entry invalid", "lg %%r0,0(%2)", "a"(HIGH | SEG));
	TRY("page entry invalid", "lg %%r0,0(%2)", "a"(HIGH | 2 * PAGE));
	TRY("translation specification (region-first entry of type 2)", "lg %%r0,0(%2)", "a"(4ul << 53));
	cc = lrag(5ul << 53, &real);
	PRINTF("lrag at an invalid region-first entry: cc %d r1 %016lx\n", cc, real);

	/* Region-first length: an ASCE with TL 0 covers region-first indexes 0-511. */
	lctlg(1, asce_r1 & ~TL_FULL);
	TRY("region-first length (ASCE TL 0, RFX 512)", "lg %%r0,0(%2)", "a"(1ul << 62));
	TRY("region-first length (ASCE TL 0, RFX 511)", "lg %%r0,16(%2)", "a"(HIGH));

	lctlg(1, asce_r2);
	PRINTF("region-second ASCE\n");
	TRY("ASCE type (2^53 with a region-second ASCE)", "lg %%r0,0(%2)", "a"(HIGH));
	TRY("region-second entry invalid", "lg %%r0,0(%2)", "a"(1ul << 43));
	cc = lrag(HIGH, &real);
	PRINTF("lrag 2^53: cc %d r1 %016lx\n", cc, real);

	lctlg(1, asce_r3);
	PRINTF("region-third ASCE\n");
	TRY("ASCE type (2^42 with a region-third ASCE)", "lg %%r0,0(%2)", "a"(1ul << 42));
	TRY("region-third entry invalid (2^32)", "lg %%r0,0(%2)", "a"(1ul << 32));
	r3t[0] = RTE(segtab, 1) & ~TL_FULL;
	ptlb();
	TRY("segment length (region-third entry TL 0, SX quarter 1)", "lg %%r0,0(%2)", "a"(0x20000000ul));
	r3t[0] = RTE(segtab, 1);
	ptlb();

	lctlg(1, (unsigned long)segtab | DT_SEGMENT | 1);
	PRINTF("segment-table ASCE with TL 1\n");
	TRY("segment length (ASCE TL 1, SX quarter 2)", "lg %%r0,0(%2)", "a"(0x40000000ul));
	TRY("ASCE type (2^31 with a segment-table ASCE)", "lg %%r0,0(%2)", "a"(0x80000000ul));
	lctlg(1, asce_r1);
	return 0;
}
