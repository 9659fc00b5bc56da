/* CPU-bound benchmark guest: CRC-32, a prime sieve, insertion/merge sorting, an integer
   matrix product and string scanning, repeated ROUNDS times. Prints one checksum per
   kernel so a wrong result is visible, then EXIT: STATUS=0. Used by `npm run bench`
   (tools/bench/) to compare kuli with QEMU TCG on the same instructions. */
#include "guest.h"

#ifndef ROUNDS
#define ROUNDS 200
#endif

static uint32_t crc_table[256];
static uint8_t buffer[16384];
static uint8_t sieve[65536];
static int32_t sort_a[2048], sort_b[2048];
static int32_t mat_a[24][24], mat_b[24][24], mat_c[24][24];

static uint64_t rng_state = 0x2545f4914f6cdd1dull;
static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static uint32_t crc32(const uint8_t *p, unsigned int n)
{
	uint32_t c = 0xffffffffu;
	while (n--)
		c = crc_table[(c ^ *p++) & 0xff] ^ (c >> 8);
	return ~c;
}

static unsigned int primes(void)
{
	unsigned int count = 0;
	for (unsigned int i = 0; i < sizeof(sieve); i++)
		sieve[i] = 1;
	for (unsigned int i = 2; i < sizeof(sieve); i++) {
		if (!sieve[i])
			continue;
		count++;
		for (unsigned int j = i * 2; j < sizeof(sieve); j += i)
			sieve[j] = 0;
	}
	return count;
}

static void merge_sort(int32_t *a, int32_t *tmp, unsigned int n)
{
	if (n < 16) {
		for (unsigned int i = 1; i < n; i++) {
			int32_t v = a[i];
			unsigned int j = i;
			while (j > 0 && a[j - 1] > v) {
				a[j] = a[j - 1];
				j--;
			}
			a[j] = v;
		}
		return;
	}
	unsigned int h = n / 2;
	merge_sort(a, tmp, h);
	merge_sort(a + h, tmp, n - h);
	unsigned int i = 0, j = h, k = 0;
	while (i < h && j < n)
		tmp[k++] = a[i] <= a[j] ? a[i++] : a[j++];
	while (i < h)
		tmp[k++] = a[i++];
	while (j < n)
		tmp[k++] = a[j++];
	for (k = 0; k < n; k++)
		a[k] = tmp[k];
}

static uint64_t matrix(void)
{
	uint64_t sum = 0;
	for (int i = 0; i < 24; i++)
		for (int j = 0; j < 24; j++) {
			int32_t s = 0;
			for (int k = 0; k < 24; k++)
				s += mat_a[i][k] * mat_b[k][j];
			mat_c[i][j] = s;
			sum += (uint32_t)s;
		}
	return sum;
}

static uint64_t scan(void)
{
	uint64_t h = 1469598103934665603ull;
	for (unsigned int i = 0; i < sizeof(buffer); i++) {
		if (buffer[i] == ' ')
			continue;
		h = (h ^ buffer[i]) * 1099511628211ull;
	}
	return h;
}

int main(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;
		for (int k = 0; k < 8; k++)
			c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
		crc_table[i] = c;
	}
	uint32_t crc = 0;
	unsigned int nprimes = 0;
	uint64_t sorted = 0, mat = 0, hash = 0;
	for (int round = 0; round < ROUNDS; round++) {
		for (unsigned int i = 0; i < sizeof(buffer); i++)
			buffer[i] = (uint8_t)rng();
		crc ^= crc32(buffer, sizeof(buffer));
		nprimes += primes();
		for (unsigned int i = 0; i < 2048; i++)
			sort_a[i] = (int32_t)rng();
		merge_sort(sort_a, sort_b, 2048);
		for (unsigned int i = 1; i < 2048; i++)
			if (sort_a[i - 1] > sort_a[i])
				sorted += 1000000;
		sorted += (uint32_t)sort_a[1024];
		for (int i = 0; i < 24; i++)
			for (int j = 0; j < 24; j++) {
				mat_a[i][j] = (int32_t)(rng() & 0xffff) - 0x8000;
				mat_b[i][j] = (int32_t)(rng() & 0xffff) - 0x8000;
			}
		mat += matrix();
		hash ^= scan();
	}
	printf("crc %08x primes %u sorted %lx matrix %lx scan %lx\n", crc, nprimes,
	       (unsigned long)sorted, (unsigned long)mat, (unsigned long)hash);
	guest_exit(0);
}
