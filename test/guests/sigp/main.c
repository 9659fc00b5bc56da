/* SIGNAL PROCESSOR: sense, sense running status, invalid orders and CPU addresses, set
   architecture; with a second CPU also set prefix, restart, emergency signal, stop,
   external call, stop and store status, store status at address and initial CPU reset. */
#include "guest.h"

extern char cpu1_entry[];
extern volatile uint16_t cpu1_address;
extern volatile uint32_t cpu1_prefix, cpu1_emergency_cc;
extern volatile uint8_t cpu1_done;

static uint8_t info[4096] __attribute__((aligned(4096)));
/* The second CPU's prefix area (8K aligned) and a store-status area (512 aligned). */
static uint8_t cpu1_lowcore[8192] __attribute__((aligned(8192)));
static uint8_t status_area[512] __attribute__((aligned(512)));
static volatile uint16_t emergency_from = 0xffff;

void on_ext_interrupt(uint16_t code)
{
	if (code == EXT_EMERGENCY_SIGNAL)
		emergency_from = LC16(LC_EXT_CPU_ADDR);
}

static int cpu_count(void)
{
	for (unsigned int i = 0; i < sizeof(info); i++)
		info[i] = 0;
	*(uint16_t *)info = sizeof(info);
	if (sclp_service_call(0x00020001, info) != 0)
		return -1;
	return *(uint16_t *)(info + 16);
}

static void show(const char *what, int cc, uint64_t status)
{
	if (cc == 1)
		printf("%s: cc 1, status %08lx\n", what, (unsigned long)(status & 0xffffffff));
	else
		printf("%s: cc %d\n", what, cc);
}

int main(void)
{
	uint16_t self = stap();
	uint64_t st;
	int n = cpu_count(), cc;

	printf("cpus %d, this is cpu %u\n", n, self);
	show("sense self", sigp(self, SIGP_SENSE, 0, &st), st);
	show("sense running status self", sigp(self, SIGP_SENSE_RUNNING_STATUS, 0, &st), st);
	show("sense cpu 7 (absent)", sigp(7, SIGP_SENSE, 0, &st), st);
	show("order 0x99 (invalid)", sigp(self, 0x99, 0, &st), st);
	show("order 0x00 (invalid)", sigp(self, 0, 0, &st), st);
	show("set architecture z/Arch", sigp(self, SIGP_SET_ARCHITECTURE, 2, &st), st);
	if (n < 2)
		return 0;

	show("sense cpu 1", sigp(1, SIGP_SENSE, 0, &st), st);
	show("sense running status cpu 1", sigp(1, SIGP_SENSE_RUNNING_STATUS, 0, &st), st);
	show("set prefix cpu 1", sigp(1, SIGP_SET_PREFIX, (unsigned long)cpu1_lowcore, &st), st);
	((struct psw *)(cpu1_lowcore + LC_RESTART_NEW_PSW))->mask = PSW_MASK_64;
	((struct psw *)(cpu1_lowcore + LC_RESTART_NEW_PSW))->addr = (unsigned long)cpu1_entry;
	lctlg0(stctg0() | CR0_EMERGENCY_SIGNAL);
	show("restart cpu 1", sigp(1, SIGP_RESTART, 0, &st), st);
	while (emergency_from == 0xffff)
		enabled_wait();
	lctlg0(stctg0() & ~CR0_EMERGENCY_SIGNAL);
	printf("emergency signal from cpu %u\n", emergency_from);
	for (int i = 0; i < 1000000 && !cpu1_done; i++)
		;
	cc = 0;
	for (int i = 0; i < 1000000 && cc != 1; i++)
		cc = sigp(1, SIGP_SENSE, 0, &st);
	show("sense cpu 1 after it stopped itself", cc, st);
	printf("cpu 1 saw address %u, prefix is its lowcore: %s, its sigp cc %u\n", cpu1_address,
	       cpu1_prefix == (uint32_t)(unsigned long)cpu1_lowcore ? "yes" : "NO", cpu1_emergency_cc >> 28 & 3);
	show("set architecture with cpu 1 stopped", sigp(self, SIGP_SET_ARCHITECTURE, 2, &st), st);

	show("external call cpu 1", sigp(1, SIGP_EXTERNAL_CALL, 0, &st), st);
	show("external call cpu 1 again", sigp(1, SIGP_EXTERNAL_CALL, 0, &st), st);
	show("sense cpu 1", sigp(1, SIGP_SENSE, 0, &st), st);

	show("stop and store status cpu 1", sigp(1, SIGP_STOP_AND_STORE_STATUS, 0, &st), st);
	printf("status: mode id %02x, r9 %lx, prefix is its lowcore: %s\n", *(volatile uint8_t *)0xa3ul,
	       (unsigned long)LC64(0x1280 + 9 * 8), LC32(0x1318) == (uint32_t)(unsigned long)cpu1_lowcore ? "yes" : "NO");

	show("initial cpu reset cpu 1", sigp(1, SIGP_INITIAL_CPU_RESET, 0, &st), st);
	show("store status at address cpu 1", sigp(1, SIGP_STORE_STATUS_AT_ADDRESS, (unsigned long)status_area, &st), st);
	printf("status after reset: r9 %lx, prefix %08x, cr0 %016lx, psw %016lx\n",
	       (unsigned long)*(uint64_t *)(status_area + 0x80 + 9 * 8), *(uint32_t *)(status_area + 0x118),
	       (unsigned long)*(uint64_t *)(status_area + 0x180), (unsigned long)*(uint64_t *)(status_area + 0x100));
	return 0;
}
