/* Entry into and exit from the instruction under test, shared by all generated cases:
     larl %r2,<descriptor>; brasl %r14,case_enter
     <instruction under test>        (case_enter returns here through LPSWE)
     jg case_fall                    (fall-through path)
     jg case_taken                   (branch target of the instruction under test)
   The program-interruption handler continues at case_capture. */

#include "harness.h"

	.text
	.globl	case_enter
	.type	case_enter,@function
case_enter:
	stg	%r14,hs+HS_INSN
	stg	%r2,hs+HS_DESC
	brasl	%r14,case_begin
	larl	%r1,hs
	ld	%f0,HS_FPR_IN+0(%r1)
	ld	%f1,HS_FPR_IN+8(%r1)
	ld	%f2,HS_FPR_IN+16(%r1)
	ld	%f3,HS_FPR_IN+24(%r1)
	ld	%f4,HS_FPR_IN+32(%r1)
	ld	%f5,HS_FPR_IN+40(%r1)
	ld	%f6,HS_FPR_IN+48(%r1)
	ld	%f7,HS_FPR_IN+56(%r1)
	ld	%f8,HS_FPR_IN+64(%r1)
	ld	%f9,HS_FPR_IN+72(%r1)
	ld	%f10,HS_FPR_IN+80(%r1)
	ld	%f11,HS_FPR_IN+88(%r1)
	ld	%f12,HS_FPR_IN+96(%r1)
	ld	%f13,HS_FPR_IN+104(%r1)
	ld	%f14,HS_FPR_IN+112(%r1)
	ld	%f15,HS_FPR_IN+120(%r1)
	lfpc	HS_FPC_IN(%r1)
#ifdef HARNESS_VECTOR
	/* The FPRs are the left halves of V0-V15: the vector image replaces them. */
	vlm	%v0,%v15,HS_VR_IN(%r1)
	vlm	%v16,%v31,HS_VR_IN+256(%r1)
#endif
	lmg	%r0,%r15,hs+HS_GPR_IN
	/* Condition code, program mask and address in one step. */
	lpswe	CASE_PSW
	.size	case_enter,.-case_enter

	.globl	case_fall
	.type	case_fall,@function
case_fall:
	stmg	%r0,%r15,hs+HS_GPR
	ipm	%r0
	sty	%r0,hs+HS_CC
	j	case_capture
	.size	case_fall,.-case_fall

	.globl	case_taken
	.type	case_taken,@function
case_taken:
	stmg	%r0,%r15,hs+HS_GPR
	ipm	%r0
	sty	%r0,hs+HS_CC
	mviy	hs+HS_TAKEN+3,1
	.size	case_taken,.-case_taken

	.globl	case_capture
	.type	case_capture,@function
case_capture:
	sam64
	mviy	hs+HS_IN_CASE+3,0
	larl	%r1,hs
	std	%f0,HS_FPR+0(%r1)
	std	%f1,HS_FPR+8(%r1)
	std	%f2,HS_FPR+16(%r1)
	std	%f3,HS_FPR+24(%r1)
	std	%f4,HS_FPR+32(%r1)
	std	%f5,HS_FPR+40(%r1)
	std	%f6,HS_FPR+48(%r1)
	std	%f7,HS_FPR+56(%r1)
	std	%f8,HS_FPR+64(%r1)
	std	%f9,HS_FPR+72(%r1)
	std	%f10,HS_FPR+80(%r1)
	std	%f11,HS_FPR+88(%r1)
	std	%f12,HS_FPR+96(%r1)
	std	%f13,HS_FPR+104(%r1)
	std	%f14,HS_FPR+112(%r1)
	std	%f15,HS_FPR+120(%r1)
	stfpc	HS_FPC(%r1)
#ifdef HARNESS_VECTOR
	vstm	%v0,%v15,HS_VR(%r1)
	vstm	%v16,%v31,HS_VR+256(%r1)
#endif
	lghi	%r0,0
	spm	%r0
	lg	%r15,hs+HS_SAVED_SP
	lg	%r2,hs+HS_DESC
	brasl	%r14,case_end
	lg	%r2,hs+HS_DESC
	lg	%r14,CD_NEXT(%r2)
	br	%r14
	.size	case_capture,.-case_capture

	.section .note.GNU-stack,"",@progbits
