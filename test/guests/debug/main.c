/* Debugger test guest: main calls add_step() five times, which updates the global
   `counter` (a watchpoint target); with a second CPU, CPU 1 runs cpu1_work() until it
   has spun 1000 times and stops itself, then CPU 0 ends the test. Built with -g. */
#include "guest.h"

volatile unsigned long counter;
volatile unsigned long cpu1_spins;
volatile unsigned int cpu1_done;

static uint8_t cpu1_lowcore[8192] __attribute__((aligned(8192)));
static uint64_t cpu1_stack[1024] __attribute__((aligned(8)));
uint64_t *cpu1_stack_top = &cpu1_stack[1024 - 20];

void cpu1_main(void);

/* CPU 1 starts here from its restart new PSW: a stack, then C. */
asm(".text\n"
    ".globl cpu1_entry\n"
    "cpu1_entry:\n"
    "\tlarl %r1,cpu1_stack_top\n"
    "\tlg %r15,0(%r1)\n"
    "\tbrasl %r14,cpu1_main\n"
    "0:\tj 0b\n");
extern char cpu1_entry[];

unsigned long cpu1_work(unsigned long n)
{
	cpu1_spins += n;
	return cpu1_spins;
}

void cpu1_main(void)
{
	uint64_t st;

	while (cpu1_work(1) < 1000)
		;
	cpu1_done = 1;
	for (;;)
		sigp(stap(), SIGP_STOP, 0, &st);
}

unsigned long add_step(unsigned long x, unsigned long y)
{
	counter += x;
	return counter * y;
}

static int start_cpu1(void)
{
	uint64_t st;

	if (sigp(1, SIGP_SENSE, 0, &st) == 3)
		return 0;
	sigp(1, SIGP_SET_PREFIX, (unsigned long)cpu1_lowcore, &st);
	((struct psw *)(cpu1_lowcore + LC_RESTART_NEW_PSW))->mask = PSW_MASK_64;
	((struct psw *)(cpu1_lowcore + LC_RESTART_NEW_PSW))->addr = (unsigned long)cpu1_entry;
	sigp(1, SIGP_RESTART, 0, &st);
	return 1;
}

int main(void)
{
	unsigned long total = 0;
	int smp = start_cpu1();

	for (unsigned long i = 1; i <= 5; i++)
		total += add_step(i, 3);
	while (smp && !cpu1_done)
		;
	printf("total %lu counter %lu cpu1 %lu\n", total, counter, cpu1_spins);
	return 0;
}
