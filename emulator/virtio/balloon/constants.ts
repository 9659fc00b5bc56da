// virtio-balloon architected values (virtio 1.x, "Traditional Memory Balloon Device"):
// feature bits, configuration layout, page-frame size of the PFN queues and the memory
// statistics tags.

/** Device feature bits (bit numbers). */
export const VIRTIO_BALLOON_F = {
  MUST_TELL_HOST: 0,
  STATS_VQ: 1,
  DEFLATE_ON_OOM: 2,
  FREE_PAGE_HINT: 3,
  PAGE_POISON: 4,
  PAGE_REPORTING: 5,
} as const;

/** Configuration space: le32 num_pages (host's target), le32 actual (driver's count). */
export const BALLOON_CONFIG = {
  NUM_PAGES: 0,
  ACTUAL: 4,
  SIZE: 8,
} as const;

/** The inflate and deflate queues carry le32 frame numbers of 4 KiB pages, whatever the guest's page size. */
export const BALLOON_PAGE_SHIFT = 12;
export const BALLOON_PAGE = 1 << BALLOON_PAGE_SHIFT;
export const PFN_BYTES = 4;

/** Fixed queue numbers; stats and reporting follow at the next free numbers when negotiated. */
export const BALLOON_QUEUE = {
  INFLATE: 0,
  DEFLATE: 1,
} as const;

/** A statistics entry: le16 tag, le64 value. */
export const STAT_ENTRY_BYTES = 10;

/** Statistics tags, by name as the Statistics view shows them. */
export const BALLOON_STAT_TAGS: readonly string[] = [
  'swap-in', // 0: pages swapped in
  'swap-out', // 1: pages swapped out
  'major-faults', // 2
  'minor-faults', // 3
  'free-memory', // 4: bytes
  'total-memory', // 5: bytes
  'available-memory', // 6: bytes
  'disk-caches', // 7: bytes
  'hugetlb-allocations', // 8
  'hugetlb-failures', // 9
];
