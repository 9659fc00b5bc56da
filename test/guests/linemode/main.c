/* Line-mode console output: message events (type 0x02) holding an MDB with a general
   object and message-text objects in EBCDIC; every byte value once, so the golden
   output records the console's EBCDIC-to-ASCII conversion. Runs on QEMU with
   -device sclplmconsole (see Makefile), on Kuli with the line-mode console enabled. */
#include "guest.h"

#define EVTYP_MSG_MASK    (0x80000000u >> (0x02 - 1))
#define EVTYP_VT220_MASK  (0x80000000u >> (0x1a - 1))
#define SCLP_CMDW_WRITE_EVENT_DATA 0x00760005u

/* One message with two message-text objects: two console lines. */
static int write_two_mtos(const char *a, const char *b)
{
	uint8_t *s = sccb_page;
	unsigned int at, la = 0, lb = 0, mdb;

	while (a[la])
		la++;
	while (b[lb])
		lb++;
	for (unsigned int i = 0; i < sizeof(sccb_page); i++)
		s[i] = 0;
	at = 8 + 6;			/* SCCB header, event header */
	mdb = at;
	at += 12;			/* MDB header */
	*(uint16_t *)(s + at) = 48;	/* general object, type 1 */
	*(uint16_t *)(s + at + 2) = 1;
	at += 48;
	*(uint16_t *)(s + at) = 10 + la;
	*(uint16_t *)(s + at + 2) = 4;
	to_ebcdic(s + at + 10, a, la);
	at += 10 + la;
	*(uint16_t *)(s + at) = 10 + lb;
	*(uint16_t *)(s + at + 2) = 4;
	to_ebcdic(s + at + 10, b, lb);
	at += 10 + lb;
	*(uint16_t *)(s + mdb) = at - mdb;
	*(uint16_t *)(s + mdb + 2) = 1;
	*(uint32_t *)(s + mdb + 4) = 0xd4c4c240;	/* "MDB " */
	*(uint32_t *)(s + mdb + 8) = 1;
	*(uint16_t *)(s + 8) = at - 8;
	s[10] = 0x02;
	*(uint16_t *)s = at;
	if (sclp_service_call(SCLP_CMDW_WRITE_EVENT_DATA, s) != 0)
		return -1;
	return *(uint16_t *)(s + 6);
}

int main(void)
{
	uint8_t row[32];

	sclp_set_event_mask(0, EVTYP_MSG_MASK | EVTYP_VT220_MASK);
	console_linemode = 1;
	printf("Hello from the line-mode console\n");
	{
		int rc = write_two_mtos("first object", "second object");
		printf("two objects: rc %04x\n", rc);
	}
	for (int r = 0; r < 256; r += 32) {
		for (int c = 0; c < 32; c++)
			row[c] = r + c;
		sclp_linemode_write_n(row, 32);
	}
	return 0;
}
