/* SCLP service call and SIGP self-stop for the freestanding test kernels (cpu-diff
   and programs). The external new PSW must point at sclp_interrupted. */

#define SIGP_STOP		5
#define LC_EXT_INT_CODE		0x86	/* halfword: external-interruption code */
#define EXT_SERVICE_SIGNAL	0x2401

	.text
/* int sclp_service_call(unsigned int command, void *sccb): SERVC, then an enabled wait
   for the service-signal external interruption; 0 when accepted, else the CC. */
	.globl	sclp_service_call
	.type	sclp_service_call,@function
sclp_service_call:
	xc	LC_EXT_INT_CODE(2,%r0),LC_EXT_INT_CODE(%r0)
.Lservc:
	.insn	rre,0xb2200000,%r2,%r3
	jo	.Lservc_failed
	jh	.Lservc			/* busy */
	jl	.Lservc_failed
.Lservc_wait:
	larl	%r1,enabled_wait_psw
	lpswe	0(%r1)
	.globl	sclp_interrupted
sclp_interrupted:
	llgh	%r1,LC_EXT_INT_CODE
	chi	%r1,EXT_SERVICE_SIGNAL
	jne	.Lservc_wait
	lghi	%r2,0
	br	%r14
.Lservc_failed:
	ipm	%r2
	srl	%r2,28
	br	%r14
	.size	sclp_service_call,.-sclp_service_call

/* void cpu_stop_self(void): SIGP stop to our own address; disabled wait otherwise. */
	.globl	cpu_stop_self
	.type	cpu_stop_self,@function
cpu_stop_self:
	larl	%r1,cpu_address
	stap	0(%r1)
	llgh	%r3,0(%r1)
	sigp	%r2,%r3,SIGP_STOP
	larl	%r1,disabled_wait_psw
	lpswe	0(%r1)
	j	cpu_stop_self
	.size	cpu_stop_self,.-cpu_stop_self

	.balign	8
	.type	enabled_wait_psw,@object
enabled_wait_psw:
	.quad	0x0102000180000000, sclp_interrupted
	.size	enabled_wait_psw,.-enabled_wait_psw
	.type	disabled_wait_psw,@object
disabled_wait_psw:
	.quad	0x0002000180000000, 0
	.size	disabled_wait_psw,.-disabled_wait_psw

	.section .bss
	.balign	8
cpu_address:
	.skip	8

	.section .note.GNU-stack,"",@progbits
