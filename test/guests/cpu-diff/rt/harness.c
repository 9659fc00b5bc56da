/* The C half of the cpu-diff harness: prepares each case's storage area, and after the
   instruction under test prints one line with the condition code, the registers that
   are operands or changed, the changed storage doublewords and any program
   interruption. Compiled for z900 without floating point so the harness itself needs
   only the oldest z/Architecture instructions and never touches the FPRs under test. */
#include <stdint.h>
#include "harness.h"
#include "console.h"

struct harness_state {
	uint64_t gpr[16];
	uint64_t fpr[16];
	uint64_t gpr_in[16];
	uint64_t fpr_in[16];
	uint32_t fpc;
	uint32_t fpc_in;
	uint32_t cc;
	uint32_t pgm;
	uint32_t ilc;
	uint32_t dxc;
	uint32_t taken;
	uint32_t in_case;
	uint64_t old_psw;
	uint64_t insn;
	const struct case_desc *desc;
	uint64_t saved_sp;
	uint64_t vr[32][2];
	uint64_t vr_in[32][2];
};

struct case_reg {
	uint64_t number;	/* 0-15 GPR, 16-31 FPR */
	uint64_t value;
};

struct case_desc {
	const char *name;
	uint32_t index;
	uint32_t flags;
	uint32_t show;
	uint32_t spm;
	uint32_t fpc;
	uint32_t seed;
	uint64_t next;
	uint32_t nregs;
	uint32_t vshow;
	uint8_t mem[MEM_EXPLICIT];
	struct case_reg regs[];
};

#define CHECK_OFFSET(s, f, off) _Static_assert(__builtin_offsetof(struct s, f) == (off), #f)
CHECK_OFFSET(harness_state, fpr, HS_FPR);
CHECK_OFFSET(harness_state, gpr_in, HS_GPR_IN);
CHECK_OFFSET(harness_state, fpr_in, HS_FPR_IN);
CHECK_OFFSET(harness_state, fpc, HS_FPC);
CHECK_OFFSET(harness_state, fpc_in, HS_FPC_IN);
CHECK_OFFSET(harness_state, cc, HS_CC);
CHECK_OFFSET(harness_state, pgm, HS_PGM);
CHECK_OFFSET(harness_state, ilc, HS_ILC);
CHECK_OFFSET(harness_state, dxc, HS_DXC);
CHECK_OFFSET(harness_state, taken, HS_TAKEN);
CHECK_OFFSET(harness_state, in_case, HS_IN_CASE);
CHECK_OFFSET(harness_state, old_psw, HS_OLD_PSW);
CHECK_OFFSET(harness_state, insn, HS_INSN);
CHECK_OFFSET(harness_state, desc, HS_DESC);
CHECK_OFFSET(harness_state, saved_sp, HS_SAVED_SP);
CHECK_OFFSET(harness_state, vr, HS_VR);
CHECK_OFFSET(harness_state, vr_in, HS_VR_IN);
_Static_assert(sizeof(struct harness_state) == HS_SIZE, "harness_state size");
CHECK_OFFSET(case_desc, index, CD_INDEX);
CHECK_OFFSET(case_desc, flags, CD_FLAGS);
CHECK_OFFSET(case_desc, show, CD_SHOW);
CHECK_OFFSET(case_desc, spm, CD_SPM);
CHECK_OFFSET(case_desc, fpc, CD_FPC);
CHECK_OFFSET(case_desc, seed, CD_SEED);
CHECK_OFFSET(case_desc, next, CD_NEXT);
CHECK_OFFSET(case_desc, nregs, CD_NREGS);
CHECK_OFFSET(case_desc, vshow, CD_VSHOW);
CHECK_OFFSET(case_desc, mem, CD_MEM);
CHECK_OFFSET(case_desc, regs, CD_REGS);

extern volatile struct harness_state hs;
extern uint64_t mem_area[MEM_SIZE / 8];	/* page aligned, in the generated code */
extern const char kernel_name[];
void run_cases(void);
void cpu_stop_self(void) __attribute__((noreturn));
extern volatile uint32_t case_psw[4];	/* at CASE_PSW, placed by link.ld */

/* PSW bits 31-32: 64-bit addressing. */
#define PSW_MASK_EA	0x00000001u
#define PSW_MASK_BA	0x80000000u

static uint64_t mem_ref[MEM_SIZE / 8];

/* The compiler may turn loops into calls to these; keep them plain byte loops. */
void *memset(void *d, int c, unsigned long n)
{
	volatile uint8_t *p = d;
	while (n--)
		*p++ = (uint8_t)c;
	return d;
}

void *memcpy(void *d, const void *s, unsigned long n)
{
	volatile uint8_t *p = d;
	const uint8_t *q = s;
	while (n--)
		*p++ = *q++;
	return d;
}

/* xorshift32: shifts and exclusive ors only. */
static uint32_t next_random(uint32_t *state)
{
	uint32_t x = *state;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*state = x;
	return x;
}

void case_begin(const struct case_desc *d)
{
	uint32_t state = d->seed | 1;
	/* Doubleword at a time: this runs before every case, so it is kept short. */
	for (unsigned int i = 0; i < MEM_SIZE / 8; i++) {
		uint64_t hi = next_random(&state);
		mem_ref[i] = hi << 32 | next_random(&state);
	}
	for (unsigned int i = 0; i < MEM_EXPLICIT / 8; i++) {
		uint64_t v = 0;
		for (int b = 0; b < 8; b++)
			v = v << 8 | d->mem[8 * i + b];
		mem_ref[MEM_BASE_OFFSET / 8 + i] = v;
	}
	for (unsigned int i = 0; i < MEM_SIZE / 8; i++)
		mem_area[i] = mem_ref[i];
	for (int r = 0; r < 16; r++) {
		uint64_t hi = next_random(&state);
		hs.gpr_in[r] = hi << 32 | next_random(&state);
	}
	for (int r = 0; r < 16; r++) {
		uint64_t hi = next_random(&state);
		hs.fpr_in[r] = hi << 32 | next_random(&state);
	}
	for (int r = 0; r < 32; r++) {
		for (int half = 0; half < 2; half++) {
			uint64_t hi = next_random(&state);
			hs.vr_in[r][half] = hi << 32 | next_random(&state);
		}
	}
	for (uint32_t i = 0; i < d->nregs; i++) {
		uint64_t n = d->regs[i].number;
		if (n < 16)
			hs.gpr_in[n] = d->regs[i].value;
		else if (n < 32)
			hs.fpr_in[n - 16] = d->regs[i].value;
		else if (n < 64)
			hs.vr_in[n - 32][0] = d->regs[i].value;
		else
			hs.vr_in[n - 64][1] = d->regs[i].value;
	}
	hs.fpc_in = d->fpc;
	hs.pgm = 0;
	hs.ilc = 0;
	hs.dxc = 0;
	hs.taken = 0;
	hs.old_psw = 0;
	hs.in_case = 1;
	/* The PSW case_enter loads: 64-bit mode, the case's condition code and program
	   mask (PSW bits 18-23, from the SPM-operand image), the instruction address. */
	volatile uint32_t *psw = case_psw;
	psw[0] = PSW_MASK_EA | ((d->spm >> 16) & 0x3f00);
	psw[1] = PSW_MASK_BA;
	psw[2] = (uint32_t)(hs.insn >> 32);
	psw[3] = (uint32_t)hs.insn;
}

void case_end(const struct case_desc *d)
{
	out_str(d->name);
	out_char(' ');
	out_dec(d->index);
	out_str(": cc=");
	out_dec((hs.cc >> 28) & 3);
	for (int r = 0; r < 16; r++) {
		if ((d->show & (1u << r)) || hs.gpr[r] != hs.gpr_in[r]) {
			out_str(" r");
			out_dec(r);
			out_char('=');
			out_hex(hs.gpr[r], 16);
		}
	}
	if (d->flags & CF_FP) {
		for (int r = 0; r < 16; r++) {
			if ((d->show & (1u << (16 + r))) || hs.fpr[r] != hs.fpr_in[r]) {
				out_str(" f");
				out_dec(r);
				out_char('=');
				out_hex(hs.fpr[r], 16);
			}
		}
		out_str(" fpc=");
		out_hex(hs.fpc, 8);
	}
	if (d->flags & CF_VECTOR) {
		for (int r = 0; r < 32; r++) {
			if ((d->vshow & (1u << r)) || hs.vr[r][0] != hs.vr_in[r][0] || hs.vr[r][1] != hs.vr_in[r][1]) {
				out_str(" v");
				out_dec(r);
				out_char('=');
				out_hex(hs.vr[r][0], 16);
				out_hex(hs.vr[r][1], 16);
			}
		}
	}
	for (unsigned int i = 0; i < MEM_SIZE / 8; i++) {
		if (mem_area[i] != mem_ref[i]) {
			out_str(" m");
			out_hex(8 * i, 3);
			out_char('=');
			out_hex(mem_area[i], 16);
		}
	}
	if (d->flags & CF_BRANCH)
		out_str(hs.taken ? " br=1" : " br=0");
	if (hs.pgm != 0) {
		int64_t at = (int64_t)(hs.old_psw - hs.insn);
		out_str(" pgm=");
		out_hex(hs.pgm, 4);
		out_str(" ilc=");
		out_dec(hs.ilc);
		out_str(" psw=");
		if (at >= 0 && at <= 6) {
			out_char('+');
			out_dec((uint64_t)at);
		} else {
			out_str("?");
			out_hex(hs.old_psw, 16);
		}
		if (hs.pgm == 7) {
			out_str(" dxc=");
			out_hex(hs.dxc, 2);
		}
	}
	out_char('\n');
}

void harness_unexpected_pgm(uint64_t code, uint64_t psw)
{
	out_str("HARNESS: program interruption ");
	out_hex(code, 4);
	out_str(" outside a case at ");
	out_hex(psw, 16);
	out_char('\n');
	out_str("EXIT: STATUS=2\n");
}

void harness_main(void)
{
	out_str("KERNEL ");
	out_str(kernel_name);
	out_char('\n');
	run_cases();
	out_str("EXIT: STATUS=0\n");
}
