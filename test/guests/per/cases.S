/* PER test cases: each is a leaf function, called with r2 = a scratch byte (for STNSM,
   outside every PER range), r3 = a 32-byte buffer and r4 = a 16-byte PSW area. Each
   turns PSW bit 1 on with LPSWE (QEMU arms storage-alteration events on a PSW load, not
   on STOSM), runs its instructions and turns it off with STNSM. main.c sets CR9-CR11. */
	.macro	PER_ON
	epsw	%r0,%r1
	oilh	%r0,0x4000
	st	%r0,0(%r4)
	st	%r1,4(%r4)
	larl	%r1,.Lon\@
	stg	%r1,8(%r4)
	lpswe	0(%r4)
.Lon\@:
	.endm

	/* PSW bit 1 off by LPSWE too: QEMU leaves storage-alteration watchpoints armed
	   after STNSM and reports stores made with PER off at the next PER event. */
	.macro	PER_OFF
	epsw	%r0,%r1
	nilh	%r0,0xbfff
	st	%r0,0(%r4)
	st	%r1,4(%r4)
	larl	%r1,.Loff\@
	stg	%r1,8(%r4)
	lpswe	0(%r4)
.Loff\@:
	.endm

	.text
	.globl	case_branch
case_branch:			/* SB: j and je taken, jne not taken. QEMU 7.2 counts a branch
				   to the next instruction even when not taken, and resumes a
				   branch event at the next instruction: no target is the next
				   instruction, and both paths meet after a nopr. */
	PER_ON
	lhi	%r1,0
	j	1f
	nopr	%r7
1:	chi	%r1,0
	je	2f
	nopr	%r7
2:	jne	3f
	nopr	%r7
3:	PER_OFF
	br	%r14

	.globl	case_bac, bac_in
case_bac:			/* SB with branch-address control: only targets in range */
	PER_ON
	lhi	%r1,2
	j	1f
	nopr	%r7
1:	j	bac_in
	nopr	%r7
bac_in:	brct	%r1,bac_in
	PER_OFF
	br	%r14

	.globl	case_ifetch, if_target, if_end
case_ifetch:			/* IF on one instruction (CR10 = CR11 = if_target) */
	PER_ON
	lhi	%r1,1
if_target:
	lhi	%r1,2
	lhi	%r1,3
	PER_OFF
if_end:	br	%r14

	.globl	case_store
case_store:			/* SA: range is buffer bytes 8-15 */
	PER_ON
	lhi	%r1,-1
	st	%r1,8(%r3)
	st	%r1,0(%r3)
	st	%r1,16(%r3)
	stg	%r1,4(%r3)
	mvc	12(8,%r3),24(%r3)
	mvi	15(%r3),0
	mvi	7(%r3),0
	PER_OFF
	br	%r14

	.globl	case_store_real
case_store_real:		/* STURA to buffer byte 0 (outside the SA range) */
	PER_ON
	lhi	%r1,7
	stura	%r1,%r3
	st	%r1,8(%r3)
	PER_OFF
	br	%r14

	.globl	case_exception, exc_insn
case_exception:			/* IF on an instruction that raises a specification exception */
	PER_ON
exc_insn:
	stctg	%c0,%c0,1(%r4)
	lhi	%r1,1
	PER_OFF
	br	%r14

	.globl	case_off
case_off:			/* every event armed, PSW bit 1 off: nothing */
	lhi	%r1,2
1:	st	%r1,8(%r3)
	brct	%r1,1b
	br	%r14
