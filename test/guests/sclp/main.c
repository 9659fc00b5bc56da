/* SCLP service calls at the edges: SCCB lengths and addresses, event-buffer syntax,
   event-mask lengths, read-event-data function codes, read CPU info and command words
   with the ignored middle byte. Prints condition codes (100+code for a program
   interruption) and response codes. */
#include "guest.h"
extern volatile int sclp_busy;
static uint8_t pg[2][4096] __attribute__((aligned(4096)));
static volatile int pgm_seen; static volatile uint16_t pgm_code;
void on_program_interrupt(uint16_t code, uint16_t ilc) { (void)ilc; pgm_seen = 1; pgm_code = code; }
static int call(uint32_t cmd, void *sccb)
{
	int cc = 9;
	pgm_seen = 0;
	sclp_busy = 1;
	asm volatile("lhi %0,9\n\t.insn rre,0xb2200000,%1,%2\n\tipm %0\n\tsrl %0,28" : "+d"(cc) : "d"(cmd), "a"(sccb) : "cc", "memory");
	if (pgm_seen) { sclp_busy = 0; return 100 + pgm_code; }
	if (cc == 0) while (sclp_busy) enabled_wait();
	sclp_busy = 0;
	return cc;
}
static uint8_t *fresh(int len) { for (int i = 0; i < 4096; i++) pg[0][i] = 0; *(uint16_t *)pg[0] = len; return pg[0]; }
#define RC(s) (*(uint16_t *)((s) + 6))
int main(void)
{
	uint8_t *s;
	int lens[] = {143, 144, 145, 159, 160};
	for (unsigned i = 0; i < 5; i++) {
		s = fresh(lens[i]);
		int cc = call(0x00020001, s);
		printf("readinfo len %d cc %d rc %04x\n", lens[i], cc, RC(s));
	}
	s = fresh(4); printf("len4 wed cc %d rc %04x\n", call(0x00760005, s), RC(s));
	s = fresh(4); printf("len4 readinfo cc %d rc %04x\n", call(0x00020001, s), RC(s));
	s = fresh(0); printf("len0 readinfo cc %d rc %04x\n", call(0x00020001, s), RC(s));
	s = fresh(8); printf("len8 wed cc %d rc %04x\n", call(0x00760005, s), RC(s));
	s = fresh(16); *(uint16_t *)(s + 8) = 4; s[10] = 0x1a; printf("evlen4 wed cc %d rc %04x\n", call(0x00760005, s), RC(s));
	s = fresh(16); *(uint16_t *)(s + 8) = 7; s[10] = 0x1a; s[14] = 'x'; printf("evlen7 of 8 wed cc %d rc %04x flags %02x\n", call(0x00760005, s), RC(s), s[11]);
	s = fresh(16); *(uint16_t *)(s + 8) = 12; s[10] = 0x1a; printf("evlen12 of 8 wed cc %d rc %04x\n", call(0x00760005, s), RC(s));
	s = fresh(16); *(uint16_t *)(s + 8) = 8; s[10] = 0x1a; s[14]='A'; s[15]='\n'; printf("ok vt wed cc %d rc %04x flags %02x\n", call(0x00760005, s), RC(s), s[11]);
	s = fresh(16); s[2] = 1; *(uint16_t *)(s + 8) = 8; s[10] = 0x1a; s[14]='B'; s[15]='\n'; printf("fc1 wed cc %d rc %04x\n", call(0x00760005, s), RC(s));
	s = fresh(16); *(uint16_t *)(s + 8) = 8; s[10] = 0x33; printf("type33 wed cc %d rc %04x\n", call(0x00760005, s), RC(s));
	s = fresh(28); *(uint16_t *)(s + 10) = 0; printf("wem mlen0 cc %d rc %04x\n", call(0x00780005, s), RC(s));
	s = fresh(44); *(uint16_t *)(s + 10) = 8; *(uint32_t *)(s + 20) = 0x40; printf("wem mlen8 cc %d rc %04x ", call(0x00780005, s), RC(s));
	for (int i = 12; i < 44; i++)
		printf("%02x", s[i]);
	printf("\n");
	s = fresh(16); *(uint16_t *)(s + 10) = 2; *(uint16_t *)(s + 14) = 0x0040; printf("wem mlen2 cc %d rc %04x ", call(0x00780005, s), RC(s));
	for (int i = 12; i < 20; i++)
		printf("%02x", s[i]);
	printf("\n");
	sclp_set_event_mask(0, 0x40);
	s = fresh(2048); printf("red len2048 cc %d rc %04x\n", call(0x00770005, s), RC(s));
	s = fresh(4096); s[2] = 0x80; printf("red selective cc %d rc %04x\n", call(0x00770005, s), RC(s));
	s = fresh(4096); s[2] = 0x33; printf("red fc33 cc %d rc %04x\n", call(0x00770005, s), RC(s));
	s = fresh(4096); s[7]=0; s[5] = 0x80; printf("red varlen cc %d rc %04x len %d cm %02x\n", call(0x00770005, s), RC(s), *(uint16_t*)s, s[5]);
	s = fresh(4096); printf("readcpuinfo cc %d rc %04x:", call(0x00010001, s), RC(s));
	/* Bytes 14-15 (standby offset) are left out: QEMU 7.2 stores them byte-swapped. */
	for (int i = 8; i < 40; i++)
		if (i < 14 || i >= 16)
			printf("%02x", s[i]);
	printf("\n");
	s = fresh(4096); printf("cmd 00760105 cc %d rc %04x\n", call(0x00760105, s), RC(s));
	s = fresh(4096); printf("cmd 00020101 cc %d rc %04x\n", call(0x00020101, s), RC(s));
	printf("sccb 0x1000 cc %d\n", call(0x00020001, (void *)0x1000ul));
	printf("sccb 0x2000 cc %d rc %04x\n", call(0x00020001, (void *)0x2000ul), RC((uint8_t*)0x2000ul));
	printf("sccb 0x10000000 cc %d\n", call(0x00020001, (void *)0x10000000ul));
	printf("sccb 0x80000000 cc %d\n", call(0x00020001, (void *)0x80000000ul));
	printf("sccb 0x100002000 cc %d\n", call(0x00020001, (void *)0x100002000ul));
	printf("ext param %08x\n", LC32(0x80));
	return 0;
}
