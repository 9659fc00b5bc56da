/* Entry and program-interruption handler of the storage-key guest. The image is flat
   from absolute 0 so that Hercules can IPL it from a .ins file (an ESA/390 IPL PSW at
   0, then SIGP set-architecture); Kuli and QEMU start it at the ELF entry in 64-bit
   mode. The program new PSW (64-bit, DAT off, key 0) enters pgm_entry. */
#define SIGP_SET_ARCHITECTURE 0x12

	.section .lowcore,"ax",@progbits
	.long	0x00080000, 0x80000000 + _start	/* IPL PSW: ESA/390, 31-bit */
	.org	0x1d0
	.quad	0x0000000180000000, pgm_entry	/* program new PSW */

	.text
	.globl	_start
_start:
	lhi	%r1,1
	lhi	%r3,0
	sigp	%r1,%r3,SIGP_SET_ARCHITECTURE	/* z/Architecture (already so under -kernel) */
	sam64
	larl	%r15,stack_top - 160
	brasl	%r14,main
	larl	%r1,wait_psw
	lpswe	0(%r1)

pgm_entry:
	stmg	%r0,%r15,0x200
	larl	%r15,pgm_stack_top - 160
	brasl	%r14,on_program_interrupt
	lmg	%r0,%r15,0x200
	lpswe	0x150

	.section .rodata
	.balign	8
wait_psw:
	.quad	0x0002000180000000, 0		/* disabled wait: the run is over */

	.bss
	.balign	16
	.space	16384
stack_top:
	.space	8192
pgm_stack_top:
	.section .note.GNU-stack,"",@progbits
