/*
 * Per-instruction oracle runner for vector instructions, run under qemu-s390x -cpu max.
 * Reads cases from stdin, one per line (hex):
 *   INSN FPC CC V0..V31 R0..R9 MEM
 * INSN is the machine code (2/4/6 bytes), Vn 32 hex digits, Rn 16, MEM 1024 hex digits:
 * the 512-byte data window at the fixed address WINDOW (general register 10 points to it;
 * the page after it is left unmapped so accesses crossing the end can fault). For each
 * case it loads every register, executes the instruction once and prints
 *   SIG CODE FPC CC V0..V31 R0..R9 MEM
 * where SIG/CODE are the signal number and si_code (0 0 when none). After a signal the
 * general registers, FPC and CC come from the signal context; the vector registers are
 * stored by the first instructions of the handler (sig_entry), before any C code runs.
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

#define PAGE 0xff000UL   /* the last page below 1 MB: the replay's storage ends there too */
#define WINDOW 0xffe00UL /* data window: the last 512 bytes of that page */
#define WINLEN 512

struct state {
  uint64_t v[32][2]; /* 0 */
  uint64_t r[10];    /* 512 */
  uint64_t mem;      /* 592: r10 */
  uint64_t code;     /* 600: r11 */
  uint32_t fpc;      /* 608 */
  uint32_t fpc_out;  /* 612 */
  uint32_t ipm;      /* 616 */
  uint32_t ccin;     /* 620: SPM operand, condition code in bits 2-3 */
};

void run_case(struct state *s);
__asm__(
  ".text\n.globl run_case\n.type run_case,@function\nrun_case:\n"
  "  stmg %r6,%r15,48(%r15)\n"
  "  aghi %r15,-224\n"
  "  std %f8,160(%r15)\n  std %f9,168(%r15)\n  std %f10,176(%r15)\n  std %f11,184(%r15)\n"
  "  std %f12,192(%r15)\n  std %f13,200(%r15)\n  std %f14,208(%r15)\n  std %f15,216(%r15)\n"
  "  lgr %r13,%r2\n"
  "  vlm %v0,%v15,0(%r13)\n"
  "  vlm %v16,%v31,256(%r13)\n"
  "  lmg %r0,%r9,512(%r13)\n"
  "  lg %r10,592(%r13)\n  lg %r11,600(%r13)\n"
  "  l %r12,620(%r13)\n  spm %r12\n"
  "  lfpc 608(%r13)\n"
  "  basr %r14,%r11\n"
  "  ipm %r12\n  st %r12,616(%r13)\n  stfpc 612(%r13)\n"
  "  vstm %v0,%v15,0(%r13)\n"
  "  vstm %v16,%v31,256(%r13)\n"
  "  stmg %r0,%r9,512(%r13)\n"
  "  ld %f8,160(%r15)\n  ld %f9,168(%r15)\n  ld %f10,176(%r15)\n  ld %f11,184(%r15)\n"
  "  ld %f12,192(%r15)\n  ld %f13,200(%r15)\n  ld %f14,208(%r15)\n  ld %f15,216(%r15)\n"
  "  lmg %r6,%r15,272(%r15)\n"
  "  br %r14\n"
  ".size run_case,.-run_case\n"
  /* Signal entry: save the vector registers first, then continue in C. */
  ".globl sig_entry\n.type sig_entry,@function\nsig_entry:\n"
  "  larl %r1,sig_vrs\n"
  "  vstm %v0,%v15,0(%r1)\n"
  "  vstm %v16,%v31,256(%r1)\n"
  "  jg on_signal\n"
  ".size sig_entry,.-sig_entry\n");

void sig_entry(int, siginfo_t *, void *);
uint64_t sig_vrs[32][2] __attribute__((aligned(16)));

static sigjmp_buf jb;
static volatile int got_sig, got_code;
static struct state sig_state;
static unsigned sig_cc;

void on_signal(int sig, siginfo_t *si, void *ctx) {
  ucontext_t *uc = ctx;
  got_sig = sig;
  got_code = si->si_code;
  sig_state.fpc_out = uc->uc_mcontext.fpregs.fpc;
  memcpy(sig_state.v, sig_vrs, sizeof sig_vrs);
  for (int i = 0; i < 10; i++) sig_state.r[i] = uc->uc_mcontext.gregs[i];
  sig_cc = (uc->uc_mcontext.psw.mask >> 44) & 3;
  siglongjmp(jb, 1);
}

static int hexval(int c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; }
static void parse_bytes(const char *h, uint8_t *out, size_t n) {
  for (size_t i = 0; i < n; i++) out[i] = hexval(h[2 * i]) << 4 | hexval(h[2 * i + 1]);
}
static uint64_t parse64(const char *h) {
  uint64_t v = 0;
  for (int i = 0; i < 16; i++) v = v << 4 | hexval(h[i]);
  return v;
}

int main(void) {
  uint8_t *code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  uint8_t *page = mmap((void *)PAGE, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  if (page != (uint8_t *)PAGE) {
    fprintf(stderr, "runner: cannot map the data page\n");
    return 2;
  }
  uint8_t *mem = (uint8_t *)WINDOW;
  static uint8_t altstack[65536];
  stack_t ss = { .ss_sp = altstack, .ss_size = sizeof altstack, .ss_flags = 0 };
  sigaltstack(&ss, NULL);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = sig_entry;
  sa.sa_flags = SA_SIGINFO | SA_NODEFER | SA_ONSTACK;
  sigaction(SIGFPE, &sa, NULL);
  sigaction(SIGILL, &sa, NULL);
  sigaction(SIGSEGV, &sa, NULL);
  sigaction(SIGBUS, &sa, NULL);
  static char line[8192];
  char *tok[64];
  while (fgets(line, sizeof line, stdin)) {
    int nt = 0;
    for (char *p = strtok(line, " \n"); p && nt < 64; p = strtok(NULL, " \n")) tok[nt++] = p;
    if (nt != 46 || strlen(tok[45]) != 2 * WINLEN) {
      fprintf(stderr, "bad line (%d fields)\n", nt);
      return 2;
    }
    struct state s;
    memset(&s, 0, sizeof s);
    size_t n = strlen(tok[0]) / 2;
    memset(code, 0, 16);
    parse_bytes(tok[0], code, n);
    code[n] = 0x07; code[n + 1] = 0xfe; /* br %r14 */
    __builtin___clear_cache((char *)code, (char *)code + 16);
    s.fpc = strtoul(tok[1], NULL, 16);
    s.ccin = (uint32_t)(strtoul(tok[2], NULL, 10) & 3) << 28;
    for (int i = 0; i < 32; i++) {
      if (strlen(tok[3 + i]) != 32) {
        fprintf(stderr, "bad vector register %d\n", i);
        return 2;
      }
      s.v[i][0] = parse64(tok[3 + i]);
      s.v[i][1] = parse64(tok[3 + i] + 16);
    }
    for (int i = 0; i < 10; i++) s.r[i] = parse64(tok[35 + i]);
    parse_bytes(tok[45], mem, WINLEN);
    s.mem = WINDOW;
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
    for (int i = 0; i < 32; i++) printf(" %016llx%016llx", (unsigned long long)s.v[i][0], (unsigned long long)s.v[i][1]);
    for (int i = 0; i < 10; i++) printf(" %016llx", (unsigned long long)s.r[i]);
    putchar(' ');
    for (int i = 0; i < WINLEN; i++) printf("%02x", mem[i]);
    putchar('\n');
    fflush(stdout);
  }
  return 0;
}
