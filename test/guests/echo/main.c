/* Interactive console demo: prompts on the VT220 console, echoes what is typed, answers
   each line, and ends (EXIT: STATUS=0, CPU stopped) on the line "exit". It polls SCLP
   read-event-data, so it runs until the user ends it: the extension's demo of console
   input and of Pause/Resume/Stop. */
#include "guest.h"

#define EVTYP_VT220_MASK (0x80000000u >> (0x1a - 1))
#define SCLP_CMDW_READ_EVENT_DATA 0x00770005u
/* Read-event-data response codes: event data returned / no event pending. */
#define SCLP_RC_EVENT_DATA 0x0020
#define SCLP_RC_NO_EVENT 0x60f0

static uint8_t page[4096] __attribute__((aligned(4096)));

static int same(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

int main(void)
{
	char line[128];
	unsigned int n = 0, lines = 0;

	if (sclp_set_event_mask(EVTYP_VT220_MASK, EVTYP_VT220_MASK) != 0)
		return 1;
	printf("Kuli echo guest: type a line (\"exit\" ends the guest).\n> ");
	/* printf buffers up to a newline: the prompt and typed characters go out at once. */
	console_flush();
	for (;;) {
		/* Only the header needs resetting: the SCCB length and response code. */
		*(uint16_t *)page = sizeof(page);
		*(uint16_t *)(page + 6) = 0;
		if (sclp_service_call(SCLP_CMDW_READ_EVENT_DATA, page) != 0)
			return 2;
		uint16_t rc = *(uint16_t *)(page + 6);
		if (rc == SCLP_RC_NO_EVENT)
			continue;
		if (rc != SCLP_RC_EVENT_DATA) {
			printf("read event data: response %04x\n", rc);
			return 3;
		}
		uint16_t elen = *(uint16_t *)(page + 8);
		/* Event header (6 bytes) then a type byte; the characters follow. */
		for (unsigned int i = 15; i < 8u + elen; i++) {
			char c = page[i];
			if (c == '\r')
				c = '\n';
			if (c != '\n') {
				if (n < sizeof(line) - 1) {
					line[n++] = c;
					printf("%c", c);
				}
				continue;
			}
			line[n] = 0;
			n = 0;
			lines++;
			if (same(line, "exit")) {
				printf("\nbye after %u line(s)\n", lines);
				return 0;
			}
			printf("\nline %u: %s\n> ", lines, line);
		}
		console_flush();
	}
}
