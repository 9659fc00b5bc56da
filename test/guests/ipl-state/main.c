/* The state QEMU's -kernel IPL leaves for an ELF guest whose entry is 0x10000, captured
   by entry.S before anything changes it: PSW, registers, control registers, prefix,
   CPU address, clock comparator, the (all-zero) lowcore, the Linux parameter area
   (command line, initrd address and size) and what read SCP info reports. */
#include "guest.h"

extern uint64_t ipl_gprs[16], ipl_crs[16];
extern uint32_t ipl_ars[16], ipl_psw[2];
extern uint8_t ipl_misc[96], ipl_lowcore[8192];
extern char _end[];

static uint8_t info[4096] __attribute__((aligned(4096)));

static void registers(void)
{
	int i;

	printf("psw %08x%08x\n", ipl_psw[0], ipl_psw[1]);
	for (i = 0; i < 16; i++)
		printf("r%d=%016lx%c", i, (unsigned long)ipl_gprs[i], i % 4 == 3 ? '\n' : ' ');
	for (i = 0; i < 16; i++)
		printf("c%d=%016lx%c", i, (unsigned long)ipl_crs[i], i % 4 == 3 ? '\n' : ' ');
	for (i = 0; i < 16; i++)
		printf("a%d=%08x%c", i, ipl_ars[i], i % 8 == 7 ? '\n' : ' ');
	printf("prefix %08x cpu address %04x clock comparator %016lx\n", *(uint32_t *)ipl_misc,
	       *(uint16_t *)(ipl_misc + 4), (unsigned long)*(uint64_t *)(ipl_misc + 16));
}

static void lowcore_and_memory(void)
{
	unsigned int nonzero = 0;
	unsigned long end = ((unsigned long)_end + 0xfff) & ~0xffful;

	for (int i = 0; i < 8192; i += 4)
		if (*(uint32_t *)(ipl_lowcore + i)) {
			printf("lowcore %04x: %08x\n", i, *(uint32_t *)(ipl_lowcore + i));
			nonzero++;
		}
	printf("nonzero lowcore words: %u\n", nonzero);
	nonzero = 0;
	for (unsigned long a = 0x2000; a < 0x10000; a += 8)
		nonzero += *(volatile uint64_t *)a != 0;
	for (unsigned long a = end; a < 0x800000; a += 8)
		nonzero += *(volatile uint64_t *)a != 0;
	printf("nonzero doublewords in 0x2000-0xffff and after the image up to 8M: %u\n", nonzero);
}

static void parameter_area(void)
{
	uint64_t start = *(uint64_t *)0x10408ul, size = *(uint64_t *)0x10410ul;
	int i;

	printf("initrd start %lx size %lx", (unsigned long)start, (unsigned long)size);
	if (size) {
		printf(", begins '");
		for (i = 0; i < 16 && i < (int)size && *(char *)(start + i) != '\n'; i++)
			printf("%c", *(char *)(start + i));
		printf("'");
	}
	printf("\ncommand line '");
	for (i = 0; i < 120 && *(char *)(0x10480ul + i); i++)
		printf("%c", *(char *)(0x10480ul + i));
	printf("'\n");
}

static void read_info(void)
{
	int cc, i, cpus, offset;

	for (i = 0; i < 4096; i++)
		info[i] = 0;
	*(uint16_t *)info = 4096;
	cc = sclp_service_call(0x00020001, info);
	cpus = *(uint16_t *)(info + 16);
	offset = *(uint16_t *)(info + 18);
	printf("read scp info: cc %d response %04x\n", cc, *(uint16_t *)(info + 6));
	printf("storage increments %u of %u MiB (%lu MiB)\n", *(uint16_t *)(info + 8), info[10],
	       (unsigned long)*(uint16_t *)(info + 8) * info[10]);
	printf("cpus %d at offset %d, highest cpu address %u\n", cpus, offset, *(uint16_t *)(info + 120));
	for (i = 0; i < cpus; i++)
		printf("cpu entry %d: address %u type %u\n", i, info[offset + 16 * i], info[offset + 16 * i + 14]);
	printf("loadparm %02x%02x%02x%02x%02x%02x%02x%02x\n", info[24], info[25], info[26], info[27],
	       info[28], info[29], info[30], info[31]);
	printf("facilities %016lx, max memory address 2^%u\n", (unsigned long)*(uint64_t *)(info + 48), info[99]);
}

int main(void)
{
	registers();
	lowcore_and_memory();
	parameter_area();
	read_info();
	return 0;
}
