/* Entry, SCLP service call and SIGP self-stop for the hello guest (z/Architecture, DAT off). */

/* Lowcore (prefix area) fields, z/Architecture PoP chapter 4 / Linux asm/lowcore.h. */
#define LC_EXT_INT_CODE   0x86     /* halfword: external-interruption code */
#define LC_EXT_NEW_PSW    0x1b0    /* 16 bytes */
#define EXT_SERVICE_SIGNAL 0x2401
#define SIGP_STOP         5

/* PSW masks: EA+BA (64-bit addressing); EXT (bit 7) and WAIT (bit 14) for the wait. */
#define PSW_MASK_64       0x0000000180000000
#define PSW_MASK_EXT_WAIT 0x0102000180000000
#define PSW_MASK_DISABLED_WAIT 0x0002000180000000

	.section .text.start,"ax",@progbits
	.globl	_start
	.type	_start,@function
_start:
	sam64				/* QEMU starts us in 64-bit mode; be explicit anyway */
	larl	%r15,stack_top
	aghi	%r15,-160		/* ELF ABI: callee may save registers in 160 bytes */
	xc	0(8,%r15),0(%r15)	/* back chain = 0 ends the stack */
	/* Service-signal interruptions arrive through the external new PSW. */
	larl	%r1,ext_new_psw
	mvc	LC_EXT_NEW_PSW(16,%r0),0(%r1)
	/* Enable the service-signal subclass: CR0 bit 54 (byte 6, 0x02). */
	larl	%r1,cr0_image
	stctg	%c0,%c0,0(%r1)
	oi	6(%r1),0x02
	lctlg	%c0,%c0,0(%r1)
	brasl	%r14,kuli_main
	j	cpu_stop_self
	.size	_start,.-_start

/* int sclp_service_call(unsigned int command, void *sccb): issues SERVC and waits
   for its completion interruption; returns 0, or the nonzero condition code. */
	.text
	.globl	sclp_service_call
	.type	sclp_service_call,@function
sclp_service_call:
	xc	LC_EXT_INT_CODE(2,%r0),LC_EXT_INT_CODE(%r0)
.Lretry:
	/* SERVC (b220) is missing from binutils' opcode table, so spell it out. */
	.insn	rre,0xb2200000,%r2,%r3
	jh	.Lretry			/* cc 2: SCLP busy, try again */
	jnz	.Lfailed		/* cc 1/3: not accepted / not operational */
	/* Enabled wait; the external new PSW resumes at .Lwoken with EXT off. */
.Lwait:
	larl	%r1,wait_psw
	lpswe	0(%r1)
.Lwoken:
	llgh	%r1,LC_EXT_INT_CODE(%r0)
	chi	%r1,EXT_SERVICE_SIGNAL
	jne	.Lwait
	lghi	%r2,0
	br	%r14
.Lfailed:
	ipm	%r2
	srl	%r2,28
	br	%r14
	.size	sclp_service_call,.-sclp_service_call

/* void cpu_stop_self(void): SIGP stop addressed to our own CPU (STAP);
   a disabled wait in case the order is not accepted. */
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

/* PSWs live in .text as objects: objdump dumps them as data, not instructions. */
	.balign	8
	.type	ext_new_psw,@object
ext_new_psw:
	.quad	PSW_MASK_64, .Lwoken
	.size	ext_new_psw,.-ext_new_psw
	.type	wait_psw,@object
wait_psw:
	.quad	PSW_MASK_EXT_WAIT, .Lwoken
	.size	wait_psw,.-wait_psw
	.type	disabled_wait_psw,@object
disabled_wait_psw:
	.quad	PSW_MASK_DISABLED_WAIT, 0
	.size	disabled_wait_psw,.-disabled_wait_psw

	.section .bss
	.balign	8
cr0_image:
	.skip	8
cpu_address:
	.skip	8
	.balign	4096
stack:
	.skip	16384
stack_top:

	.section .note.GNU-stack,"",@progbits
