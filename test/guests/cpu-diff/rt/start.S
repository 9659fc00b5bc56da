/* Entry and program-interruption catcher of the cpu-diff test kernels.
   The kernels run with DAT off in 64-bit mode, as QEMU's -kernel IPL leaves an ELF.
   The harness state (struct harness_state in harness.h) sits on its own page below
   512 KiB so the generated case code and the interruption handler can reach it with a
   20-bit displacement and no base register: every GPR belongs to the case under test. */

#include "harness.h"

/* Lowcore (prefix area) locations, PoP "Assigned Storage Locations". */
#define LC_PGM_ILC		0x8c	/* halfword, ILC in bits 13-14 */
#define LC_PGM_CODE		0x8e	/* halfword */
#define LC_DXC			0x93	/* byte: data-exception code */
#define LC_PGM_OLD_PSW		0x150
#define LC_EXT_NEW_PSW		0x1b0
#define LC_PGM_NEW_PSW		0x1d0

/* CR0 bits: 45 AFP registers, 46 vector enablement (byte 5), 54 service signal (byte 6). */
#define CR0_BYTE5_AFP		0x04
#define CR0_BYTE5_VECTOR	0x02
#define CR0_BYTE6_SERVICE	0x02

	.section .text.start,"ax",@progbits
	.globl	_start
	.type	_start,@function
_start:
	sam64
	larl	%r15,stack_top
	aghi	%r15,-160
	xc	0(8,%r15),0(%r15)
	larl	%r1,new_psws
	mvc	LC_EXT_NEW_PSW(16,%r0),0(%r1)
	mvc	LC_PGM_NEW_PSW(16,%r0),16(%r1)
	larl	%r1,cr0_image
	stctg	%c0,%c0,0(%r1)
	oi	5(%r1),CR0_BYTE5_AFP
#ifdef HARNESS_VECTOR
	oi	5(%r1),CR0_BYTE5_VECTOR
#endif
	oi	6(%r1),CR0_BYTE6_SERVICE
	lctlg	%c0,%c0,0(%r1)
	brasl	%r14,harness_main
	j	cpu_stop_self
	.size	_start,.-_start

/* The harness state page: first thing after the entry code, far below 512 KiB. */
	.section .harness.state,"aw",@nobits
	.balign	4096
	.globl	hs
	.type	hs,@object
hs:
	.skip	HS_SIZE
	.size	hs,.-hs

	.text
/* Program interruptions: store the registers as they are, record code, ILC, DXC, old
   PSW and its condition code, and continue at the case's capture point. An
   interruption outside a case is a harness failure (reported from C). */
	.globl	pgm_handler
	.type	pgm_handler,@function
pgm_handler:
	stmg	%r0,%r15,hs+HS_GPR
	llgc	%r1,hs+HS_IN_CASE+3
	ltr	%r1,%r1
	jz	.Lunexpected
	mviy	hs+HS_IN_CASE+3,0
	llgh	%r1,LC_PGM_CODE
	sty	%r1,hs+HS_PGM
	llgh	%r1,LC_PGM_ILC
	srl	%r1,1
	sty	%r1,hs+HS_ILC
	llgc	%r1,LC_DXC
	sty	%r1,hs+HS_DXC
	lg	%r1,LC_PGM_OLD_PSW+8
	stg	%r1,hs+HS_OLD_PSW
	/* PSW bits 18-19 (byte 2, 0x30) to where IPM puts the condition code. */
	llgc	%r1,LC_PGM_OLD_PSW+2
	sll	%r1,24
	nilh	%r1,0x3000
	sty	%r1,hs+HS_CC
	jg	case_capture
.Lunexpected:
	larl	%r15,stack_top
	aghi	%r15,-160
	llgh	%r2,LC_PGM_CODE
	lg	%r3,LC_PGM_OLD_PSW+8
	brasl	%r14,harness_unexpected_pgm
	j	cpu_stop_self
	.size	pgm_handler,.-pgm_handler

	.balign	8
	.type	new_psws,@object
new_psws:
	.quad	0x0000000180000000, sclp_interrupted	/* external */
	.quad	0x0000000180000000, pgm_handler		/* program */
	.size	new_psws,.-new_psws
	.section .bss
	.balign	8
cr0_image:
	.skip	8
	.balign	4096
stack:
	.skip	32768
stack_top:

	.section .note.GNU-stack,"",@progbits
