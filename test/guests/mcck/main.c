/* Machine check for a pending channel report: the guest registers a machine-check new
   PSW, an extended save area (MCESA) and CR14's channel-report subclass, waits enabled
   only for machine checks, and the host queues a channel report word (under QEMU: a
   virtio-rng-ccw device hot-plugged through the monitor; record.py). The handler prints
   the interruption code, the old PSW and the save areas, then reads the CRWs. */
#include "guest.h"

#define LC_MCIC     0x0e8
#define LC_MCESAD   0x11b0
#define CR14_CHANNEL_REPORT 0x0000000010000000ull
#define PSW_MASK_MCHECK     0x0004000000000000ull
#define CR0_AFP     0x0000000000040000ull
#define CR0_VECTOR  0x0000000000020000ull

static uint8_t mcesa[1024] __attribute__((aligned(1024)));
static struct psw wait_psw __attribute__((aligned(16)));
extern char wait_resume[];

static uint64_t stctg14(void)
{
	uint64_t v;
	asm volatile("stctg %%c14,%%c14,%0" : "=QS"(v));
	return v;
}

static void lctlg14(uint64_t v)
{
	asm volatile("lctlg %%c14,%%c14,%0" : : "QS"(v));
}

static int stcrw(uint32_t *crw)
{
	int cc;
	asm volatile("stcrw %1\n\tipm %0\n\tsrl %0,28" : "=d"(cc), "=Q"(*crw) : : "cc", "memory");
	return cc;
}

static uint64_t mcesa64(unsigned int off)
{
	return *(volatile uint64_t *)(mcesa + off);
}

void __attribute__((noreturn, used)) mcck_landing(void)
{
	struct psw old = LCPSW(LC_MCCK_OLD_PSW);
	uint32_t crw;
	int cc;

	printf("machine check: code %016lx\n", (unsigned long)LC64(LC_MCIC));
	printf("old psw mask %016lx, at the wait: %s\n", (unsigned long)old.mask,
	       old.addr == (unsigned long)wait_resume ? "yes" : "NO");
	printf("saved cr0 %016lx cr14 %016lx\n", (unsigned long)LC64(0x1380), (unsigned long)LC64(0x1380 + 14 * 8));
	printf("saved f0 %016lx f15 %016lx fpc %08x\n", (unsigned long)LC64(0x1200),
	       (unsigned long)LC64(0x1200 + 15 * 8), LC32(0x131c));
	printf("saved r6 %016lx, prefix %08x, tod programmable %08x, mode id %02x\n",
	       (unsigned long)LC64(0x1280 + 6 * 8), LC32(0x1318), LC32(0x1324), *(volatile uint8_t *)0xa3ul);
	printf("saved clock comparator %016lx\n", (unsigned long)LC64(0x1330));
	printf("mcesa v0 %016lx%016lx v17 %016lx%016lx\n", (unsigned long)mcesa64(0), (unsigned long)mcesa64(8),
	       (unsigned long)mcesa64(17 * 16), (unsigned long)mcesa64(17 * 16 + 8));
	printf("mcesa v31 %016lx%016lx, byte 512 %02x\n", (unsigned long)mcesa64(31 * 16),
	       (unsigned long)mcesa64(31 * 16 + 8), mcesa[512]);
	for (int i = 0; i < 8; i++) {
		crw = 0xffffffff;
		cc = stcrw(&crw);
		printf("stcrw: cc %d crw %08x\n", cc, crw);
		if (cc != 0)
			break;
	}
	guest_exit(0);
}

int main(void)
{
	uint64_t ckc = 0x123456789abcdef0ull;

	printf("cr14 at start %016lx\n", (unsigned long)stctg14());
	for (unsigned int i = 0; i < sizeof(mcesa); i++)
		mcesa[i] = 0xee;
	LC64(LC_MCESAD) = (unsigned long)mcesa;
	lctlg0(stctg0() | CR0_AFP | CR0_VECTOR);
	asm volatile(".machine push\n\t.machine z13\n\t"
		     "vgbm %%v0,0xf0f0\n\tvgbm %%v15,0x0ff0\n\tvgbm %%v17,0x00ff\n\tvgbm %%v31,0x8001\n\t"
		     ".machine pop" : : : "memory");
	asm volatile("sckc %0" : : "Q"(ckc));
	asm volatile("lghi %%r6,0x5678" : : : "r6");
	lctlg14(stctg14() | CR14_CHANNEL_REPORT);
	LCPSW(LC_MCCK_NEW_PSW).mask = PSW_MASK_64;
	LCPSW(LC_MCCK_NEW_PSW).addr = (unsigned long)mcck_landing;
	wait_psw.mask = PSW_MASK_64 | PSW_MASK_WAIT | PSW_MASK_MCHECK;
	wait_psw.addr = (unsigned long)wait_resume;
	printf("waiting for a channel report\n");
	console_flush();
	asm volatile("lghi %%r6,0x1234\n\tlpswe %0\nwait_resume:\n\tj wait_resume" : : "Q"(wait_psw) : "r6", "memory");
	return 1;
}
