/*
 * Per-instruction oracle runner for floating-point instructions, run under qemu-s390x.
 * Reads cases from stdin, one per line:
 *   INSN FPC CC F0..F15 R0..R9 MEM
 * (hex; INSN is 2/4/6 bytes of machine code; Fn and Rn 16 hex digits; MEM 64 hex digits,
 * the 32-byte buffer that general register 10 points to). For each case it loads the
 * registers, executes the instruction once from an executable buffer and prints
 *   SIG CODE FPC CC F0..F15 R0..R9 MEM
 * where SIG/CODE are the signal number and si_code (0 0 when none) and the register
 * state is the one at the signal (from the signal context) or after the instruction.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

struct state {
  uint64_t f[16];   /* 0 */
  uint64_t r[10];   /* 128 */
  uint64_t mem;     /* 208: address of the operand buffer (r10) */
  uint64_t code;    /* 216: address of the instruction (r11) */
  uint32_t fpc;     /* 224 */
  uint32_t fpc_out; /* 228 */
  uint32_t ipm;     /* 232 */
  uint32_t ccin;    /* 236: condition code before the instruction, in bits 2-3 (SPM) */
};

void run_case(struct state *s);
__asm__(
  ".text\n.globl run_case\n.type run_case,@function\nrun_case:\n"
  "  stmg %r6,%r15,48(%r15)\n"
  "  aghi %r15,-224\n"
  "  std %f8,160(%r15)\n  std %f9,168(%r15)\n  std %f10,176(%r15)\n  std %f11,184(%r15)\n"
  "  std %f12,192(%r15)\n  std %f13,200(%r15)\n  std %f14,208(%r15)\n  std %f15,216(%r15)\n"
  "  lgr %r13,%r2\n"
  "  ld %f0,0(%r13)\n  ld %f1,8(%r13)\n  ld %f2,16(%r13)\n  ld %f3,24(%r13)\n"
  "  ld %f4,32(%r13)\n  ld %f5,40(%r13)\n  ld %f6,48(%r13)\n  ld %f7,56(%r13)\n"
  "  ld %f8,64(%r13)\n  ld %f9,72(%r13)\n  ld %f10,80(%r13)\n  ld %f11,88(%r13)\n"
  "  ld %f12,96(%r13)\n  ld %f13,104(%r13)\n  ld %f14,112(%r13)\n  ld %f15,120(%r13)\n"
  "  lmg %r0,%r9,128(%r13)\n"
  "  lg %r10,208(%r13)\n  lg %r11,216(%r13)\n"
  "  l %r12,236(%r13)\n  spm %r12\n"
  "  lfpc 224(%r13)\n"
  "  basr %r14,%r11\n"
  "  ipm %r12\n  st %r12,232(%r13)\n  stfpc 228(%r13)\n"
  "  std %f0,0(%r13)\n  std %f1,8(%r13)\n  std %f2,16(%r13)\n  std %f3,24(%r13)\n"
  "  std %f4,32(%r13)\n  std %f5,40(%r13)\n  std %f6,48(%r13)\n  std %f7,56(%r13)\n"
  "  std %f8,64(%r13)\n  std %f9,72(%r13)\n  std %f10,80(%r13)\n  std %f11,88(%r13)\n"
  "  std %f12,96(%r13)\n  std %f13,104(%r13)\n  std %f14,112(%r13)\n  std %f15,120(%r13)\n"
  "  stmg %r0,%r9,128(%r13)\n"
  "  ld %f8,160(%r15)\n  ld %f9,168(%r15)\n  ld %f10,176(%r15)\n  ld %f11,184(%r15)\n"
  "  ld %f12,192(%r15)\n  ld %f13,200(%r15)\n  ld %f14,208(%r15)\n  ld %f15,216(%r15)\n"
  "  lmg %r6,%r15,272(%r15)\n"
  "  br %r14\n"
  ".size run_case,.-run_case\n");

static sigjmp_buf jb;
static volatile int got_sig, got_code;
static struct state sig_state;
static unsigned sig_cc;

static void on_signal(int sig, siginfo_t *si, void *ctx) {
  ucontext_t *uc = ctx;
  got_sig = sig;
  got_code = si->si_code;
  sig_state.fpc_out = uc->uc_mcontext.fpregs.fpc;
  for (int i = 0; i < 16; i++) memcpy(&sig_state.f[i], &uc->uc_mcontext.fpregs.fprs[i], 8);
  for (int i = 0; i < 10; i++) sig_state.r[i] = uc->uc_mcontext.gregs[i];
  sig_cc = (uc->uc_mcontext.psw.mask >> 44) & 3;
  siglongjmp(jb, 1);
}

static int hexval(int c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; }
static void parse_bytes(const char *h, uint8_t *out, size_t n) {
  for (size_t i = 0; i < n; i++) out[i] = hexval(h[2 * i]) << 4 | hexval(h[2 * i + 1]);
}

int main(void) {
  uint8_t *code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  static uint8_t mem[64] __attribute__((aligned(16)));
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_signal;
  sa.sa_flags = SA_SIGINFO | SA_NODEFER;
  sigaction(SIGFPE, &sa, NULL);
  sigaction(SIGILL, &sa, NULL);
  sigaction(SIGSEGV, &sa, NULL);
  char line[2048], insn[64], fpc[16], ccs[8], f[16][20], r[10][20], m[80];
  while (fgets(line, sizeof line, stdin)) {
    if (sscanf(line, "%63s %15s %7s %19s %19s %19s %19s %19s %19s %19s %19s %19s %19s %19s %19s %19s %19s %19s %19s"
               " %19s %19s %19s %19s %19s %19s %19s %19s %19s %19s %79s",
               insn, fpc, ccs, f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10], f[11], f[12], f[13],
               f[14], f[15], r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], m) != 30) {
      fprintf(stderr, "bad line: %s", line);
      return 2;
    }
    struct state s;
    memset(&s, 0, sizeof s);
    size_t n = strlen(insn) / 2;
    memset(code, 0, 16);
    parse_bytes(insn, code, n);
    code[n] = 0x07; code[n + 1] = 0xfe; /* br %r14 */
    __builtin___clear_cache((char *)code, (char *)code + 16);
    for (int i = 0; i < 16; i++) s.f[i] = strtoull(f[i], NULL, 16);
    for (int i = 0; i < 10; i++) s.r[i] = strtoull(r[i], NULL, 16);
    parse_bytes(m, mem, 32);
    s.fpc = strtoul(fpc, NULL, 16);
    s.ccin = (uint32_t)(strtoul(ccs, NULL, 10) & 3) << 28;
    s.mem = (uint64_t)(uintptr_t)mem;
    s.code = (uint64_t)(uintptr_t)code;
    got_sig = 0;
    got_code = 0;
    unsigned cc;
    if (sigsetjmp(jb, 1) == 0) {
      run_case(&s);
      cc = (s.ipm >> 28) & 3;
    } else {
      s = sig_state;
      cc = sig_cc;
    }
    __asm__ volatile("lfpc %0" : : "Q"(*(const uint32_t *)"\0\0\0\0"));
    printf("%d %d %08x %u", got_sig, got_code, s.fpc_out, cc);
    for (int i = 0; i < 16; i++) printf(" %016llx", (unsigned long long)s.f[i]);
    for (int i = 0; i < 10; i++) printf(" %016llx", (unsigned long long)s.r[i]);
    putchar(' ');
    for (int i = 0; i < 32; i++) printf("%02x", mem[i]);
    putchar('\n');
  }
  return 0;
}
