// The s390-virtio transport's numbers against the recorded facts of the 2008 design (no
// QEMU or Linux runs this transport any more, so these records are the oracle):
// Linux arch/s390/include/asm/kvm_virtio.h and drivers/s390/kvm/kvm_virtio.c (struct
// kvm_device_desc, struct kvm_vqconfig, KVM_S390_VIRTIO_* subcodes, RING_ALIGN 4096,
// VIRTIO_SUBCODE_64 0x0D00, external interruption 0x2603), QEMU hw/s390x/s390-virtio-bus.h
// (VIRTIO_DEV_OFFS_*, VIRTIO_VQCONFIG_OFFS_*, VIRTIO_VQCONFIG_LEN 24, VIRTIO_RING_LEN
// 3 pages, VIRTIO_PARAM_*), KVM's __deliver_virtio (0x2603 at 0x86, VIRTIO_PARAM 0x0d00
// at 0x84, ext_params at 0x80, ext_params2 at 0x11b8), and Linux's vring_size() formula.
import { describe, expect, test } from 'vitest';
import { LOWCORE } from '../../../emulator/cpu/interrupts';
import { EXT_CODE, EXT_PARAMS2 } from '../../../emulator/machine/vcpu';
import { DIAG500_REG, DIAG500_SUBCODE } from '../../../emulator/virtio/diag500';
import { DESC, legacyRing, MAX_QUEUES, RING_ALIGN, VQ_CONFIG } from '../../../emulator/virtio/s390/layout';
import { EINVAL, VIRTIO_EXT_SUBCODE, VIRTIO_PARAM } from '../../../emulator/virtio/s390';

/** Linux's vring_size(num, align) for the legacy layout. */
function vringSize(num: number, align: number): number {
  return Math.ceil((16 * num + 2 * (3 + num)) / align) * align + 2 * 3 + 8 * num;
}

describe('recorded facts of the 2008 transport', () => {
  const facts: { name: string; ours: number; fact: number }[] = [
    { name: 'VIRTIO_DEV_OFFS_TYPE', ours: DESC.TYPE, fact: 0 },
    { name: 'VIRTIO_DEV_OFFS_NUM_VQ', ours: DESC.NUM_VQ, fact: 1 },
    { name: 'VIRTIO_DEV_OFFS_FEATURE_LEN', ours: DESC.FEATURE_LEN, fact: 2 },
    { name: 'VIRTIO_DEV_OFFS_CONFIG_LEN', ours: DESC.CONFIG_LEN, fact: 3 },
    { name: 'VIRTIO_DEV_OFFS_STATUS', ours: DESC.STATUS, fact: 4 },
    { name: 'VIRTIO_DEV_OFFS_CONFIG (first vq config)', ours: DESC.VQ_CONFIG, fact: 5 },
    { name: 'VIRTIO_VQCONFIG_OFFS_TOKEN', ours: VQ_CONFIG.TOKEN, fact: 0 },
    { name: 'VIRTIO_VQCONFIG_OFFS_ADDRESS', ours: VQ_CONFIG.ADDRESS, fact: 8 },
    { name: 'VIRTIO_VQCONFIG_OFFS_NUM', ours: VQ_CONFIG.NUM, fact: 16 },
    { name: 'VIRTIO_VQCONFIG_LEN', ours: VQ_CONFIG.SIZE, fact: 24 },
    { name: 'KVM_S390_VIRTIO_RING_ALIGN', ours: RING_ALIGN, fact: 4096 },
    { name: 'VIRTIO_S390_QUEUE_MAX', ours: MAX_QUEUES, fact: 64 },
    { name: 'KVM_S390_VIRTIO_NOTIFY', ours: DIAG500_SUBCODE.S390_VIRTIO_NOTIFY, fact: 0 },
    { name: 'KVM_S390_VIRTIO_RESET', ours: DIAG500_SUBCODE.S390_VIRTIO_RESET, fact: 1 },
    { name: 'KVM_S390_VIRTIO_SET_STATUS', ours: DIAG500_SUBCODE.S390_VIRTIO_SET_STATUS, fact: 2 },
    { name: 'KVM_S390_VIRTIO_CCW_NOTIFY', ours: DIAG500_SUBCODE.CCW_NOTIFY, fact: 3 },
    { name: 'hypercall number register (asm("1"))', ours: DIAG500_REG.SUBCODE, fact: 1 },
    { name: 'hypercall argument/result register (asm("2"))', ours: DIAG500_REG.ARG0, fact: 2 },
    { name: 'EXT_IRQ_CP_SERVICE', ours: EXT_CODE.CP_SERVICE, fact: 0x2603 },
    { name: 'VIRTIO_SUBCODE_64 / VIRTIO_PARAM (lowcore 0x84)', ours: VIRTIO_EXT_SUBCODE, fact: 0x0d00 },
    { name: '__LC_EXT_PARAMS', ours: LOWCORE.EXT_PARAMS, fact: 0x80 },
    { name: '__LC_EXT_CPU_ADDR', ours: LOWCORE.EXT_CPU_ADDR, fact: 0x84 },
    { name: '__LC_EXT_INT_CODE', ours: LOWCORE.EXT_INT_CODE, fact: 0x86 },
    { name: '__LC_EXT_PARAMS2', ours: EXT_PARAMS2, fact: 0x11b8 },
    { name: 'VIRTIO_PARAM_VRING_INTERRUPT', ours: VIRTIO_PARAM.VRING_INTERRUPT, fact: 0 },
    { name: 'VIRTIO_PARAM_CONFIG_CHANGED', ours: VIRTIO_PARAM.CONFIG_CHANGED, fact: 1 },
    { name: 'VIRTIO_PARAM_DEV_ADD', ours: VIRTIO_PARAM.DEV_ADD, fact: 2 },
    { name: 'EINVAL', ours: EINVAL, fact: 22 },
  ];
  for (const f of facts) test(f.name, () => expect(f.ours).toBe(f.fact));

  for (const num of [1, 2, 64, 128, 256]) {
    test(`legacy ring of ${num} entries: vring_size(${num}, 4096) bytes, used ring aligned`, () => {
      const r = legacyRing(0x200_0000, num);
      expect(r.bytes).toBe(vringSize(num, 4096));
      expect(r.avail - r.desc).toBe(16 * num);
      expect(r.used % 4096).toBe(0);
    });
  }

  test('a 256-entry ring fits the seed\'s three-page ring slot (VIRTIO_RING_LEN)', () => {
    expect(legacyRing(0, 256).bytes).toBeLessThanOrEqual(3 * 4096);
  });
});
