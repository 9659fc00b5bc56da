// CHANNEL SUBSYSTEM CALL commands, as QEMU's s390-ccw-virtio machine answers them:
// store channel-subsystem characteristics, store channel-path description, set domain
// attributes (enable MCSS-E / multiple subchannel sets) and store event information
// (no events); every other command gets "command not provided".

/** CHSC command codes (request word 0, bits 16-31). */
export const CHSC_CMD = {
  STORE_CHANNEL_PATH_DESCRIPTION: 0x0002,
  STORE_EVENT_INFORMATION: 0x000e,
  STORE_CSS_CHARACTERISTICS: 0x0010,
  SET_DOMAIN_ATTRIBUTES: 0x0031,
} as const;

/** Response codes (response word 0, bits 16-31). */
export const CHSC_RESPONSE = {
  SUCCESS: 0x0001,
  INVALID_REQUEST: 0x0003,
  NOT_PROVIDED: 0x0004,
  NO_EVENTS: 0x0005,
  INVALID_FORMAT: 0x0007,
  INVALID_CSSID: 0x0008,
  NOT_SUPPORTED_FOR_DOMAIN: 0x0101,
} as const;

/** Set-domain-attributes operation codes. */
export const SDA_OPERATION = {
  ENABLE_MCSS_E: 0x0,
  ENABLE_MSS: 0x2,
} as const;

const RESPONSE_HEADER = 8;
/** Store CSS characteristics: response length and the characteristic words set. */
const SCSC_RESPONSE_LENGTH = 4080;
/** General characteristics words 0, 1, 3 (multiple subchannel sets, MCSS, FCS, ...). */
const GENERAL_CHARACTERISTICS: readonly [number, number][] = [[0, 0x0300_0000], [1, 0x0007_9000], [3, 0x0008_0000]];
/** CHSC characteristics words 0 and 3, after the 510 general-characteristics words. */
const CHSC_CHARACTERISTICS_OFFSET = 510 * 4;
const CHSC_CHARACTERISTICS: readonly [number, number][] = [[0, 0x4000_0000], [3, 0x0004_0000]];
const SCSC_REQUEST_LENGTH = 0x0010;
const SCPD_REQUEST_LENGTH = 0x0010;
const SDA_REQUEST_LENGTH = 0x0400;
/** Channel-path description format 0 entry size. */
const CHP_DESC_SIZE = 8;
const CHP_DESC_VALID = 0x80;

/** What the CHSC commands need from the channel subsystem. */
export interface ChscHost {
  /** True when the channel-subsystem image `cssid` exists. */
  cssPresent(cssid: number): boolean;
  /** Channel-path type of `chpid` in image `cssid`, or undefined if not installed. */
  channelPathType(cssid: number, chpid: number): number | undefined;
  enableMultipleCss(): void;
  enableMultipleSubchannelSets(): void;
}

/** Executes one CHSC request block; returns the response block. */
export function channelSubsystemCall(host: ChscHost, request: Uint8Array): Uint8Array {
  const req = new DataView(request.buffer, request.byteOffset, request.byteLength);
  const response = new Uint8Array(4096 - request.length);
  const res = new DataView(response.buffer);
  const answer = (code: number, length = RESPONSE_HEADER, parameter = 0): Uint8Array => {
    res.setUint16(0, length);
    res.setUint16(2, code);
    res.setUint32(4, parameter);
    return response.subarray(0, length);
  };
  switch (req.getUint16(2)) {
    case CHSC_CMD.STORE_CSS_CHARACTERISTICS: return storeCharacteristics(host, req, answer, res);
    case CHSC_CMD.STORE_CHANNEL_PATH_DESCRIPTION: return storePathDescription(host, req, answer, response);
    case CHSC_CMD.SET_DOMAIN_ATTRIBUTES: return setDomainAttributes(host, req, answer);
    case CHSC_CMD.STORE_EVENT_INFORMATION: return answer(CHSC_RESPONSE.NO_EVENTS);
    default: return answer(CHSC_RESPONSE.NOT_PROVIDED);
  }
}

type Answer = (code: number, length?: number, parameter?: number) => Uint8Array;

function storeCharacteristics(host: ChscHost, req: DataView, answer: Answer, res: DataView): Uint8Array {
  const p0 = req.getUint32(4);
  if (req.getUint16(0) !== SCSC_REQUEST_LENGTH) return answer(CHSC_RESPONSE.INVALID_REQUEST);
  if ((p0 & 0x000f_0000) !== 0) return answer(CHSC_RESPONSE.INVALID_FORMAT);
  const cssid = (p0 >>> 8) & 0xff;
  if (cssid !== 0 && ((p0 & 0x2000_0000) === 0 || !host.cssPresent(cssid))) return answer(CHSC_RESPONSE.INVALID_CSSID);
  if ((p0 & 0xdff0_00ff) !== 0 || req.getUint32(8) !== 0 || req.getUint32(12) !== 0) return answer(CHSC_RESPONSE.INVALID_REQUEST);
  for (const [w, v] of GENERAL_CHARACTERISTICS) res.setUint32(RESPONSE_HEADER + 4 * w, v);
  for (const [w, v] of CHSC_CHARACTERISTICS) res.setUint32(RESPONSE_HEADER + CHSC_CHARACTERISTICS_OFFSET + 4 * w, v);
  return answer(CHSC_RESPONSE.SUCCESS, SCSC_RESPONSE_LENGTH);
}

function storePathDescription(host: ChscHost, req: DataView, answer: Answer, response: Uint8Array): Uint8Array {
  const p0 = req.getUint32(4);
  const p1 = req.getUint32(8);
  let rfmt = (p0 >>> 8) & 0xf;
  if (rfmt <= 1) rfmt = (p0 & 0x1000_0000) !== 0 ? 1 : 0;
  if (req.getUint16(0) !== SCPD_REQUEST_LENGTH || (p0 & 0xc000_f000) !== 0 || (p1 & 0xffff_ff00) !== 0 || req.getUint32(12) !== 0) {
    return answer(CHSC_RESPONSE.INVALID_REQUEST, RESPONSE_HEADER, rfmt);
  }
  if ((p0 & 0x0f00_0000) !== 0) return answer(CHSC_RESPONSE.INVALID_FORMAT, RESPONSE_HEADER, rfmt);
  const cssid = (p0 >>> 16) & 0xff;
  if (cssid !== 0 && ((p0 & 0x2000_0000) === 0 || !host.cssPresent(cssid))) {
    return answer(CHSC_RESPONSE.INVALID_CSSID, RESPONSE_HEADER, rfmt);
  }
  const first = p0 & 0xff;
  const last = p1 & 0xff;
  if (last < first) return answer(CHSC_RESPONSE.INVALID_REQUEST, RESPONSE_HEADER, rfmt);
  // Format 0 descriptions (format 1 entries are 32 bytes with the same first word).
  const size = rfmt === 1 ? 32 : CHP_DESC_SIZE;
  let at = RESPONSE_HEADER;
  for (let chpid = first; chpid <= last && at + size <= response.length; chpid++) {
    const type = host.channelPathType(cssid, chpid);
    if (type === undefined) continue;
    response.fill(0, at, at + size);
    response[at] = CHP_DESC_VALID;
    response[at + 2] = type;
    response[at + 3] = chpid;
    at += size;
  }
  return answer(CHSC_RESPONSE.SUCCESS, at, rfmt);
}

function setDomainAttributes(host: ChscHost, req: DataView, answer: Answer): Uint8Array {
  const p0 = req.getUint32(4);
  if (req.getUint16(0) !== SDA_REQUEST_LENGTH || (p0 & 0xf0ff_0000) !== 0) return answer(CHSC_RESPONSE.INVALID_REQUEST);
  if ((p0 & 0x0f00_0000) !== 0) return answer(CHSC_RESPONSE.INVALID_FORMAT);
  switch (p0 & 0xffff) {
    case SDA_OPERATION.ENABLE_MCSS_E:
      host.enableMultipleCss();
      return answer(CHSC_RESPONSE.SUCCESS);
    case SDA_OPERATION.ENABLE_MSS:
      host.enableMultipleSubchannelSets();
      return answer(CHSC_RESPONSE.SUCCESS);
    default:
      return answer(CHSC_RESPONSE.INVALID_REQUEST);
  }
}
