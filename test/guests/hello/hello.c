/* Freestanding s390x guest: prints a greeting on the SCLP ASCII (VT220) console,
   then "EXIT: STATUS=0", the end-of-test line test harnesses look for. */
#include <stdint.h>

/* SCLP commands and codes (Linux drivers/s390/char/sclp.h names). */
#define SCLP_CMDW_WRITE_EVENT_MASK 0x00780005u
#define SCLP_CMDW_WRITE_EVENT_DATA 0x00760005u
#define SCLP_RC_NORMAL_COMPLETION  0x0020
#define EVTYP_VT220MSG             0x1a
/* Event type N is bit N-1 of a big-endian event mask. */
#define EVTYP_MASK(type)           (0x80000000u >> ((type) - 1))
#define SCCB_SIZE                  4096

int sclp_service_call(uint32_t command, void *sccb);
void cpu_stop_self(void) __attribute__((noreturn));

struct sccb_header {
	uint16_t length;
	uint8_t function_code;
	uint8_t control_mask[3];
	uint16_t response_code;
} __attribute__((packed));

struct write_event_mask_sccb {
	struct sccb_header header;
	uint16_t reserved;
	uint16_t mask_length;		/* bytes per mask: 4 */
	uint32_t cp_receive_mask;
	uint32_t cp_send_mask;		/* events we will send */
	uint32_t sclp_receive_mask;	/* set by the SCLP */
	uint32_t sclp_send_mask;	/* set by the SCLP */
} __attribute__((packed));

struct event_buffer_header {
	uint16_t length;
	uint8_t type;
	uint8_t flags;
	uint16_t reserved;
} __attribute__((packed));

struct write_event_data_sccb {
	struct sccb_header header;
	struct event_buffer_header event;
	char text[SCCB_SIZE - sizeof(struct sccb_header) - sizeof(struct event_buffer_header)];
} __attribute__((packed));

/* The SCCB must be 8-byte aligned, below 2 GiB and must not cross a page. */
static union {
	struct write_event_mask_sccb mask;
	struct write_event_data_sccb data;
	uint8_t bytes[SCCB_SIZE];
} sccb __attribute__((aligned(SCCB_SIZE)));

static void sccb_clear(void)
{
	volatile uint64_t *p = (volatile uint64_t *)sccb.bytes;
	for (unsigned int i = 0; i < SCCB_SIZE / 8; i++)
		p[i] = 0;
}

static int sclp_enable_vt220_output(void)
{
	sccb_clear();
	sccb.mask.header.length = sizeof(sccb.mask);
	sccb.mask.mask_length = sizeof(sccb.mask.cp_receive_mask);
	sccb.mask.cp_send_mask = EVTYP_MASK(EVTYP_VT220MSG);
	if (sclp_service_call(SCLP_CMDW_WRITE_EVENT_MASK, &sccb) != 0)
		return -1;
	if (sccb.mask.header.response_code != SCLP_RC_NORMAL_COMPLETION)
		return -1;
	return (sccb.mask.sclp_receive_mask & EVTYP_MASK(EVTYP_VT220MSG)) ? 0 : -1;
}

static int sclp_write(const char *s)
{
	unsigned int n = 0;

	sccb_clear();
	while (s[n] != '\0' && n < sizeof(sccb.data.text))
		sccb.data.text[n] = s[n], n++;
	sccb.data.event.length = sizeof(sccb.data.event) + n;
	sccb.data.event.type = EVTYP_VT220MSG;
	sccb.data.header.length = sizeof(sccb.data.header) + sccb.data.event.length;
	if (sclp_service_call(SCLP_CMDW_WRITE_EVENT_DATA, &sccb) != 0)
		return -1;
	return sccb.data.header.response_code == SCLP_RC_NORMAL_COMPLETION ? 0 : -1;
}

void kuli_main(void)
{
	if (sclp_enable_vt220_output() == 0) {
		sclp_write("Hello from Kuli\n");
		sclp_write("EXIT: STATUS=0\n");
	}
	cpu_stop_self();
}
