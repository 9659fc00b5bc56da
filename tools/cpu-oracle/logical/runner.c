/*
 * Kuli CPU oracle runner (run under qemu-s390x): a generic "poke, call, report" loop.
 * The TypeScript generator (gen.ts) builds complete machine-code snippets (prologue,
 * instruction under test, landing pads, epilogue) and feeds them as text on stdin:
 *   W <hexaddr> <hexbytes>   copy bytes into the fixed test region
 *   X                        call the snippet entry; print one R line
 *   D <hexaddr> <len>        print the bytes at addr as one M line
 * R line: sig si_code path r0..r15 pswword0 pswword1 pswaddr (hex). For a normal
 * return the snippet's epilogue stored the registers, EPSW's result and IPM's (EPSW
 * under qemu-user leaves the condition code out, IPM has it); when the
 * instruction raised a signal the handler takes them from the signal context.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

#define REGION 0x10000UL
#define REGION_SIZE 0x10000UL
#define ENTRY 0x1c000UL
/* Output slots written by the snippet epilogue (must match layout.ts). */
#define OUT_PATH 0x1d100UL
#define OUT_REGS 0x1d108UL
#define OUT_PSW0 0x1d188UL
#define OUT_PSW1 0x1d190UL
#define OUT_IPM 0x1d198UL

static sigjmp_buf jb;
static volatile int got_sig, got_code;
static uint64_t sig_regs[16], sig_mask, sig_addr;

static void handler(int sig, siginfo_t *si, void *uc_) {
  ucontext_t *uc = uc_;
  got_sig = sig;
  got_code = si->si_code;
  for (int i = 0; i < 16; i++) sig_regs[i] = uc->uc_mcontext.gregs[i];
  sig_mask = uc->uc_mcontext.psw.mask;
  sig_addr = uc->uc_mcontext.psw.addr;
  siglongjmp(jb, 1);
}

static int hexval(int c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; }

int main(void) {
  static char line[1 << 16];
  void *p = mmap((void *)REGION, REGION_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  if (p != (void *)REGION) { perror("mmap"); return 1; }
  /* The instruction under test runs with arbitrary r15: signals need their own stack. */
  static char altstack[1 << 16];
  stack_t ss = { .ss_sp = altstack, .ss_size = sizeof altstack, .ss_flags = 0 };
  sigaltstack(&ss, NULL);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = handler;
  sa.sa_flags = SA_SIGINFO | SA_NODEFER | SA_ONSTACK;
  int sigs[] = { SIGILL, SIGFPE, SIGTRAP, SIGSEGV, SIGBUS };
  for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) sigaction(sigs[i], &sa, NULL);
  while (fgets(line, sizeof line, stdin)) {
    if (line[0] == 'W') {
      char *s;
      unsigned long addr = strtoul(line + 2, &s, 16);
      unsigned char *dst = (unsigned char *)addr;
      while (*s == ' ') s++;
      for (; s[0] && s[1] && s[0] != '\n'; s += 2) *dst++ = (unsigned char)(hexval(s[0]) << 4 | hexval(s[1]));
    } else if (line[0] == 'D') {
      char *s;
      unsigned long addr = strtoul(line + 2, &s, 16);
      unsigned long len = strtoul(s, NULL, 10);
      putchar('M');
      putchar(' ');
      for (unsigned long i = 0; i < len; i++) printf("%02x", ((unsigned char *)addr)[i]);
      putchar('\n');
    } else if (line[0] == 'X') {
      got_sig = 0;
      if (sigsetjmp(jb, 1) == 0) {
        ((void (*)(void))ENTRY)();
        uint64_t *regs = (uint64_t *)OUT_REGS;
        printf("R 0 0 %llx", (unsigned long long)*(uint64_t *)OUT_PATH);
        for (int i = 0; i < 16; i++) printf(" %llx", (unsigned long long)regs[i]);
        uint32_t ipm = (uint32_t)*(uint64_t *)OUT_IPM;
        uint32_t psw0 = ((uint32_t)*(uint64_t *)OUT_PSW0 & ~0x3f00u) | ((ipm >> 16) & 0x3f00u);
        printf(" %llx %llx 0\n", (unsigned long long)psw0,
               (unsigned long long)(*(uint64_t *)OUT_PSW1 & 0xffffffffULL));
      } else {
        printf("R %x %x ffff", got_sig, got_code);
        for (int i = 0; i < 16; i++) printf(" %llx", (unsigned long long)sig_regs[i]);
        printf(" %llx %llx %llx\n", (unsigned long long)(sig_mask >> 32), (unsigned long long)(sig_mask & 0xffffffffULL),
               (unsigned long long)sig_addr);
      }
    }
    fflush(stdout);
  }
  return 0;
}
