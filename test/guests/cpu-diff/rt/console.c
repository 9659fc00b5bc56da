/* SCLP console output for freestanding test kernels: enables the VT220 (ASCII console)
   event once, then sends each line as one "write event data" SCCB. QEMU's
   s390-ccw-virtio machine and Kuli both show it on their console. */
#include <stdint.h>
#include "console.h"

/* SCLP command words and codes (PoP-adjacent SCLP interface; Linux uses the same values). */
#define SCLP_WRITE_EVENT_MASK	0x00780005u
#define SCLP_WRITE_EVENT_DATA	0x00760005u
#define SCLP_NORMAL_COMPLETION	0x0020
#define EVENT_VT220		0x1a
#define EVENT_MASK_BIT(type)	(0x80000000u >> ((type) - 1))
#define SCCB_BYTES		4096

int sclp_service_call(uint32_t command, void *sccb);

struct sccb_head {
	uint16_t length;
	uint8_t function;
	uint8_t control[3];
	uint16_t response;
} __attribute__((packed));

struct mask_sccb {
	struct sccb_head h;
	uint16_t reserved;
	uint16_t mask_bytes;
	uint32_t receive;	/* events we accept */
	uint32_t send;		/* events we produce */
	uint32_t sclp_receive;
	uint32_t sclp_send;
} __attribute__((packed));

struct event_head {
	uint16_t length;
	uint8_t type;
	uint8_t flags;
	uint16_t reserved;
} __attribute__((packed));

#define TEXT_MAX (SCCB_BYTES - sizeof(struct sccb_head) - sizeof(struct event_head))

struct data_sccb {
	struct sccb_head h;
	struct event_head e;
	char text[TEXT_MAX];
} __attribute__((packed));

/* One page, page aligned: an SCCB must not cross a page boundary. */
static union {
	struct mask_sccb mask;
	struct data_sccb data;
	uint64_t words[SCCB_BYTES / 8];
} sccb __attribute__((aligned(SCCB_BYTES)));

static int console_ready = -1;

static void sccb_zero(unsigned int bytes)
{
	volatile uint64_t *w = sccb.words;
	for (unsigned int i = 0; i < (bytes + 7) / 8; i++)
		w[i] = 0;
}

static int console_enable(void)
{
	sccb_zero(sizeof(sccb.mask));
	sccb.mask.h.length = sizeof(sccb.mask);
	sccb.mask.mask_bytes = 4;
	sccb.mask.send = EVENT_MASK_BIT(EVENT_VT220);
	if (sclp_service_call(SCLP_WRITE_EVENT_MASK, &sccb) != 0)
		return -1;
	if (sccb.mask.h.response != SCLP_NORMAL_COMPLETION)
		return -1;
	return (sccb.mask.sclp_receive & EVENT_MASK_BIT(EVENT_VT220)) ? 0 : -1;
}

int console_write(const char *s, unsigned int n)
{
	if (console_ready < 0)
		console_ready = console_enable();
	if (console_ready != 0)
		return -1;
	while (n > 0) {
		unsigned int chunk = n < TEXT_MAX ? n : TEXT_MAX;
		sccb_zero(sizeof(struct sccb_head) + sizeof(struct event_head));
		for (unsigned int i = 0; i < chunk; i++)
			sccb.data.text[i] = s[i];
		sccb.data.e.length = sizeof(struct event_head) + chunk;
		sccb.data.e.type = EVENT_VT220;
		sccb.data.h.length = sizeof(struct sccb_head) + sccb.data.e.length;
		if (sclp_service_call(SCLP_WRITE_EVENT_DATA, &sccb) != 0)
			return -1;
		if (sccb.data.h.response != SCLP_NORMAL_COMPLETION)
			return -1;
		s += chunk;
		n -= chunk;
	}
	return 0;
}

/* ---- line building ---- */

static char line[3072];
static unsigned int line_len;

void out_char(char c)
{
	/* A full buffer is sent as it is; the line goes on in the next write. */
	if (line_len == sizeof(line)) {
		console_write(line, line_len);
		line_len = 0;
	}
	line[line_len++] = c;
	if (c == '\n') {
		console_write(line, line_len);
		line_len = 0;
	}
}

void out_str(const char *s)
{
	while (*s)
		out_char(*s++);
}

void out_hex(uint64_t v, int digits)
{
	for (int i = digits - 1; i >= 0; i--)
		out_char("0123456789abcdef"[(v >> (4 * i)) & 15]);
}

void out_dec(uint64_t v)
{
	/* Subtraction by powers of ten keeps the runtime free of multiply and divide
	   instructions, which are themselves under test. */
	static const uint64_t pow10[] = {
		10000000000000000000ull, 1000000000000000000ull, 100000000000000000ull,
		10000000000000000ull, 1000000000000000ull, 100000000000000ull, 10000000000000ull,
		1000000000000ull, 100000000000ull, 10000000000ull, 1000000000ull, 100000000ull,
		10000000ull, 1000000ull, 100000ull, 10000ull, 1000ull, 100ull, 10ull, 1ull,
	};
	int started = 0;
	for (unsigned int i = 0; i < sizeof(pow10) / sizeof(pow10[0]); i++) {
		char d = '0';
		while (v >= pow10[i]) {
			v -= pow10[i];
			d++;
		}
		if (d != '0' || started || pow10[i] == 1) {
			out_char(d);
			started = 1;
		}
	}
}
