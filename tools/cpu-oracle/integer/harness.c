/*
 * Per-instruction oracle runner for the integer instruction tests, run under qemu-s390x.
 * Reads fixed-size case records on stdin (big-endian, written by gen.ts), and for each:
 * places the instruction at CODE_AT followed by a branch back, loads all 16 general
 * registers, the condition code and the program mask, executes it, and writes the
 * registers, condition code, signal (program interruption), branch outcome and a data
 * window to stdout. Program interruptions arrive as signals; the handler takes the
 * registers from the signal context, so instructions that complete before interrupting
 * (fixed-point overflow) report their results too.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#define CODE_AT 0x10000UL     /* instruction under test */
#define TAKEN_AT 0x10100UL    /* branch target used by the count-branch cases */
#define TRAMP24 0x10800UL     /* sam24; jg CODE_AT */
#define TRAMP31 0x10810UL     /* sam31; jg CODE_AT */
#define OUT_AREA 0x7f000UL    /* registers, cc, taken flag, saved stack pointer */
#define DATA_PAGE 0x80000UL
#define DATA_AT 0x80f00UL     /* data window: 512 bytes across a page boundary */
#define MEMWIN 512

struct in_rec {
  uint64_t gpr[16];
  uint32_t amode;  /* 64, 31 or 24 */
  uint32_t ccpm;   /* SPM operand: cc in bits 2-3, program mask in bits 4-7 (of 32) */
  uint32_t codelen;
  uint32_t pad;
  uint8_t code[8];
  uint8_t mem[MEMWIN];
};

struct out_rec {
  uint64_t gpr[16];
  uint32_t cc;
  int32_t sig;
  int32_t code;
  uint32_t taken;
  uint8_t mem[MEMWIN];
};

extern void run64(const uint64_t *regs, uint32_t ccpm);
extern void run31(const uint64_t *regs, uint32_t ccpm);
extern void run24(const uint64_t *regs, uint32_t ccpm);
extern char test_return[], test_taken[], test_resume[];

/* Absolute addresses are reached with base register 0 and a long displacement, so the
 * epilogue needs no free register. The branch targets kuli_code_at, kuli_tramp31 and
 * kuli_tramp24 are absolute symbols given to the linker (--defsym) so that `jg` gets a
 * PC-relative relocation to them. */
__asm__(
  "  .set OUT_REGS, 0x7f000\n"
  "  .set OUT_CC, 0x7f080\n"
  "  .set OUT_TAKEN, 0x7f088\n"
  "  .set SAVE_SP, 0x7f100\n"
  "  .text\n"
  "  .macro prologue name, target\n"
  "  .globl \\name\n"
  "\\name:\n"
  "  stmg %r6,%r15,48(%r15)\n"
  "  stg %r15,SAVE_SP\n"
  "  spm %r3\n"
  "  lmg %r0,%r15,0(%r2)\n"
  "  jg \\target\n"
  "  .endm\n"
  "  prologue run64, kuli_code_at\n"
  "  prologue run31, kuli_tramp31\n"
  "  prologue run24, kuli_tramp24\n"
  "  .globl test_return\n"
  "test_return:\n"
  "  stmg %r0,%r15,OUT_REGS\n"
  "  ipm %r0\n"
  "  sty %r0,OUT_CC\n"
  "  j test_resume\n"
  "  .globl test_taken\n"
  "test_taken:\n"
  "  stmg %r0,%r15,OUT_REGS\n"
  "  ipm %r0\n"
  "  sty %r0,OUT_CC\n"
  "  lghi %r0,1\n"
  "  sty %r0,OUT_TAKEN\n"
  "  .globl test_resume\n"
  "test_resume:\n"
  "  lg %r15,SAVE_SP\n"
  "  lmg %r6,%r15,48(%r15)\n"
  "  lghi %r0,0\n"
  "  spm %r0\n"
  "  br %r14\n");

static volatile int g_sig, g_code;

static void on_signal(int sig, siginfo_t *si, void *ucv) {
  ucontext_t *uc = ucv;
  uint64_t *out = (uint64_t *)OUT_AREA;
  for (int i = 0; i < 16; i++) out[i] = uc->uc_mcontext.gregs[i];
  /* Condition code = PSW bits 18-19. */
  *(uint32_t *)(OUT_AREA + 0x80) = (uint32_t)((uc->uc_mcontext.psw.mask >> 44) & 3) << 28;
  g_sig = sig;
  g_code = si->si_code;
  uc->uc_mcontext.psw.addr = (unsigned long)test_resume;
  uc->uc_mcontext.psw.mask |= 0x0000000180000000UL; /* back to 64-bit mode */
}

static void map_fixed(unsigned long at, size_t len, int prot) {
  void *p = mmap((void *)at, len, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  if (p != (void *)at) {
    fprintf(stderr, "harness: cannot map %#lx\n", at);
    exit(2);
  }
}

/* brcl 15,target placed at `at`. */
static void put_jump(unsigned long at, unsigned long target) {
  uint8_t *p = (uint8_t *)at;
  int32_t rel = (int32_t)(((long)target - (long)at) / 2);
  p[0] = 0xc0; p[1] = 0xf4;
  memcpy(p + 2, &rel, 4);
}

int main(void) {
  map_fixed(CODE_AT, 0x1000, PROT_READ | PROT_WRITE | PROT_EXEC);
  map_fixed(OUT_AREA, 0x1000, PROT_READ | PROT_WRITE);
  map_fixed(DATA_PAGE, 0x2000, PROT_READ | PROT_WRITE);

  static uint8_t altstack[65536];
  stack_t ss = { .ss_sp = altstack, .ss_size = sizeof altstack, .ss_flags = 0 };
  sigaltstack(&ss, NULL);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_signal;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
  sigaction(SIGFPE, &sa, NULL);
  sigaction(SIGILL, &sa, NULL);
  sigaction(SIGSEGV, &sa, NULL);
  sigaction(SIGBUS, &sa, NULL);

  /* Taken-branch stub and the amode trampolines. */
  uint8_t *t = (uint8_t *)TAKEN_AT;
  t[0] = 0x01; t[1] = 0x0e; /* sam64 */
  put_jump(TAKEN_AT + 2, (unsigned long)test_taken);
  t = (uint8_t *)TRAMP24;
  t[0] = 0x01; t[1] = 0x0c; /* sam24 */
  put_jump(TRAMP24 + 2, CODE_AT);
  t = (uint8_t *)TRAMP31;
  t[0] = 0x01; t[1] = 0x0d; /* sam31 */
  put_jump(TRAMP31 + 2, CODE_AT);

  struct in_rec in;
  struct out_rec out;
  while (fread(&in, sizeof in, 1, stdin) == 1) {
    uint8_t *code = (uint8_t *)CODE_AT;
    memcpy(code, in.code, in.codelen);
    code[in.codelen] = 0x01; code[in.codelen + 1] = 0x0e; /* sam64 */
    put_jump(CODE_AT + in.codelen + 2, (unsigned long)test_return);
    __builtin___clear_cache((char *)CODE_AT, (char *)CODE_AT + 0x100);
    memcpy((void *)DATA_AT, in.mem, MEMWIN);
    *(uint64_t *)(OUT_AREA + 0x88) = 0;
    g_sig = 0;
    g_code = 0;
    if (in.amode == 24) run24(in.gpr, in.ccpm);
    else if (in.amode == 31) run31(in.gpr, in.ccpm);
    else run64(in.gpr, in.ccpm);
    memcpy(out.gpr, (void *)OUT_AREA, 128);
    out.cc = (*(uint32_t *)(OUT_AREA + 0x80) >> 28) & 3;
    out.sig = g_sig;
    out.code = g_code;
    out.taken = *(uint32_t *)(OUT_AREA + 0x88);
    memcpy(out.mem, (void *)DATA_AT, MEMWIN);
    fwrite(&out, sizeof out, 1, stdout);
    fflush(stdout); /* so a crash shows which case it was */
  }
  return 0;
}
