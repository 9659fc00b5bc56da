/* Guest runtime for Kuli's system test guests: new PSWs, interruption hooks with
   overridable defaults, a line-buffered printf on the SCLP console, guest_exit. */
#include <stdarg.h>
#include "guest.h"

extern char ext_entry[], svc_entry[], pgm_entry[], restart_entry[];

volatile unsigned int ext_count;
volatile uint16_t ext_last_code;
volatile int sclp_busy;

static void set_new_psw(unsigned long at, uint64_t mask, void *handler)
{
	LCPSW(at).mask = mask;
	LCPSW(at).addr = (unsigned long)handler;
}

void guest_init(void)
{
	set_new_psw(LC_EXT_NEW_PSW, PSW_MASK_64, ext_entry);
	set_new_psw(LC_SVC_NEW_PSW, PSW_MASK_64, svc_entry);
	set_new_psw(LC_PGM_NEW_PSW, PSW_MASK_64, pgm_entry);
	set_new_psw(LC_RESTART_NEW_PSW, PSW_MASK_64, restart_entry);
	/* Machine checks and I/O are never enabled; a disabled wait marks them. */
	set_new_psw(LC_MCCK_NEW_PSW, PSW_MASK_64 | PSW_MASK_WAIT, (void *)0xdead0001ul);
	set_new_psw(LC_IO_NEW_PSW, PSW_MASK_64 | PSW_MASK_WAIT, (void *)0xdead0002ul);
	lctlg0(stctg0() | CR0_SERVICE_SIGNAL);
	if (sclp_set_event_mask(0, 0x80000000u >> (0x1a - 1)) != 0)
		cpu_stop_self();
}

/* ---- interruption hooks -------------------------------------------------------- */

void lib_ext_interrupt(void)
{
	uint16_t code = LC16(LC_EXT_INT_CODE);
	volatile struct psw *old = &LCPSW(LC_EXT_OLD_PSW);

	/* Woken from enabled_wait: continue after it, disabled again. */
	if (old->mask & PSW_MASK_WAIT)
		old->mask &= ~(PSW_MASK_WAIT | PSW_MASK_EXT);
	if (code == EXT_SERVICE_SIGNAL) {
		sclp_busy = 0;
		return;
	}
	ext_count++;
	ext_last_code = code;
	on_ext_interrupt(code);
}

void lib_svc_interrupt(void)
{
	on_svc_interrupt(LC16(LC_SVC_CODE), LC16(LC_SVC_ILC));
}

void lib_program_interrupt(void)
{
	on_program_interrupt(LC16(LC_PGM_CODE), LC16(LC_PGM_ILC));
}

void lib_restart_interrupt(void)
{
	on_restart_interrupt();
}

__attribute__((weak)) void on_program_interrupt(uint16_t code, uint16_t ilc)
{
	printf("unexpected program interruption code %04x ilc %u at %016lx\n", code, ilc,
	       (unsigned long)LCPSW(LC_PGM_OLD_PSW).addr);
	guest_exit(99);
}

__attribute__((weak)) void on_svc_interrupt(uint16_t code, uint16_t ilc)
{
	printf("unexpected svc %u (ilc %u)\n", code, ilc);
	guest_exit(99);
}

__attribute__((weak)) void on_ext_interrupt(uint16_t code)
{
	(void)code;
}

__attribute__((weak)) void on_restart_interrupt(void)
{
	printf("unexpected restart interruption\n");
	guest_exit(99);
}

/* ---- console ------------------------------------------------------------------- */

static char line[256];
static unsigned int line_len;

int sclp_vt220_write(const char *s, unsigned int n);
int console_linemode;

/* ASCII to EBCDIC (code page 037) for the line-mode console. */
static const uint8_t ascii_to_ebcdic[128] = {
	0x00, 0x01, 0x02, 0x03, 0x37, 0x2d, 0x2e, 0x2f, 0x16, 0x05, 0x25, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
	0x10, 0x11, 0x12, 0x13, 0x3c, 0x3d, 0x32, 0x26, 0x18, 0x19, 0x3f, 0x27, 0x1c, 0x1d, 0x1e, 0x1f,
	0x40, 0x5a, 0x7f, 0x7b, 0x5b, 0x6c, 0x50, 0x7d, 0x4d, 0x5d, 0x5c, 0x4e, 0x6b, 0x60, 0x4b, 0x61,
	0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0x7a, 0x5e, 0x4c, 0x7e, 0x6e, 0x6f,
	0x7c, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6,
	0xd7, 0xd8, 0xd9, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xba, 0xe0, 0xbb, 0xb0, 0x6d,
	0x79, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96,
	0x97, 0x98, 0x99, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xc0, 0x4f, 0xd0, 0xa1, 0x07,
};

void to_ebcdic(uint8_t *out, const char *in, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		out[i] = ascii_to_ebcdic[in[i] & 0x7f];
}

/* A line goes out as one VT220 event, or as one line-mode message without its
   newline (the line-mode console starts every message on a new line). */
void console_flush(void)
{
	if (line_len == 0)
		return;
	if (console_linemode) {
		uint8_t text[sizeof(line)];
		unsigned int n = line_len;
		if (line[n - 1] == '\n')
			n--;
		to_ebcdic(text, line, n);
		sclp_linemode_write_n(text, n);
	} else {
		sclp_vt220_write(line, line_len);
	}
	line_len = 0;
}

static void put_char(char c)
{
	line[line_len++] = c;
	if (c == '\n' || line_len == sizeof(line))
		console_flush();
}

void puts_raw(const char *s)
{
	while (*s)
		put_char(*s++);
}

static void put_number(unsigned long v, unsigned int base, int width, char pad, int negative)
{
	char buf[24];
	int n = 0;

	do {
		buf[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (negative)
		buf[n++] = '-';
	while (n < width--)
		put_char(pad);
	while (n)
		put_char(buf[--n]);
}

int printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			put_char(*fmt);
			continue;
		}
		char pad = ' ';
		int width = 0, longs = 0;
		fmt++;
		if (*fmt == '0')
			pad = '0', fmt++;
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l')
			longs++, fmt++;
		switch (*fmt) {
		case 's':
			puts_raw(va_arg(ap, const char *));
			break;
		case 'c':
			put_char((char)va_arg(ap, int));
			break;
		case 'd': {
			long v = longs ? va_arg(ap, long) : va_arg(ap, int);
			put_number(v < 0 ? -(unsigned long)v : (unsigned long)v, 10, width, pad, v < 0);
			break;
		}
		case 'u':
			put_number(longs ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int), 10, width, pad, 0);
			break;
		case 'x':
			put_number(longs ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int), 16, width, pad, 0);
			break;
		default:
			put_char('%');
			put_char(*fmt);
		}
	}
	va_end(ap);
	return 0;
}

void guest_exit(int status)
{
	console_flush();
	printf("EXIT: STATUS=%d\n", status);
	cpu_stop_self();
}
