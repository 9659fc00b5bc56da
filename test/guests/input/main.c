/* Console input: the guest asks for VT220 events (write event mask), then reads event
   data until a line has arrived and echoes it. The run's input comes from QEMU's stdin
   (goldens.json "input"), on Kuli from MachineOptions.consoleInput. */
#include "guest.h"

#define EVTYP_VT220_MASK (0x80000000u >> (0x1a - 1))
#define SCLP_CMDW_READ_EVENT_DATA 0x00770005u

static uint8_t page[4096] __attribute__((aligned(4096)));

int main(void)
{
	char line[128];
	unsigned int n = 0, reads = 0, empty = 0;

	if (sclp_set_event_mask(EVTYP_VT220_MASK, EVTYP_VT220_MASK) != 0)
		return 1;
	printf("receive mask accepted, sclp sends %s\n", sclp_send_mask & EVTYP_VT220_MASK ? "vt220 input" : "NO vt220 input");
	while (n < sizeof(line) - 1 && reads < 100000) {
		for (unsigned int i = 0; i < sizeof(page); i++)
			page[i] = 0;
		*(uint16_t *)page = sizeof(page);
		if (sclp_service_call(SCLP_CMDW_READ_EVENT_DATA, page) != 0)
			return 2;
		reads++;
		uint16_t rc = *(uint16_t *)(page + 6);
		if (rc == 0x60f0) {
			empty++;
			continue;
		}
		if (rc != 0x0020) {
			printf("read event data: response %04x\n", rc);
			return 3;
		}
		uint16_t elen = *(uint16_t *)(page + 8);
		printf("event type %02x flags %02x, %u bytes:", page[10], page[11], elen - 6);
		for (unsigned int i = 14; i < 8u + elen; i++)
			printf(" %02x", page[i]);
		printf("\n");
		/* The data starts with a type byte: 0, an ASCII string follows. */
		for (unsigned int i = 15; i < 8u + elen && n < sizeof(line) - 1; i++)
			line[n++] = page[i];
		if (n && line[n - 1] == '\n')
			break;
	}
	line[n] = 0;
	printf("got: %s", line);
	return 0;
}
