/* Code the second CPU runs after SIGP restart: it reports its CPU address and prefix,
   sends CPU 0 an emergency signal (retrying while busy), leaves a marker in r9 and stops itself. */
#define SIGP_EMERGENCY_SIGNAL 3
#define SIGP_STOP 5

	.text
	.globl	cpu1_entry
cpu1_entry:
	larl	%r1,cpu1_address
	stap	0(%r1)
	larl	%r1,cpu1_prefix
	stpx	0(%r1)
	lghi	%r4,0
	/* cc 2 (busy): QEMU refuses while another CPU's SIGP is in progress. */
0:	sigp	%r2,%r4,SIGP_EMERGENCY_SIGNAL
	jh	0b
	ipm	%r0
	larl	%r1,cpu1_emergency_cc
	st	%r0,0(%r1)
	lghi	%r9,0x99
	larl	%r1,cpu1_done
	mvi	0(%r1),1
	larl	%r1,cpu1_address
	llgh	%r4,0(%r1)
1:	sigp	%r2,%r4,SIGP_STOP
	j	1b

	.section .bss
	.balign	8
	.globl	cpu1_address, cpu1_prefix, cpu1_emergency_cc, cpu1_done
cpu1_address:		.skip 8
cpu1_prefix:		.skip 8
cpu1_emergency_cc:	.skip 8
cpu1_done:		.skip 8
	.section .note.GNU-stack,"",@progbits
