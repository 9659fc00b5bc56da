// virtio-net architected values (virtio 1.x, "Network Device"): feature bits, the
// configuration-space layout, status bits, queue numbers and the virtio_net_hdr layout.

/** Device feature bits (bit numbers). */
export const VIRTIO_NET_F = {
  CSUM: 0,
  GUEST_CSUM: 1,
  MTU: 3,
  MAC: 5,
  MRG_RXBUF: 15,
  STATUS: 16,
  CTRL_VQ: 17,
} as const;

/** Configuration space: mac[6], then le16 status. */
export const NET_CONFIG = {
  MAC: 0,
  STATUS: 6,
  SIZE: 8,
} as const;

/** Bits of the configuration status field. */
export const VIRTIO_NET_S = {
  LINK_UP: 1,
  ANNOUNCE: 2,
} as const;

/** Queue numbers with one queue pair and no control queue. */
export const NET_QUEUE = {
  RX: 0,
  TX: 1,
} as const;

/**
 * virtio_net_hdr: flags u8, gso_type u8, le16 hdr_len, gso_size, csum_start, csum_offset,
 * then le16 num_buffers, present with VERSION_1 or MRG_RXBUF (12 bytes, else 10).
 */
export const NET_HDR = {
  FLAGS: 0,
  GSO_TYPE: 1,
  NUM_BUFFERS: 10,
  LEGACY_SIZE: 10,
  SIZE: 12,
} as const;

/** virtio_net_hdr gso_type: no segmentation offload. */
export const VIRTIO_NET_HDR_GSO_NONE = 0;
