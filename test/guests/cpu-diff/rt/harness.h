/* Shared between the cpu-diff runtime (C), its assembly (start.S, case.S) and the
   generated case code: the layout of the harness state page and of a case descriptor.
   Offsets are spelled out so assembly can use them; harness.c checks them against the
   C structs at compile time. */
#ifndef HARNESS_H
#define HARNESS_H

/* struct harness_state */
#define HS_GPR		0	/* 16 x 8: GPRs after the instruction (or at the interruption) */
#define HS_FPR		128	/* 16 x 8: FPRs after the instruction */
#define HS_GPR_IN	256	/* 16 x 8: GPRs loaded before the instruction */
#define HS_FPR_IN	384	/* 16 x 8: FPRs loaded before the instruction */
#define HS_FPC		512	/* FPC after the instruction */
#define HS_FPC_IN	516	/* FPC loaded before the instruction */
#define HS_CC		520	/* IPM image: condition code in bits 2-3 of the word */
#define HS_PGM		524	/* program-interruption code, 0 if none */
#define HS_ILC		528
#define HS_DXC		532
#define HS_TAKEN	536	/* 1 when the branch under test went to its target */
#define HS_IN_CASE	540	/* 1 while the instruction under test may interrupt */
#define HS_OLD_PSW	544	/* program old PSW address */
#define HS_INSN		552	/* address of the instruction under test */
#define HS_DESC		560	/* descriptor of the running case */
#define HS_SAVED_SP	568	/* harness stack pointer across the case */
#define HS_VR		576	/* 32 x 16: vector registers after the instruction */
#define HS_VR_IN	1088	/* 32 x 16: vector registers loaded before it */
#define HS_SIZE		1600

/* struct case_desc: a fixed header, the explicit storage bytes, then NREGS register
   values {number, value} (numbers 0-15 GPRs, 16-31 FPRs, 32-63 the left and 64-95 the
   right doubleword of V0-V31); all other registers and
   storage bytes come from a xorshift generator seeded with SEED. */
#define CD_NAME		0	/* .quad: mnemonic, NUL-terminated */
#define CD_INDEX	8	/* .long */
#define CD_FLAGS	12	/* .long */
#define CD_SHOW		16	/* .long: GPRs (bits 0-15) and FPRs (16-31) always printed */
#define CD_SPM		20	/* .long: condition code in bits 2-3, program mask in bits 4-7 */
#define CD_FPC		24	/* .long */
#define CD_SEED		28	/* .long */
#define CD_NEXT		32	/* .quad: where the kernel continues after the report */
#define CD_NREGS	40	/* .long */
#define CD_VSHOW	44	/* .long: vector registers always printed */
#define CD_MEM		48	/* MEM_EXPLICIT bytes at MEM_BASE_OFFSET of the storage area */
#define CD_REGS		112

#define CF_FP		1	/* print FPRs and FPC */
#define CF_BRANCH	2	/* print whether the branch was taken */
#define CF_VECTOR	4	/* print vector registers (kernels built with HARNESS_VECTOR) */

/* The storage operand area: MEM_SIZE bytes; base registers point MEM_BASE_OFFSET in. */
#define MEM_SIZE		1024
#define MEM_BASE_OFFSET		512
#define MEM_EXPLICIT		64

/* The case PSW (entered with LPSWE) lives in the IPL PSW/CCW bytes of the lowcore,
   unused after IPL and reachable without a base register. */
#define CASE_PSW		0

#endif
