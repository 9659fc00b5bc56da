/* CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320) three ways -- bit by bit, with a
   256-entry table, and slicing by 4 -- over the standard check string and generated
   buffers of many lengths and alignments; all three must agree and match the known
   check values. */
#include "rt/lib.h"

#define POLY 0xedb88320u

static uint32_t table[4][256];

static void make_tables(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;
		for (int k = 0; k < 8; k++)
			c = (c & 1) ? (c >> 1) ^ POLY : c >> 1;
		table[0][i] = c;
	}
	for (uint32_t i = 0; i < 256; i++)
		for (int t = 1; t < 4; t++)
			table[t][i] = (table[t - 1][i] >> 8) ^ table[0][table[t - 1][i] & 0xff];
}

static uint32_t crc_bitwise(const uint8_t *p, size_t n)
{
	uint32_t c = 0xffffffffu;
	while (n--) {
		c ^= *p++;
		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (POLY & -(c & 1));
	}
	return ~c;
}

static uint32_t crc_table(const uint8_t *p, size_t n)
{
	uint32_t c = 0xffffffffu;
	while (n--)
		c = table[0][(c ^ *p++) & 0xff] ^ (c >> 8);
	return ~c;
}

static uint32_t crc_slice4(const uint8_t *p, size_t n)
{
	uint32_t c = 0xffffffffu;
	while (n >= 4) {
		/* Little-endian word assembly, as the reflected CRC consumes bytes. */
		uint32_t w = c ^ ((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24);
		c = table[3][w & 0xff] ^ table[2][(w >> 8) & 0xff] ^ table[1][(w >> 16) & 0xff] ^ table[0][w >> 24];
		p += 4;
		n -= 4;
	}
	while (n--)
		c = table[0][(c ^ *p++) & 0xff] ^ (c >> 8);
	return ~c;
}

static uint8_t buf[4096 + 8];

int main(void)
{
	make_tables();
	put_str("crc32 table[1]=");
	put_hex(table[0][1], 8);
	put_str(" table[255]=");
	put_hex(table[0][255], 8);
	put_char('\n');

	static const char check_string[] = "123456789";
	uint32_t c = crc_table((const uint8_t *)check_string, 9);
	put_str("crc32(\"123456789\")=");
	put_hex(c, 8);
	put_char('\n');
	check(c == 0xcbf43926u, "check value of \"123456789\"");
	check(crc_bitwise((const uint8_t *)"", 0) == 0, "empty input");
	static const char fox[] = "The quick brown fox jumps over the lazy dog";
	c = crc_slice4((const uint8_t *)fox, sizeof(fox) - 1);
	put_str("crc32(fox)=");
	put_hex(c, 8);
	put_char('\n');
	check(c == 0x414fa339u, "check value of the fox sentence");

	uint64_t seed = 0x0123456789abcdefull;
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(rand64(&seed) >> 56);
	uint32_t folded = 0;
	int agree = 1;
	static const size_t lengths[] = { 1, 2, 3, 4, 5, 7, 8, 15, 16, 31, 63, 64, 255, 256, 1000, 4095, 4096 };
	for (size_t li = 0; li < sizeof(lengths) / sizeof(lengths[0]); li++) {
		for (size_t off = 0; off < 4; off++) {
			size_t n = lengths[li];
			uint32_t a = crc_bitwise(buf + off, n);
			uint32_t b = crc_table(buf + off, n);
			uint32_t s = crc_slice4(buf + off, n);
			if (a != b || b != s)
				agree = 0;
			folded = (folded << 5 | folded >> 27) ^ s;
			if (off == 0) {
				put_str("len ");
				put_u64(n);
				put_str(" crc ");
				put_hex(s, 8);
				put_char('\n');
			}
		}
	}
	check(agree, "bitwise, table and slice-by-4 agree");
	put_str("folded ");
	put_hex(folded, 8);
	put_char('\n');
	/* Appending the little-endian CRC of a message gives the fixed residue. */
	c = crc_table(buf, 100);
	buf[100] = (uint8_t)c;
	buf[101] = (uint8_t)(c >> 8);
	buf[102] = (uint8_t)(c >> 16);
	buf[103] = (uint8_t)(c >> 24);
	check(crc_table(buf, 104) == 0x2144df1cu, "CRC residue");
	put_checksum();
	return fails();
}
