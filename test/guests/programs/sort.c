/* Sorting: a generic quicksort with the qsort interface (element size and comparison
   function; median of three, insertion sort for short runs) and a stable top-down merge
   sort, over integer arrays of several shapes and over records. Every result is checked
   to be ordered and a permutation of the input (sum and xor), and the merge sort stable. */
#include "rt/lib.h"

typedef int (*compare_fn)(const void *, const void *);

static void swap_bytes(unsigned char *a, unsigned char *b, size_t size)
{
	while (size--) {
		unsigned char t = *a;
		*a++ = *b;
		*b++ = t;
	}
}

static void insertion_sort(unsigned char *base, size_t n, size_t size, compare_fn cmp)
{
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && cmp(base + (j - 1) * size, base + j * size) > 0; j--)
			swap_bytes(base + (j - 1) * size, base + j * size, size);
}

static void quick_sort(void *array, size_t n, size_t size, compare_fn cmp)
{
	unsigned char *base = array;
	while (n > 12) {
		unsigned char *lo = base, *mid = base + (n / 2) * size, *hi = base + (n - 1) * size;
		if (cmp(mid, lo) < 0) swap_bytes(mid, lo, size);
		if (cmp(hi, mid) < 0) {
			swap_bytes(hi, mid, size);
			if (cmp(mid, lo) < 0) swap_bytes(mid, lo, size);
		}
		/* The median goes to the front as the pivot; Hoare partition around it. */
		swap_bytes(base, mid, size);
		size_t i = 0, j = n;
		for (;;) {
			do i++; while (i < n && cmp(base + i * size, base) < 0);
			do j--; while (cmp(base + j * size, base) > 0);
			if (i >= j) break;
			swap_bytes(base + i * size, base + j * size, size);
		}
		swap_bytes(base, base + j * size, size);
		/* Recurse into the smaller side, loop on the larger: bounded stack depth. */
		size_t left = j, right = n - j - 1;
		if (left < right) {
			quick_sort(base, left, size, cmp);
			base += (j + 1) * size;
			n = right;
		} else {
			quick_sort(base + (j + 1) * size, right, size, cmp);
			n = left;
		}
	}
	insertion_sort(base, n, size, cmp);
}

struct record {
	int32_t key;
	uint32_t order;		/* input position, to check stability */
	uint64_t payload;
};

static void merge_sort(struct record *a, struct record *tmp, size_t n)
{
	if (n < 2) return;
	size_t h = n / 2;
	merge_sort(a, tmp, h);
	merge_sort(a + h, tmp, n - h);
	size_t i = 0, j = h, k = 0;
	while (i < h && j < n)
		tmp[k++] = a[j].key < a[i].key ? a[j++] : a[i++];
	while (i < h) tmp[k++] = a[i++];
	while (j < n) tmp[k++] = a[j++];
	for (k = 0; k < n; k++) a[k] = tmp[k];
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

static int cmp_u16(const void *a, const void *b)
{
	return (int)*(const uint16_t *)a - (int)*(const uint16_t *)b;
}

static int cmp_record(const void *a, const void *b)
{
	const struct record *x = a, *y = b;
	if (x->key != y->key) return x->key < y->key ? -1 : 1;
	return (x->order > y->order) - (x->order < y->order);
}

#define N 2000
static int64_t v[N];
static uint16_t h[N];
static struct record r[N], tmp[N];

static void report_i64(const char *shape, size_t n)
{
	uint64_t sum = 0, x = 0;
	for (size_t i = 0; i < n; i++) {
		sum += (uint64_t)v[i];
		x ^= (uint64_t)v[i] * (i + 1);
	}
	put_str(shape);
	put_str(": n=");
	put_u64(n);
	put_str(" min=");
	put_i64(v[0]);
	put_str(" median=");
	put_i64(v[n / 2]);
	put_str(" max=");
	put_i64(v[n - 1]);
	put_str(" sum=");
	put_hex(sum, 16);
	put_str(" weighted=");
	put_hex(x, 16);
	put_char('\n');
}

static void sort_and_check(const char *shape, size_t n)
{
	uint64_t sum_before = 0, xor_before = 0, sum_after = 0, xor_after = 0;
	for (size_t i = 0; i < n; i++) { sum_before += (uint64_t)v[i]; xor_before ^= (uint64_t)v[i]; }
	quick_sort(v, n, sizeof(v[0]), cmp_i64);
	int ordered = 1;
	for (size_t i = 0; i < n; i++) {
		sum_after += (uint64_t)v[i];
		xor_after ^= (uint64_t)v[i];
		if (i && v[i - 1] > v[i]) ordered = 0;
	}
	check(ordered, shape);
	check(sum_before == sum_after && xor_before == xor_after, "quicksort keeps the elements");
	report_i64(shape, n);
}

int main(void)
{
	uint64_t seed = 42;
	for (size_t i = 0; i < N; i++) v[i] = (int64_t)rand64(&seed);
	sort_and_check("random", N);
	sort_and_check("sorted", N);
	for (size_t i = 0; i < N; i++) v[i] = (int64_t)(N - i) * 3 - 1000;
	sort_and_check("reversed", N);
	for (size_t i = 0; i < N; i++) v[i] = (int64_t)(rand64(&seed) % 7) - 3;
	sort_and_check("few distinct", N);
	for (size_t i = 0; i < N; i++) v[i] = i % 2 ? INT64_MIN + (int64_t)i : INT64_MAX - (int64_t)i;
	sort_and_check("extremes", N);
	for (size_t n = 0; n < 20; n++) {
		for (size_t i = 0; i < n; i++) v[i] = (int64_t)(rand64(&seed) % 10);
		sort_and_check("short", n ? n : 1);
	}

	for (size_t i = 0; i < N; i++) h[i] = (uint16_t)rand64(&seed);
	quick_sort(h, N, sizeof(h[0]), cmp_u16);
	int ordered = 1;
	uint32_t hsum = 0;
	for (size_t i = 0; i < N; i++) {
		if (i && h[i - 1] > h[i]) ordered = 0;
		hsum = hsum * 31 + h[i];
	}
	check(ordered, "halfwords ordered");
	put_str("halfwords: first=");
	put_u64(h[0]);
	put_str(" last=");
	put_u64(h[N - 1]);
	put_str(" hash=");
	put_hex(hsum, 8);
	put_char('\n');

	for (size_t i = 0; i < N; i++) {
		r[i].key = (int32_t)(rand64(&seed) % 50) - 25;
		r[i].order = (uint32_t)i;
		r[i].payload = rand64(&seed);
	}
	merge_sort(r, tmp, N);
	int stable = 1;
	for (size_t i = 1; i < N; i++)
		if (cmp_record(&r[i - 1], &r[i]) > 0) stable = 0;
	check(stable, "merge sort ordered and stable");
	uint64_t rh = 0;
	for (size_t i = 0; i < N; i++) rh = (rh << 7 | rh >> 57) ^ r[i].payload ^ r[i].order;
	put_str("records: first key=");
	put_i64(r[0].key);
	put_str(" order=");
	put_u64(r[0].order);
	put_str(" last key=");
	put_i64(r[N - 1].key);
	put_str(" order=");
	put_u64(r[N - 1].order);
	put_str(" hash=");
	put_hex(rh, 16);
	put_char('\n');
	/* Quicksort on records with the tie-break gives the same order as the stable sort. */
	for (size_t i = 0; i < N; i++) tmp[i] = r[(i * 7919) % N];
	quick_sort(tmp, N, sizeof(tmp[0]), cmp_record);
	check(memcmp(tmp, r, sizeof(r)) == 0, "quicksort with tie-break equals merge sort");
	put_checksum();
	return fails();
}
