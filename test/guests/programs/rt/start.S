/* Entry of the self-checking C programs: stack, .bss cleared, external new PSW for the
   SCLP console, a program-interruption handler that reports and stops, AFP and vector
   registers enabled (the compiler uses all 16 FPRs, and vector registers for z13), then
   main(); its result becomes the
   "EXIT: STATUS=N" line. SCLP and SIGP helpers come from ../cpu-diff/rt/sclp.S. */

#define LC_PGM_ILC		0x8c
#define LC_PGM_CODE		0x8e
#define LC_PGM_OLD_PSW		0x150
#define LC_EXT_NEW_PSW		0x1b0
#define LC_PGM_NEW_PSW		0x1d0
#define CR0_BYTE5_AFP		0x04	/* CR0 bit 45 */
#define CR0_BYTE5_VECTOR	0x02	/* CR0 bit 46: z13 code may use vector registers */
#define CR0_BYTE6_SERVICE	0x02	/* CR0 bit 54 */

	.section .text.start,"ax",@progbits
	.globl	_start
	.type	_start,@function
_start:
	sam64
	larl	%r15,stack_top
	aghi	%r15,-160
	xc	0(8,%r15),0(%r15)
	/* Clear .bss (the stack is in it; we are below its end, and it is zero anyway). */
	larl	%r2,__bss_start
	larl	%r3,__bss_clear_end
.Lclear:
	clgr	%r2,%r3
	jhe	.Lcleared
	mvi	0(%r2),0
	la	%r2,1(%r2)
	j	.Lclear
.Lcleared:
	larl	%r1,new_psws
	mvc	LC_EXT_NEW_PSW(16,%r0),0(%r1)
	mvc	LC_PGM_NEW_PSW(16,%r0),16(%r1)
	larl	%r1,cr0_image
	stctg	%c0,%c0,0(%r1)
	oi	5(%r1),CR0_BYTE5_AFP|CR0_BYTE5_VECTOR
	oi	6(%r1),CR0_BYTE6_SERVICE
	lctlg	%c0,%c0,0(%r1)
	brasl	%r14,main
	brasl	%r14,program_exit
	.size	_start,.-_start

	.text
	.type	pgm_handler,@function
pgm_handler:
	/* A program check while reporting one would loop: stop in a disabled wait. */
	larl	%r1,in_handler
	cli	0(%r1),0
	jne	.Lhang
	mvi	0(%r1),1
	larl	%r15,stack_top
	aghi	%r15,-160
	llgh	%r2,LC_PGM_CODE
	lg	%r3,LC_PGM_OLD_PSW+8
	llgh	%r4,LC_PGM_ILC
	brasl	%r14,program_check
.Lhang:
	larl	%r1,hang_psw
	lpswe	0(%r1)
	.size	pgm_handler,.-pgm_handler

	.balign	8
	.type	new_psws,@object
new_psws:
	.quad	0x0000000180000000, sclp_interrupted	/* external */
	.quad	0x0000000180000000, pgm_handler		/* program */
	.size	new_psws,.-new_psws
hang_psw:
	.quad	0x0002000180000000, 0x99

	.section .bss.stack,"aw",@nobits
	.balign	4096
stack:
	.skip	65536
stack_top:
	.section .bss
	.balign	8
cr0_image:
	.skip	8
in_handler:
	.skip	1

	.section .note.GNU-stack,"",@progbits
