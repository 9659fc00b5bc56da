/* Entry and program-interruption handler of the freestanding oracle runner (Hercules).
   The image is IPLed from absolute 0: an ESA/390 IPL PSW, then the z/Architecture
   program new PSW; code starts at 0x2000, above the lowcore. */
#define SIGP_SET_ARCHITECTURE 0x12
#define DONE_AT 0x4f000

	.section .lowcore,"ax",@progbits
	.long	0x00080000, 0x80000000 + _start	/* IPL PSW: ESA/390, 31-bit */
	.org	0x1d0
	.quad	0x0000000180000000, pgm_handler	/* program new PSW: 64-bit, disabled */

	.text
	.globl	_start
_start:
	lhi	%r1,1				/* parameter: z/Architecture */
	lhi	%r3,0				/* this CPU */
	sigp	%r1,%r3,SIGP_SET_ARCHITECTURE
	sam64
	larl	%r15,stack_top
	aghi	%r15,-160
	brasl	%r14,bare_main
	llilf	%r0,0xd0d0d0d0
	sty	%r0,DONE_AT			/* tells the driver script that all cases ran */
	larl	%r1,wait_psw
	lpswe	0(%r1)

/* Entered with the test's registers; the trampoline's host registers are at 0x40100. */
pgm_handler:
	stmg	%r0,%r15,0x40080
	lmg	%r6,%r15,0x40100
	stmg	%r14,%r15,112(%r15)
	aghi	%r15,-160
	brasl	%r14,note_program_interrupt
	lmg	%r14,%r15,272(%r15)
	br	%r14

	.section .rodata
	.align	8
wait_psw:
	.quad	0x0002000180000000, 0		/* disabled wait */

	.bss
	.align	16
	.space	32768
stack_top:
