/* A freestanding driver for the s390-virtio transport (the 2008 KVM design): finds the
   device descriptors in the page just above guest memory (memory size from SCLP read
   info), brings up a virtio console (legacy big-endian rings) and a virtio block device
   (VERSION_1, little-endian rings) with diagnose 0x500 set-status, writes a line on the
   console's transmit queue, reads console input, writes sectors and reads them back, and
   waits for each used buffer on the 0x2603 interruption carrying the queue's token.
   With the command line "hostile" it also submits broken requests (looping, truncated
   and out-of-range chains, descriptors at the device page, bogus hypercalls, rewritten
   queue configs), resets the device after each and shows it works again. With "hotplug"
   it waits for a device the host plugs in (0x2603 with VIRTIO_PARAM_DEV_ADD), rescans the
   page, brings the new disk up and prints its first sector. */
#include "guest.h"

#define DIAG500_NOTIFY     0
#define DIAG500_RESET      1
#define DIAG500_SET_STATUS 2
#define EINVAL             22

#define EXT_VIRTIO         0x2603
#define VIRTIO_PARAM_DEV_ADD 2
#define VIRTIO_SUBCODE     0x0d00
#define LC_EXT_PARAMS2     0x11b8

#define DESC_TYPE   0
#define DESC_NUM_VQ 1
#define DESC_FLEN   2
#define DESC_CLEN   3
#define DESC_STATUS 4
#define DESC_VQ     5
#define VQ_SIZE     24

#define ST_ACK       1
#define ST_DRIVER    2
#define ST_DRIVER_OK 4
#define ST_FEAT_OK   8
#define F_VERSION_1  32

#define VIRTIO_ID_BLOCK   2
#define VIRTIO_ID_CONSOLE 3

#define VRING_DESC_F_NEXT  1
#define VRING_DESC_F_WRITE 2
#define RING_ALIGN 4096

#define BLK_T_IN  0
#define BLK_T_OUT 1

struct dev {
	uint8_t *desc;
	unsigned int type, nvq, flen, clen;
	uint8_t *host_features, *guest_features, *config;
};

struct vring {
	unsigned long addr;
	unsigned int num, le, index;
	uint8_t *desc, *avail, *used;
	uint16_t avail_idx, last_used;
	uint64_t token;
};

static unsigned long ram;
static struct dev devs[128];
static unsigned int ndevs;
static int hostile, hotplug_mode;
static volatile unsigned long added_desc;

static volatile unsigned int virtio_irqs;
static volatile uint64_t last_token;
/* Interruptions not yet consumed, by the token's device and queue bytes. */
static volatile uint8_t irq_pending[128][4];
static volatile uint32_t last_param;
static volatile unsigned int bad_irqs;
static volatile unsigned int pgm_seen;
static volatile int probing;
static volatile uint16_t pgm_code;

/* ---- byte order ------------------------------------------------------------------ */

static uint64_t get_be(const volatile uint8_t *p, int n)
{
	uint64_t v = 0;
	for (int i = 0; i < n; i++)
		v = (v << 8) | p[i];
	return v;
}

static void put_be(volatile uint8_t *p, uint64_t v, int n)
{
	for (int i = n - 1; i >= 0; i--, v >>= 8)
		p[i] = (uint8_t)v;
}

static uint64_t get_le(const volatile uint8_t *p, int n)
{
	uint64_t v = 0;
	for (int i = n - 1; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static void put_le(volatile uint8_t *p, uint64_t v, int n)
{
	for (int i = 0; i < n; i++, v >>= 8)
		p[i] = (uint8_t)v;
}

static uint64_t rget(struct vring *r, const volatile uint8_t *p, int n) { return r->le ? get_le(p, n) : get_be(p, n); }
static void rput(struct vring *r, volatile uint8_t *p, uint64_t v, int n) { if (r->le) put_le(p, v, n); else put_be(p, v, n); }

static void barrier(void) { asm volatile("bcr 14,0" : : : "memory"); }

static void *memset_(void *d, int c, unsigned long n) { uint8_t *p = d; while (n--) *p++ = (uint8_t)c; return d; }

/* ---- hypercalls and interruptions -------------------------------------------------- */

static long hypercall(unsigned long nr, unsigned long arg)
{
	register unsigned long r1 asm("1") = nr;
	register long r2 asm("2") = (long)arg;
	asm volatile("diag 2,4,0x500" : "+d"(r2) : "d"(r1) : "memory", "cc");
	return r2;
}

void on_ext_interrupt(uint16_t code)
{
	if (code != EXT_VIRTIO || LC16(LC_EXT_CPU_ADDR) != VIRTIO_SUBCODE) {
		bad_irqs++;
		return;
	}
	last_token = LC64(LC_EXT_PARAMS2);
	last_param = LC32(LC_EXT_PARAMS);
	virtio_irqs++;
	if ((last_param & 0xff) == VIRTIO_PARAM_DEV_ADD) {
		added_desc = last_token; /* the new descriptor's address */
		return;
	}
	if ((last_token >> 48) == 0x7e57 && ((last_token >> 8) & 0xff) < 128 && (last_token & 0xff) < 4)
		irq_pending[(last_token >> 8) & 0xff][last_token & 0xff] = 1;
	else
		bad_irqs++;
}

void on_program_interrupt(uint16_t code, uint16_t ilc)
{
	if (!hostile && !probing) {
		printf("unexpected program interruption code %04x ilc %u at %016lx\n", code, ilc,
		       (unsigned long)LCPSW(LC_PGM_OLD_PSW).addr);
		guest_exit(99);
	}
	/* Suppressed: the old PSW points after the instruction; go on. */
	pgm_code = code;
	pgm_seen++;
}

/* ---- discovery ------------------------------------------------------------------- */

static uint8_t sccb[4096] __attribute__((aligned(4096)));

static unsigned long memory_size(void)
{
	memset_(sccb, 0, sizeof(sccb));
	*(uint16_t *)sccb = sizeof(sccb);
	if (sclp_service_call(0x00020001, sccb) != 0 || *(uint16_t *)(sccb + 6) != 0x0010)
		return 0;
	return (unsigned long)*(uint16_t *)(sccb + 8) * sccb[10] << 20;
}

/* As Linux's kvm_virtio did: a real-address load from the page above memory, which is an
   addressing exception when the host provides no device page. */
static int page_present(void)
{
	unsigned long v = 0;
	probing = 1;
	pgm_seen = 0;
	asm volatile("lura %0,%1" : "+d"(v) : "a"(ram) : "memory");
	probing = 0;
	return pgm_seen == 0;
}

static void scan(void)
{
	uint8_t *p = (uint8_t *)ram;
	ndevs = 0;
	/* The descriptor pages end with a zero type; bounded in case they do not. */
	while (ndevs < 128 && p[DESC_TYPE] != 0 && p < (uint8_t *)ram + 64 * 1024) {
		struct dev *d = &devs[ndevs++];
		d->desc = p;
		d->type = p[DESC_TYPE];
		d->nvq = p[DESC_NUM_VQ];
		d->flen = p[DESC_FLEN];
		d->clen = p[DESC_CLEN];
		d->host_features = p + DESC_VQ + d->nvq * VQ_SIZE;
		d->guest_features = d->host_features + d->flen;
		d->config = d->guest_features + d->flen;
		p = d->config + d->clen;
	}
}

static struct dev *find(unsigned int type)
{
	for (unsigned int i = 0; i < ndevs; i++)
		if (devs[i].type == type)
			return &devs[i];
	return 0;
}

static int has_feature(struct dev *d, unsigned int bit) { return bit / 8 < d->flen && (d->host_features[bit / 8] >> (bit % 8)) & 1; }

static long set_status(struct dev *d, uint8_t status)
{
	d->desc[DESC_STATUS] = status;
	barrier();
	return hypercall(DIAG500_SET_STATUS, (unsigned long)d->desc);
}

/* The queue as the host placed it; the token is what comes back in interruptions. */
static void ring_init(struct dev *d, struct vring *r, unsigned int index, int le)
{
	uint8_t *cfg = d->desc + DESC_VQ + index * VQ_SIZE;
	r->index = index;
	r->addr = get_be(cfg + 8, 8);
	r->num = get_be(cfg + 16, 2);
	r->le = le;
	r->desc = (uint8_t *)r->addr;
	r->avail = r->desc + 16 * r->num;
	r->used = (uint8_t *)(((unsigned long)r->avail + 6 + 2 * r->num + RING_ALIGN - 1) & ~(unsigned long)(RING_ALIGN - 1));
	r->avail_idx = 0;
	r->last_used = 0;
	r->token = ((uint64_t)0x7e57 << 48) | ((uint64_t)(d - devs) << 8) | index;
	irq_pending[d - devs][index] = 0;
	put_be(cfg, r->token, 8);
}

/* Negotiates `want` (bits 0-63) and goes to DRIVER_OK; 0 on success. */
static int bring_up(struct dev *d, struct vring *rings, unsigned int nq, uint64_t want, int le)
{
	if (hypercall(DIAG500_RESET, (unsigned long)d->desc) != 0)
		return 1;
	if (set_status(d, ST_ACK) != 0 || set_status(d, ST_ACK | ST_DRIVER) != 0)
		return 2;
	for (unsigned int b = 0; b < d->flen; b++)
		d->guest_features[b] = (uint8_t)(want >> (8 * b)) & d->host_features[b];
	if (set_status(d, ST_ACK | ST_DRIVER | ST_FEAT_OK) != 0 || !(d->desc[DESC_STATUS] & ST_FEAT_OK))
		return 3;
	for (unsigned int q = 0; q < nq; q++)
		ring_init(d, &rings[q], q, le);
	if (set_status(d, ST_ACK | ST_DRIVER | ST_FEAT_OK | ST_DRIVER_OK) != 0)
		return 4;
	return 0;
}

/* ---- requests -------------------------------------------------------------------- */

struct buf {
	unsigned long addr;
	uint32_t len;
	int write;
};

/* Places a chain at descriptors 0..n-1 and makes it available (one request in flight). */
static void submit(struct vring *r, const struct buf *b, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		uint8_t *d = r->desc + 16 * i;
		rput(r, d, b[i].addr, 8);
		rput(r, d + 8, b[i].len, 4);
		rput(r, d + 12, (i + 1 < n ? VRING_DESC_F_NEXT : 0) | (b[i].write ? VRING_DESC_F_WRITE : 0), 2);
		rput(r, d + 14, i + 1 < n ? i + 1 : 0, 2);
	}
	rput(r, r->avail + 4 + 2 * (r->avail_idx % r->num), 0, 2);
	barrier();
	r->avail_idx++;
	rput(r, r->avail + 2, r->avail_idx, 2);
	barrier();
}

static long kick(struct vring *r) { return hypercall(DIAG500_NOTIFY, r->addr); }

/* Waits for the next used entry and the interruption with this queue's token (the
   host raises it during the notify; it is taken at the next enabled wait); returns the
   entry's length, or -1 when none came. */
static long wait_used(struct vring *r, unsigned int max_waits)
{
	volatile uint8_t *flag = &irq_pending[(r->token >> 8) & 0xff][r->index];
	for (unsigned int w = 0;; w++) {
		barrier();
		uint16_t idx = rget(r, r->used + 2, 2);
		if (idx != r->last_used && *flag) {
			uint8_t *e = r->used + 4 + 8 * (r->last_used % r->num);
			*flag = 0;
			r->last_used++;
			return rget(r, e + 4, 4);
		}
		if (w == max_waits) {
			printf("queue %016lx: used index %u (expected past %u), interruption %s\n", (unsigned long)r->token,
			       idx, r->last_used, *flag ? "seen" : "not seen");
			return -1;
		}
		enabled_wait();
	}
}

/* A queue with used entries but none expected: it stopped as broken (or is idle). */
static int used_unchanged(struct vring *r) { barrier(); return rget(r, r->used + 2, 2) == r->last_used; }

/* ---- console --------------------------------------------------------------------- */

static struct dev *con;
static struct vring con_q[2]; /* receiveq, transmitq */
static char line[128] __attribute__((aligned(8)));
static char input[64] __attribute__((aligned(8)));

static unsigned long strlen_(const char *s) { unsigned long n = 0; while (s[n]) n++; return n; }
static void strcpy_(char *d, const char *s) { while ((*d++ = *s++)) ; }

static int console_write(const char *text)
{
	struct buf b = { (unsigned long)line, 0, 0 };
	strcpy_(line, text);
	b.len = strlen_(line);
	submit(&con_q[1], &b, 1);
	if (kick(&con_q[1]) != 0)
		return 1;
	return wait_used(&con_q[1], 100) < 0 ? 2 : 0;
}

static int console_read(void)
{
	unsigned int n = 0;
	while (n < 4 && n < sizeof(input) - 1) {
		struct buf b = { (unsigned long)input + n, sizeof(input) - 1 - n, 1 };
		submit(&con_q[0], &b, 1);
		if (kick(&con_q[0]) != 0)
			return -1;
		long got = wait_used(&con_q[0], 100000);
		if (got <= 0)
			return -2;
		n += got;
		if (input[n - 1] == '\n')
			break;
	}
	input[n] = 0;
	return n;
}

/* ---- block ----------------------------------------------------------------------- */

static struct dev *blk;
static struct vring blk_q;
static struct {
	uint32_t type, reserved;
	uint64_t sector;
} blk_hdr __attribute__((aligned(16)));
static uint8_t blk_data[1024] __attribute__((aligned(512)));
static volatile uint8_t blk_status;

/* One request on `sectors` sectors at `sector`; returns the status byte or a negative error. */
static int blk_rw(uint32_t type, uint64_t sector, unsigned int sectors)
{
	struct buf b[3] = {
		{ (unsigned long)&blk_hdr, sizeof(blk_hdr), 0 },
		{ (unsigned long)blk_data, 512 * sectors, type == BLK_T_IN },
		{ (unsigned long)&blk_status, 1, 1 },
	};
	/* VERSION_1: header fields little-endian. */
	put_le((uint8_t *)&blk_hdr.type, type, 4);
	put_le((uint8_t *)&blk_hdr.reserved, 0, 4);
	put_le((uint8_t *)&blk_hdr.sector, sector, 8);
	blk_status = 0xff;
	submit(&blk_q, b, 3);
	if (kick(&blk_q) != 0)
		return -1;
	if (wait_used(&blk_q, 100) < 0)
		return -2;
	return blk_status;
}

static uint8_t pattern(uint64_t sector, unsigned int i) { return (uint8_t)(sector * 37 + i * 7 + (i >> 8)); }

static int blk_test(void)
{
	uint64_t capacity = get_le(blk->config, 8);
	int st;

	printf("blk: capacity %lu sectors\n", (unsigned long)capacity);
	if (capacity < 4)
		return 1;
	for (unsigned int i = 0; i < 1024; i++)
		blk_data[i] = pattern(1, i < 512 ? i : i - 512) ^ (i < 512 ? 0 : 0x55);
	if ((st = blk_rw(BLK_T_OUT, 1, 2)) != 0) {
		printf("blk: write status %d\n", st);
		return 2;
	}
	memset_(blk_data, 0, sizeof(blk_data));
	if ((st = blk_rw(BLK_T_IN, 1, 2)) != 0) {
		printf("blk: read status %d\n", st);
		return 3;
	}
	for (unsigned int i = 0; i < 1024; i++)
		if (blk_data[i] != (uint8_t)(pattern(1, i < 512 ? i : i - 512) ^ (i < 512 ? 0 : 0x55))) {
			printf("blk: byte %u read back %02x\n", i, blk_data[i]);
			return 4;
		}
	printf("blk: wrote sectors 1-2, read them back: equal\n");
	/* Past the end: an I/O error status, not a crash. */
	st = blk_rw(BLK_T_IN, capacity, 1);
	printf("blk: read past the end: status %d\n", st);
	return st == 1 ? 0 : 5;
}

/* ---- hostile mode ---------------------------------------------------------------- */

/* Sends a broken chain on the console's transmit queue, expects no used entry, then
   resets and re-initializes the device and shows a good write works again. */
static int broken(const char *what, const struct buf *b, unsigned int n, int raw_loop, int truncated)
{
	struct vring *r = &con_q[1];
	submit(r, b, n);
	if (raw_loop) { /* descriptor 1 points back at descriptor 0 */
		rput(r, r->desc + 12, VRING_DESC_F_NEXT, 2);
		rput(r, r->desc + 14, 1, 2);
		rput(r, r->desc + 16 + 12, VRING_DESC_F_NEXT, 2);
		rput(r, r->desc + 16 + 14, 0, 2);
	}
	if (truncated) { /* NEXT set, next index past the table */
		rput(r, r->desc + 16 * (n - 1) + 12, VRING_DESC_F_NEXT, 2);
		rput(r, r->desc + 16 * (n - 1) + 14, r->num + 5, 2);
	}
	long rc = kick(r);
	int quiet = used_unchanged(r);
	int up = bring_up(con, con_q, 2, 0, 0);
	char msg[96];
	strcpy_(msg, "still alive after ");
	strcpy_(msg + strlen_(msg), what);
	strcpy_(msg + strlen_(msg), "\n");
	int ok = rc == 0 && quiet && up == 0 && console_write(msg) == 0;
	printf("hostile: %s: notify %ld, no used entry %s, reset and write %s\n", what, rc, quiet ? "yes" : "NO", ok ? "ok" : "FAILED");
	return ok ? 0 : 1;
}

static int hostile_tests(void)
{
	int fails = 0;
	unsigned long page = ram;
	unsigned long beyond = ram + (64ul << 20);
	long rc;

	/* Hypercalls naming nothing: -EINVAL. */
	rc = hypercall(DIAG500_NOTIFY, page + 1);
	printf("hostile: notify on the device page + 1: %ld\n", rc);
	fails += rc != -EINVAL;
	rc = hypercall(DIAG500_SET_STATUS, page + 3);
	printf("hostile: set status on a non-descriptor: %ld\n", rc);
	fails += rc != -EINVAL;
	rc = hypercall(DIAG500_RESET, beyond);
	printf("hostile: reset beyond the window: %ld\n", rc);
	fails += rc != -EINVAL;
	rc = hypercall(DIAG500_NOTIFY, 0xffffffffffff0000ul);
	printf("hostile: notify at 0xffffffffffff0000: %ld\n", rc);
	fails += rc != -EINVAL;
	pgm_seen = 0;
	hypercall(77, 0);
	printf("hostile: subcode 77: program interruption %04x\n", pgm_seen ? pgm_code : 0);
	fails += !(pgm_seen == 1 && pgm_code == 6);
	/* Reading past the device window: an addressing exception, the guest goes on. */
	pgm_seen = 0;
	(void)*(volatile uint32_t *)(beyond + 0x100000);
	printf("hostile: load past the window: program interruption %04x\n", pgm_seen ? pgm_code : 0);
	fails += !(pgm_seen == 1 && pgm_code == 5);

	/* A driver that rewrites its queue config: the host's ring stands. */
	uint8_t *cfg = con->desc + DESC_VQ + 1 * VQ_SIZE;
	unsigned long good = get_be(cfg + 8, 8);
	hypercall(DIAG500_RESET, (unsigned long)con->desc);
	put_be(cfg + 8, 0x2000, 8);
	put_be(cfg + 16, 3, 2);
	set_status(con, ST_ACK | ST_DRIVER | ST_FEAT_OK | ST_DRIVER_OK);
	printf("hostile: rewritten queue config: host restored %s\n", get_be(cfg + 8, 8) == good ? "yes" : "NO");
	fails += get_be(cfg + 8, 8) != good;
	fails += bring_up(con, con_q, 2, 0, 0) != 0;

	struct buf two[2] = { { (unsigned long)line, 8, 0 }, { (unsigned long)line + 8, 8, 0 } };
	struct buf one[1] = { { (unsigned long)line, 8, 0 } };
	fails += broken("a looping chain", two, 2, 1, 0);
	fails += broken("a truncated chain", two, 2, 0, 1);
	struct buf out_of_ram[1] = { { beyond, 64, 0 } };
	fails += broken("a buffer beyond the window", out_of_ram, 1, 0, 0);
	struct buf at_page[1] = { { page, 64, 0 } };
	fails += broken("a buffer at the device page", at_page, 1, 0, 0);
	struct buf across[1] = { { ram - 16, 64, 0 } };
	fails += broken("a buffer across the end of memory", across, 1, 0, 0);
	struct buf wrap[1] = { { 0xfffffffffffffff0ul, 64, 0 } };
	fails += broken("a buffer wrapping 2^64", wrap, 1, 0, 0);
	struct buf huge[1] = { { (unsigned long)line, 0xffffffffu, 0 } };
	fails += broken("a 4 GiB buffer", huge, 1, 0, 0);
	/* The available index far ahead of the queue size. */
	submit(&con_q[1], one, 1);
	rput(&con_q[1], con_q[1].avail + 2, con_q[1].avail_idx + 1000, 2);
	rc = kick(&con_q[1]);
	int quiet = used_unchanged(&con_q[1]);
	int up = bring_up(con, con_q, 2, 0, 0);
	int ok = rc == 0 && quiet && up == 0 && console_write("still alive after a runaway available index\n") == 0;
	printf("hostile: runaway available index: %s\n", ok ? "ok" : "FAILED");
	fails += !ok;
	return fails;
}

/* ---- hotplug --------------------------------------------------------------------- */

static int hotplug_test(void)
{
	unsigned int before = ndevs;
	struct dev *d = 0;

	printf("hotplug: waiting for a device\n");
	for (unsigned int w = 0; w < 1000 && added_desc == 0; w++)
		enabled_wait();
	if (added_desc == 0)
		return 1;
	scan();
	for (unsigned int i = 0; i < ndevs; i++)
		if ((unsigned long)devs[i].desc == added_desc)
			d = &devs[i];
	printf("hotplug: device added at %016lx, %u devices now (were %u)\n", added_desc, ndevs, before);
	if (d == 0 || d->type != VIRTIO_ID_BLOCK)
		return 2;
	blk = d;
	if (bring_up(blk, &blk_q, 1, 1ull << F_VERSION_1, 1) != 0)
		return 3;
	if (blk_rw(BLK_T_IN, 0, 1) != 0)
		return 4;
	blk_data[31] = 0;
	printf("hotplug: sector 0 of the new disk: %s\n", (char *)blk_data);
	return 0;
}

/* ---- main ------------------------------------------------------------------------ */

int main(void)
{
	const char *cmdline = (const char *)0x10480ul;
	int rc;

	hostile = cmdline[0] == 'h' && cmdline[1] == 'o' && cmdline[2] == 's';
	hotplug_mode = cmdline[0] == 'h' && cmdline[1] == 'o' && cmdline[2] == 't';
	ram = memory_size();
	printf("guest memory %lu MiB, device page at %016lx\n", ram >> 20, ram);
	if (ram == 0)
		return 1;
	if (!page_present()) {
		printf("no device page above guest memory (program interruption %04x)\n", pgm_code);
		return 2;
	}
	scan();
	printf("%u devices\n", ndevs);
	for (unsigned int i = 0; i < ndevs && i < 4; i++)
		printf("device %u: type %u, %u queues, %u feature bytes, %u config bytes\n", i, devs[i].type,
		       devs[i].nvq, devs[i].flen, devs[i].clen);
	con = find(VIRTIO_ID_CONSOLE);
	blk = find(VIRTIO_ID_BLOCK);
	if (con == 0 || con->nvq < 2)
		return 2;

	/* Console: legacy (no VERSION_1), so its rings are big-endian. */
	if ((rc = bring_up(con, con_q, 2, 0, 0)) != 0) {
		printf("console bring-up failed at step %d\n", rc);
		return 3;
	}
	if (console_write("virtio console: hello from the s390-virtio guest\n") != 0)
		return 4;
	printf("console: line written, used buffer seen, %u virtio interruptions\n", virtio_irqs);

	if (blk != 0) {
		if (!has_feature(blk, F_VERSION_1))
			return 5;
		if ((rc = bring_up(blk, &blk_q, 1, 1ull << F_VERSION_1, 1)) != 0) {
			printf("blk bring-up failed at step %d\n", rc);
			return 6;
		}
		if ((rc = blk_test()) != 0)
			return 10 + rc;
	}
	if (hotplug_mode) {
		rc = hotplug_test();
		if (rc)
			return 30 + rc;
	} else if (hostile) {
		rc = hostile_tests();
		printf("hostile: %d failures\n", rc);
		if (rc)
			return 20;
	} else {
		int n = console_read();
		printf("console: read %d bytes: %s", n, n > 0 ? input : "(none)\n");
		if (n <= 0)
			return 7;
	}
	printf("virtio interruptions %u, unexpected %u\n", virtio_irqs, bad_irqs);
	return bad_irqs ? 8 : 0;
}
