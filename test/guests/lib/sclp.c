/* SCLP console for the test guests: write event mask, VT220 (ASCII, event type 0x1a)
   and line-mode (message event 0x02) output. Each request is one service call that
   completes with a service-signal external interruption. */
#include "guest.h"

#define SCLP_CMDW_WRITE_EVENT_MASK 0x00780005u
#define SCLP_CMDW_WRITE_EVENT_DATA 0x00760005u
#define SCLP_RC_NORMAL_COMPLETION  0x0020
#define EVTYP_MSG                  0x02
#define EVTYP_VT220MSG             0x1a

extern volatile int sclp_busy;
uint8_t sccb_page[4096] __attribute__((aligned(4096)));
uint32_t sclp_receive_mask, sclp_send_mask;

struct sccb_header {
	uint16_t length;
	uint8_t function_code;
	uint8_t control_mask[3];
	uint16_t response_code;
} __attribute__((packed));

struct event_header {
	uint16_t length;
	uint8_t type;
	uint8_t flags;
	uint16_t reserved;
} __attribute__((packed));

static void sccb_clear(void)
{
	for (unsigned int i = 0; i < sizeof(sccb_page); i++)
		((volatile uint8_t *)sccb_page)[i] = 0;
}

/* Returns 0, or the nonzero condition code of SERVC (then no interruption comes). */
int sclp_service_call(uint32_t command, void *sccb)
{
	int cc;

	sclp_busy = 1;
	do {
		asm volatile(".insn rre,0xb2200000,%1,%2\n\tipm %0\n\tsrl %0,28"
			     : "=d"(cc) : "d"(command), "a"(sccb) : "cc", "memory");
	} while (cc == 2);
	if (cc != 0) {
		sclp_busy = 0;
		return cc;
	}
	while (sclp_busy)
		enabled_wait();
	return 0;
}

int sclp_set_event_mask(uint32_t cp_receive, uint32_t cp_send)
{
	struct mask_sccb {
		struct sccb_header h;
		uint16_t reserved;
		uint16_t mask_length;
		uint32_t cp_receive, cp_send, sclp_receive, sclp_send;
	} __attribute__((packed)) *s = (void *)sccb_page;

	sccb_clear();
	s->h.length = sizeof(*s);
	s->mask_length = 4;
	s->cp_receive = cp_receive;
	s->cp_send = cp_send;
	if (sclp_service_call(SCLP_CMDW_WRITE_EVENT_MASK, s) != 0)
		return -1;
	sclp_receive_mask = s->sclp_receive;
	sclp_send_mask = s->sclp_send;
	return s->h.response_code == SCLP_RC_NORMAL_COMPLETION ? 0 : -1;
}

int sclp_vt220_write(const char *text, unsigned int n)
{
	struct sccb_header *h = (void *)sccb_page;
	struct event_header *e = (void *)(h + 1);
	char *p = (char *)(e + 1);

	sccb_clear();
	for (unsigned int i = 0; i < n; i++)
		p[i] = text[i];
	e->length = sizeof(*e) + n;
	e->type = EVTYP_VT220MSG;
	h->length = sizeof(*h) + e->length;
	if (sclp_service_call(SCLP_CMDW_WRITE_EVENT_DATA, h) != 0)
		return -1;
	return h->response_code;
}

/* Line-mode message: event header, MDB header, GO object, one MTO with the text
   (ASCII here; the SCLP converts EBCDIC only for operator consoles). */
int sclp_linemode_write(const char *text)
{
	unsigned int n = 0;

	while (text[n])
		n++;
	return sclp_linemode_write_n((const uint8_t *)text, n);
}

int sclp_linemode_write_n(const uint8_t *text, unsigned int n)
{
	struct mdb_header {
		uint16_t length;
		uint16_t type;		/* 1: message data block */
		uint32_t tag;		/* "MDB " in EBCDIC */
		uint32_t revision;
	} __attribute__((packed));
	struct go {
		uint16_t length;
		uint16_t type;		/* 1: general object */
		uint32_t domid;
		uint8_t hhmmss_time[8];
		uint8_t th_time[3];
		uint8_t reserved_0;
		uint8_t dddyyyy_date[7];
		uint8_t _reserved_1;
		uint16_t general_msg_flags;
		uint8_t _reserved_2[10];
		uint8_t originating_system_name[8];
		uint8_t job_guest_name[8];
	} __attribute__((packed));
	struct mto {
		uint16_t length;
		uint16_t type;		/* 4: message text object */
		uint16_t line_type_flags;
		uint8_t alarm_control;
		uint8_t _reserved[3];
	} __attribute__((packed));
	struct sccb_header *h = (void *)sccb_page;
	struct event_header *e = (void *)(h + 1);
	struct mdb_header *m = (void *)(e + 1);
	struct go *g = (void *)(m + 1);
	struct mto *t = (void *)(g + 1);
	uint8_t *p = (uint8_t *)(t + 1);

	sccb_clear();
	for (unsigned int i = 0; i < n; i++)
		p[i] = text[i];
	t->length = sizeof(*t) + n;
	t->type = 4;
	t->line_type_flags = 0x1000;	/* data line */
	g->length = sizeof(*g);
	g->type = 1;
	m->length = sizeof(*m) + g->length + t->length;
	m->type = 1;
	m->tag = 0xd4c4c240;		/* "MDB " */
	m->revision = 1;
	e->length = sizeof(*e) + m->length;
	e->type = EVTYP_MSG;
	h->length = sizeof(*h) + e->length;
	if (sclp_service_call(SCLP_CMDW_WRITE_EVENT_DATA, h) != 0)
		return -1;
	return h->response_code;
}
