/*
 * Oracle runner for the string/decimal instruction tests: executes one instruction per
 * case with given registers, condition code, program mask, addressing mode and storage,
 * and reports registers, condition code, exception and chosen storage bytes afterwards.
 *
 * Built two ways from this one file:
 *   USER  -- a static Linux program for qemu-s390x: cases on stdin, results on stdout
 *            (exceptions arrive as signals: the signal and si_code are reported).
 *   BARE  -- a freestanding program for Hercules (instructions QEMU lacks): cases and
 *            results in storage, exceptions through the program new PSW (the exact
 *            interruption code and DXC are reported).
 *
 * The instruction runs in a small trampoline at a fixed low address so that every
 * general register can hold a test value: STMG/LMG with base 0 reach the register
 * save areas without needing a register.
 *
 * Case record (big-endian, as written by gen.ts):
 *   u32 size, u8 insnlen, u8 flags (bit0: repeat while CC 3; bits 1-2: amode 0=64
 *   1=31 2=24), u8 cc, u8 progmask, u8 insn[8], u64 r[16], u32 nmem, u32 nout,
 *   nmem x {u32 addr, u32 len, bytes padded to 4}, nout x {u32 addr, u32 len}.
 *   A size of 0 ends the list.
 * Result record: u32 size, u32 kind (0 done, 1 signal, 2 program interruption),
 *   u32 cc, u32 code (signal<<16 | si_code, or interruption code), u32 aux (FPC, or
 *   the word at real 0x90 holding the DXC), u32 ilc (BARE), u32 pswoff (PSW address
 *   minus the instruction address), u32 pad, u64 r[16], then the out bytes padded to 4.
 */
#include <stdint.h>

#define AREA       0x40000UL   /* register areas (one page) */
#define IN_REGS    (AREA + 0x000)
#define OUT_REGS   (AREA + 0x080)
#define HOST_SAVE  (AREA + 0x100)
#define CC_WORD    (AREA + 0x180)  /* u64: SPM operand */
#define IPM_WORD   (AREA + 0x188)  /* u32: IPM result */
#define CODE       (AREA + 0x1000) /* trampoline (one page) */
#define DATA       0x1e0000UL      /* test storage, 128 KiB */
#define DATA_LEN   0x20000UL       /* followed by an inaccessible page at 0x200000 */

typedef struct {
  uint32_t size; uint8_t insnlen, flags, cc, pm; uint8_t insn[8];
  uint64_t r[16]; uint32_t nmem, nout;
} case_hdr;

typedef struct {
  uint32_t size, kind, cc, code, aux, ilc, pswoff, pad;
  uint64_t r[16];
} result_hdr;

static uint32_t insn_at;    /* address of the instruction under test */
static uint32_t epilogue_at;

static void put(uint8_t **p, const uint8_t *b, int n) { for (int i = 0; i < n; i++) *(*p)++ = b[i]; }

/* Writes the trampoline for one case; returns its entry address. */
static void build(const case_hdr *c) {
  uint8_t *p = (uint8_t *)CODE;
  static const uint8_t save[] = { 0xeb, 0x6f, 0x01, 0x00, 0x40, 0x24 };   /* stmg 6,15,0x40100 */
  static const uint8_t lcc[] = { 0xe3, 0x10, 0x01, 0x80, 0x40, 0x04 };    /* lg 1,0x40180 */
  static const uint8_t spm[] = { 0x04, 0x10 };                            /* spm 1 */
  static const uint8_t sam[3][2] = { { 0x01, 0x0e }, { 0x01, 0x0d }, { 0x01, 0x0c } };
  static const uint8_t load[] = { 0xeb, 0x0f, 0x00, 0x00, 0x40, 0x04 };   /* lmg 0,15,0x40000 */
  static const uint8_t store[] = { 0xeb, 0x0f, 0x00, 0x80, 0x40, 0x24 };  /* stmg 0,15,0x40080 */
  static const uint8_t ipm[] = { 0xb2, 0x22, 0x00, 0x10 };                /* ipm 1 */
  static const uint8_t sty[] = { 0xe3, 0x10, 0x01, 0x88, 0x40, 0x50 };    /* sty 1,0x40188 */
  static const uint8_t rest[] = { 0xeb, 0x6f, 0x01, 0x00, 0x40, 0x04, 0x07, 0xfe }; /* lmg 6,15; br 14 */
  put(&p, save, 6); put(&p, lcc, 6); put(&p, spm, 2);
  put(&p, sam[(c->flags >> 1) & 3], 2);
  put(&p, load, 6);
  insn_at = (uint32_t)(uintptr_t)p;
  put(&p, c->insn, c->insnlen);
  if (c->flags & 1) {  /* jo back to the instruction: -(len/2) halfwords from here */
    int16_t back = -(int16_t)(c->insnlen / 2);
    uint8_t jo[] = { 0xa7, 0x14, (uint8_t)(back >> 8), (uint8_t)back };
    put(&p, jo, 4);
  }
  put(&p, sam[0], 2); put(&p, store, 6); put(&p, ipm, 4); put(&p, sty, 6);
  epilogue_at = (uint32_t)(uintptr_t)p;
  put(&p, rest, 8);
}

static void run_trampoline(void) {
  __asm__ volatile("basr %%r14,%0" :: "a"((uintptr_t)CODE)
                   : "r0", "r1", "r2", "r3", "r4", "r5", "r14", "memory", "cc");
}

static void zero(uint8_t *p, unsigned long n) { for (unsigned long i = 0; i < n; i += 8) *(uint64_t *)(p + i) = 0; }

/* Runs one case; writes its result at `out`, returns the result size. */
static volatile uint32_t ex_kind, ex_code, ex_aux, ex_ilc, ex_cc, ex_psw;
static uint32_t run_case(const case_hdr *c, uint8_t *out) {
  const uint8_t *p = (const uint8_t *)(c + 1);
  zero((uint8_t *)DATA, DATA_LEN);
  for (uint32_t i = 0; i < c->nmem; i++) {
    uint32_t addr = ((const uint32_t *)p)[0], len = ((const uint32_t *)p)[1];
    p += 8;
    for (uint32_t k = 0; k < len; k++) ((uint8_t *)(uintptr_t)addr)[k] = p[k];
    p += (len + 3) & ~3u;
  }
  uint64_t *in = (uint64_t *)IN_REGS;
  for (int i = 0; i < 16; i++) in[i] = c->r[i];
  *(uint64_t *)CC_WORD = ((uint64_t)c->cc << 28) | ((uint64_t)c->pm << 24);
  build(c);
  ex_kind = 0;
  run_trampoline();
  result_hdr *r = (result_hdr *)out;
  r->kind = ex_kind;
  r->cc = ex_kind ? ex_cc : (*(uint32_t *)IPM_WORD >> 28) & 3;
  r->code = ex_kind ? ex_code : 0;
  r->aux = ex_kind ? ex_aux : 0;
  r->ilc = ex_kind ? ex_ilc : 0;
  r->pswoff = ex_kind ? ex_psw - insn_at : 0;
  r->pad = 0;
  for (int i = 0; i < 16; i++) r->r[i] = ((uint64_t *)OUT_REGS)[i];
  uint8_t *o = (uint8_t *)(r + 1);
  for (uint32_t i = 0; i < c->nout; i++) {
    uint32_t addr = ((const uint32_t *)p)[0], len = ((const uint32_t *)p)[1];
    p += 8;
    for (uint32_t k = 0; k < len; k++) *o++ = ((uint8_t *)(uintptr_t)addr)[k];
  }
  while (((uintptr_t)o & 3) != 0) *o++ = 0;
  r->size = (uint32_t)(o - out);
  return r->size;
}

#ifdef USER
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

static void on_signal(int sig, siginfo_t *si, void *ctx) {
  ucontext_t *u = ctx;
  for (int i = 0; i < 16; i++) ((uint64_t *)OUT_REGS)[i] = u->uc_mcontext.gregs[i];
  ex_kind = 1;
  ex_code = ((uint32_t)sig << 16) | (uint16_t)si->si_code;
  ex_aux = u->uc_mcontext.fpregs.fpc;
  ex_cc = (u->uc_mcontext.psw.mask >> 44) & 3;
  ex_psw = (uint32_t)u->uc_mcontext.psw.addr;
  ex_ilc = 0;
  u->uc_mcontext.psw.addr = epilogue_at;
  u->uc_mcontext.psw.mask |= 0x0000000180000000UL;  /* the epilogue runs in 64-bit mode */
}

static void *map(unsigned long at, unsigned long len, int prot) {
  void *p = mmap((void *)at, len, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  if (p != (void *)at) { perror("mmap"); exit(2); }
  return p;
}

int main(void) {
  map(AREA, 0x2000, PROT_READ | PROT_WRITE | PROT_EXEC);
  map(DATA, DATA_LEN, PROT_READ | PROT_WRITE);
  map(DATA + DATA_LEN, 0x1000, PROT_NONE);
  static uint8_t altstack[65536];
  stack_t ss = { .ss_sp = altstack, .ss_size = sizeof altstack, .ss_flags = 0 };
  sigaltstack(&ss, 0);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_signal;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
  sigaction(SIGILL, &sa, 0); sigaction(SIGFPE, &sa, 0); sigaction(SIGSEGV, &sa, 0); sigaction(SIGBUS, &sa, 0);
  setvbuf(stdout, 0, _IOLBF, 0);  /* results so far survive a crash of the oracle */
  size_t cap = 1 << 20, n = 0;
  uint8_t *buf = malloc(cap);
  for (ssize_t k; (k = read(0, buf + n, cap - n)) > 0;) {
    n += k;
    if (n == cap) buf = realloc(buf, cap *= 2);
  }
  static uint8_t res[1 << 20];
  for (size_t off = 0; off + 4 <= n;) {
    const case_hdr *c = (const case_hdr *)(buf + off);
    if (c->size == 0) break;
    uint32_t rs = run_case(c, res);
    for (uint32_t i = 0; i < rs; i++) printf("%02x", res[i]);
    putchar('\n');
    off += c->size;
  }
  return 0;
}
#endif

#ifdef BARE
/* Freestanding: cases at CASES, results at RESULTS (then a u32 0), disabled wait. */
#define CASES   0x50000UL
#define RESULTS 0x100000UL
#define LC_PGM_ILC  0x8c
#define LC_PGM_CODE 0x8e
#define LC_DXC      0x90
#define LC_PGM_OLD  0x150

/* Called by the program-interruption handler (start.S) after it saved the registers. */
void note_program_interrupt(void) {
  ex_kind = 2;
  ex_code = *(volatile uint16_t *)LC_PGM_CODE;
  ex_ilc = *(volatile uint16_t *)LC_PGM_ILC;
  ex_aux = *(volatile uint32_t *)LC_DXC;
  ex_cc = (*(volatile uint32_t *)LC_PGM_OLD >> 12) & 3;
  ex_psw = (uint32_t)*(volatile uint64_t *)(LC_PGM_OLD + 8);
}

uint32_t bare_epilogue(void) { return epilogue_at; }

void bare_main(void) {
  uint8_t *o = (uint8_t *)RESULTS;
  for (const uint8_t *p = (const uint8_t *)CASES;;) {
    const case_hdr *c = (const case_hdr *)p;
    if (c->size == 0) break;
    *(volatile uint32_t *)LC_DXC = 0;
    o += run_case(c, o);
    p += c->size;
  }
  *(uint32_t *)o = 0;
}
#endif
