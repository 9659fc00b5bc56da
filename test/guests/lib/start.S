/* Entry point and interruption stubs shared by Kuli's system test guests.
   QEMU's -kernel IPL starts the guest at its ELF entry in 64-bit mode with DAT,
   I/O and external interruptions off. Each interruption class saves the general
   registers in its own lowcore slot, runs a C hook on its own stack and returns
   through its old PSW. */

#define LC_SAVE_EXT      0x200
#define LC_SAVE_SVC      0x280
#define LC_SAVE_PGM      0x300
#define LC_SAVE_RESTART  0x380
#define LC_RESTART_OLD_PSW 0x120
#define LC_EXT_OLD_PSW   0x130
#define LC_SVC_OLD_PSW   0x140
#define LC_PGM_OLD_PSW   0x150
#define STACK_FRAME      160
#define SIGP_STOP        5

/* A guest may define its own _start (which must end in "j lib_start"). */
	.section .text.start,"ax",@progbits
	.globl	lib_start
	.weak	_start
	.type	lib_start,@function
_start:
lib_start:
	larl	%r15,main_stack_top - STACK_FRAME
	xc	0(8,%r15),0(%r15)
	brasl	%r14,guest_init
	brasl	%r14,main
	brasl	%r14,guest_exit		/* status = main's return value in r2 */
	.size	lib_start,.-lib_start

	.text
/* Interruption entry points; the C hooks may inspect and change the old PSW. */
	.globl	ext_entry
ext_entry:
	stmg	%r0,%r15,LC_SAVE_EXT
	larl	%r15,ext_stack_top - STACK_FRAME
	brasl	%r14,lib_ext_interrupt
	lmg	%r0,%r15,LC_SAVE_EXT
	lpswe	LC_EXT_OLD_PSW

	.globl	svc_entry
svc_entry:
	stmg	%r0,%r15,LC_SAVE_SVC
	larl	%r15,svc_stack_top - STACK_FRAME
	brasl	%r14,lib_svc_interrupt
	lmg	%r0,%r15,LC_SAVE_SVC
	lpswe	LC_SVC_OLD_PSW

	.globl	pgm_entry
pgm_entry:
	stmg	%r0,%r15,LC_SAVE_PGM
	larl	%r15,pgm_stack_top - STACK_FRAME
	brasl	%r14,lib_program_interrupt
	lmg	%r0,%r15,LC_SAVE_PGM
	lpswe	LC_PGM_OLD_PSW

	.globl	restart_entry
restart_entry:
	stmg	%r0,%r15,LC_SAVE_RESTART
	larl	%r15,restart_stack_top - STACK_FRAME
	brasl	%r14,lib_restart_interrupt
	lmg	%r0,%r15,LC_SAVE_RESTART
	lpswe	LC_RESTART_OLD_PSW

/* void enabled_wait(void): waits for an external interruption. The library's
   external hook clears the wait and external-mask bits of the old PSW, so the
   interruption returns here with external interruptions disabled again. */
	.globl	enabled_wait
	.type	enabled_wait,@function
enabled_wait:
	larl	%r1,wait_psw
	lpswe	0(%r1)
.Lwoken:
	br	%r14
	.size	enabled_wait,.-enabled_wait

/* void cpu_stop_self(void): SIGP stop to our own CPU address, repeated while the
   order is refused as busy; a disabled wait if it is not accepted. */
	.globl	cpu_stop_self
	.type	cpu_stop_self,@function
cpu_stop_self:
	larl	%r1,cpu_address
	stap	0(%r1)
	llgh	%r3,0(%r1)
0:	sigp	%r2,%r3,SIGP_STOP
	jh	0b			/* cc 2: busy, try again */
	larl	%r1,disabled_wait_psw
	lpswe	0(%r1)
	j	cpu_stop_self
	.size	cpu_stop_self,.-cpu_stop_self

/* The Linux-style parameter area (see link.ld). The command line slot is filled
   with '.' so a guest can see whether the IPL wrote a (possibly empty) string. */
	.section .parmarea,"a",@progbits
	.quad	0, 0, 0		/* 0x10400: reserved, initrd start, initrd size */
	.fill	0x80 - 24, 1, 0
	.fill	0xc00 - 0x80, 1, '.'

	.section .rodata
	.balign	8
wait_psw:
	.quad	0x0102000180000000, .Lwoken	/* EXT + WAIT, 64-bit */
disabled_wait_psw:
	.quad	0x0002000180000000, 0x0badc0de

	.section .bss
	.balign	8
cpu_address:
	.skip	8
	.balign	4096
	.skip	16384
main_stack_top:
	.skip	8192
ext_stack_top:
	.skip	8192
svc_stack_top:
	.skip	8192
pgm_stack_top:
	.skip	8192
restart_stack_top:

	.section .note.GNU-stack,"",@progbits
