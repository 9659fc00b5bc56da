/* Shared support for Kuli's freestanding system test guests: lowcore layout,
   SCLP console output, a small printf, interruption hooks and the end-of-test line.
   The guests run with DAT off in 64-bit mode on the IPL CPU, as QEMU starts them. */
#ifndef KULI_GUEST_H
#define KULI_GUEST_H

#include <stdint.h>
#include <stddef.h>

/* Lowcore (prefix area) offsets, z/Architecture PoP "Assigned Storage Locations". */
#define LC_EXT_PARAMS     0x080
#define LC_EXT_CPU_ADDR   0x084
#define LC_EXT_INT_CODE   0x086
#define LC_SVC_ILC        0x088
#define LC_SVC_CODE       0x08a
#define LC_PGM_ILC        0x08c
#define LC_PGM_CODE       0x08e
#define LC_STFL_FAC_LIST  0x0c8
#define LC_RESTART_OLD_PSW  0x120
#define LC_EXT_OLD_PSW      0x130
#define LC_SVC_OLD_PSW      0x140
#define LC_PGM_OLD_PSW      0x150
#define LC_MCCK_OLD_PSW     0x160
#define LC_IO_OLD_PSW       0x170
#define LC_RESTART_NEW_PSW  0x1a0
#define LC_EXT_NEW_PSW      0x1b0
#define LC_SVC_NEW_PSW      0x1c0
#define LC_PGM_NEW_PSW      0x1d0
#define LC_MCCK_NEW_PSW     0x1e0
#define LC_IO_NEW_PSW       0x1f0

/* External-interruption codes. */
#define EXT_CLOCK_COMPARATOR 0x1004
#define EXT_CPU_TIMER        0x1005
#define EXT_SERVICE_SIGNAL   0x2401
#define EXT_EMERGENCY_SIGNAL 0x1201
#define EXT_EXTERNAL_CALL    0x1202

/* PSW mask bits 0-63 as a doubleword. */
#define PSW_MASK_EXT   0x0100000000000000ull
#define PSW_MASK_IO    0x0200000000000000ull
#define PSW_MASK_WAIT  0x0002000000000000ull
#define PSW_MASK_PROBLEM 0x0001000000000000ull
#define PSW_MASK_64    0x0000000180000000ull

/* CR0 external subclass masks (bit numbers 52-54 as a 64-bit value). */
#define CR0_CLOCK_COMPARATOR 0x0000000000000800ull
#define CR0_CPU_TIMER        0x0000000000000400ull
#define CR0_SERVICE_SIGNAL   0x0000000000000200ull
#define CR0_EMERGENCY_SIGNAL 0x0000000000004000ull
#define CR0_EXTERNAL_CALL    0x0000000000002000ull

/* SIGP orders and condition codes. */
#define SIGP_SENSE                 0x01
#define SIGP_EXTERNAL_CALL         0x02
#define SIGP_EMERGENCY_SIGNAL      0x03
#define SIGP_START                 0x04
#define SIGP_STOP                  0x05
#define SIGP_RESTART               0x06
#define SIGP_STOP_AND_STORE_STATUS 0x09
#define SIGP_INITIAL_CPU_RESET     0x0b
#define SIGP_CPU_RESET             0x0c
#define SIGP_SET_PREFIX            0x0d
#define SIGP_STORE_STATUS_AT_ADDRESS 0x0e
#define SIGP_SET_ARCHITECTURE      0x12
#define SIGP_SENSE_RUNNING_STATUS  0x15

struct psw {
	uint64_t mask;
	uint64_t addr;
};

static inline volatile uint8_t *lowcore(unsigned long off)
{
	return (volatile uint8_t *)off;
}
#define LC16(off) (*(volatile uint16_t *)(unsigned long)(off))
#define LC32(off) (*(volatile uint32_t *)(unsigned long)(off))
#define LC64(off) (*(volatile uint64_t *)(unsigned long)(off))
#define LCPSW(off) (*(volatile struct psw *)(unsigned long)(off))

/* Console. */
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void puts_raw(const char *s);
void console_flush(void);
/* Nonzero: printf goes to the line-mode console (EBCDIC) instead of the VT220 one. */
extern int console_linemode;
void to_ebcdic(uint8_t *out, const char *in, unsigned int n);
/* Writes one line-mode message (SCLP event type 0x02, MDB with one MTO). */
int sclp_linemode_write(const char *text);
int sclp_linemode_write_n(const uint8_t *text, unsigned int n);
int sclp_service_call(uint32_t command, void *sccb);
extern uint8_t sccb_page[4096];
/* Mask the SCLP reported in the last write event mask (receive, send). */
extern uint32_t sclp_receive_mask, sclp_send_mask;
int sclp_set_event_mask(uint32_t cp_receive, uint32_t cp_send);

/* End of test: prints "EXIT: STATUS=n" and stops this CPU with SIGP. */
void guest_exit(int status) __attribute__((noreturn));
void cpu_stop_self(void) __attribute__((noreturn));
/* Waits (enabled for external interruptions) until one arrives. */
void enabled_wait(void);

/* Interruption hooks; the library's weak defaults report the interruption as
   unexpected and end the test with status 99. The old PSW is in lowcore. */
void on_program_interrupt(uint16_t code, uint16_t ilc);
void on_svc_interrupt(uint16_t code, uint16_t ilc);
void on_ext_interrupt(uint16_t code);
void on_restart_interrupt(void);
/* Count of external interruptions taken, and the last code. */
extern volatile unsigned int ext_count;
extern volatile uint16_t ext_last_code;

int main(void);

/* Small instruction wrappers. */
static inline uint64_t stck(int *cc)
{
	uint64_t v;
	int c;
	asm volatile("stck %0\n\tipm %1\n\tsrl %1,28" : "=Q"(v), "=d"(c) : : "cc");
	if (cc)
		*cc = c;
	return v;
}

static inline uint16_t stap(void)
{
	uint16_t a;
	asm volatile("stap %0" : "=Q"(a));
	return a;
}

static inline uint32_t stpx(void)
{
	uint32_t p;
	asm volatile("stpx %0" : "=Q"(p));
	return p;
}

static inline uint64_t stctg0(void)
{
	uint64_t v;
	asm volatile("stctg %%c0,%%c0,%0" : "=QS"(v));
	return v;
}

static inline void lctlg0(uint64_t v)
{
	asm volatile("lctlg %%c0,%%c0,%0" : : "QS"(v));
}

/* SIGP: returns the condition code; *status gets register r1 when cc is 1. */
static inline int sigp(uint16_t cpu, uint8_t order, uint64_t param, uint64_t *status)
{
	register uint64_t r1 asm("2") = 0;
	register uint64_t r1p asm("3") = param;
	int cc;
	asm volatile("sigp %1,%3,0(%4)\n\tipm %0\n\tsrl %0,28"
		     : "=d"(cc), "+d"(r1), "+d"(r1p)
		     : "d"((uint64_t)cpu), "a"((unsigned long)order)
		     : "cc", "memory");
	if (status)
		*status = r1;
	return cc;
}

#endif
