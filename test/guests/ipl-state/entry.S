/* Captures the CPU state the IPL leaves, before the guest library changes any of it. */
	.section .text.start,"ax",@progbits
	.globl	_start
_start:
	stmg	%r0,%r15,ipl_gprs
	stamy	%a0,%a15,ipl_ars
	stctg	%c0,%c15,ipl_crs
	epsw	%r0,%r1
	sty	%r0,ipl_psw
	sty	%r1,ipl_psw+4
	larl	%r1,ipl_misc
	stpx	0(%r1)
	stap	4(%r1)
	/* stfpc would take a data exception: CR0 AFP is off at IPL */
	stckc	16(%r1)
	stpt	24(%r1)
	stidp	32(%r1)
	/* The program, SVC and external new PSWs as the IPL left them. */
	mvc	40(48,%r1),0x1b0
	/* A copy of the lowcore (8K) before the library writes to it. */
	larl	%r2,ipl_lowcore
	lghi	%r3,8192
	lghi	%r4,0
	lgr	%r5,%r3
	mvcle	%r2,%r4,0
	jo	.-4
	j	lib_start

	.section .bss
	.balign	8
	.globl	ipl_gprs, ipl_ars, ipl_crs, ipl_psw, ipl_misc
ipl_gprs: .skip 128
ipl_ars:  .skip 64
ipl_crs:  .skip 128
ipl_psw:  .skip 8
ipl_misc: .skip 96
	.globl ipl_lowcore
	.balign 4096
ipl_lowcore: .skip 8192
	.section .note.GNU-stack,"",@progbits
