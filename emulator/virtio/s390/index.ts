// The s390-virtio transport (the 2008 KVM design's device page above guest memory):
// s390VirtioWindow sizes MachineOptions.deviceWindow, attachS390Virtio puts devices on it.
export { attachS390Virtio, EINVAL, s390VirtioBusOf, S390VirtioBus, VIRTIO_EXT_SUBCODE, VIRTIO_PARAM, type S390VirtioHost, type S390VirtioOptions, type S390VirtioStats } from './transport';
export { layoutWindow, s390VirtioWindow, S390VirtioError, type DevicePlace, type RingPlace, type WindowLayout } from './layout';
