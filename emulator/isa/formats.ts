// The z/Architecture instruction formats (Principles of Operation, SA22-7832, chapter 5
// "Instruction formats"): where each named field sits in the instruction. The decoder,
// the CPU and the language server all find operands through these definitions.

/** A field of an instruction format: PoP name, bit offset from the first bit, width. */
export interface FormatField {
  readonly name: string;
  readonly at: number;
  readonly bits: number;
}

export interface InstructionFormat {
  readonly name: string;
  /** Instruction length in bytes. */
  readonly length: 2 | 4 | 6;
  readonly fields: readonly FormatField[];
}

/**
 * Field lists in a compact notation: `NAME@bit:width`. A 20-bit displacement
 * (DL at 20 plus DH at 32) is the single field `D2@20:20`, decoded specially.
 * Vector register fields (V1..V4) are 4 bits here; their fifth bit is in RXB (bits 36-39).
 */
const SPEC: Readonly<Record<string, string>> = {
  'E': '',
  'I': 'I1@8:8',
  'IE': 'I1@24:4 I2@28:4',
  'MII': 'M1@8:4 RI2@12:12 RI3@24:24',
  'RI-a': 'R1@8:4 I2@16:16',
  'RI-b': 'R1@8:4 RI2@16:16',
  'RI-c': 'M1@8:4 RI2@16:16',
  'RIE-a': 'R1@8:4 I2@16:16 M3@32:4',
  'RIE-b': 'R1@8:4 R2@12:4 RI4@16:16 M3@32:4',
  'RIE-c': 'R1@8:4 M3@12:4 RI4@16:16 I2@32:8',
  'RIE-d': 'R1@8:4 R3@12:4 I2@16:16',
  'RIE-e': 'R1@8:4 R3@12:4 RI2@16:16',
  'RIE-f': 'R1@8:4 R2@12:4 I3@16:8 I4@24:8 I5@32:8',
  'RIE-g': 'R1@8:4 M3@12:4 I2@16:16',
  'RIL-a': 'R1@8:4 I2@16:32',
  'RIL-b': 'R1@8:4 RI2@16:32',
  'RIL-c': 'M1@8:4 RI2@16:32',
  'RIS': 'R1@8:4 M3@12:4 B4@16:4 D4@20:12 I2@32:8',
  'RR': 'R1@8:4 R2@12:4',
  'RRD': 'R1@16:4 R3@24:4 R2@28:4',
  'RRE': 'R1@24:4 R2@28:4',
  'RRF-a': 'R3@16:4 M4@20:4 R1@24:4 R2@28:4',
  'RRF-b': 'R3@16:4 M4@20:4 R1@24:4 R2@28:4',
  'RRF-c': 'M3@16:4 R1@24:4 R2@28:4',
  'RRF-d': 'M4@20:4 R1@24:4 R2@28:4',
  'RRF-e': 'M3@16:4 M4@20:4 R1@24:4 R2@28:4',
  'RRS': 'R1@8:4 R2@12:4 B4@16:4 D4@20:12 M3@32:4',
  'RS-a': 'R1@8:4 R3@12:4 B2@16:4 D2@20:12',
  'RS-b': 'R1@8:4 M3@12:4 B2@16:4 D2@20:12',
  'RSI': 'R1@8:4 R3@12:4 RI2@16:16',
  'RSL-a': 'L1@8:4 B1@16:4 D1@20:12',
  'RSL-b': 'L2@8:8 B2@16:4 D2@20:12 R1@32:4 M3@36:4',
  'RSY-a': 'R1@8:4 R3@12:4 B2@16:4 D2@20:20',
  'RSY-b': 'R1@8:4 M3@12:4 B2@16:4 D2@20:20',
  'RX-a': 'R1@8:4 X2@12:4 B2@16:4 D2@20:12',
  'RX-b': 'M1@8:4 X2@12:4 B2@16:4 D2@20:12',
  'RXE': 'R1@8:4 X2@12:4 B2@16:4 D2@20:12 M3@32:4',
  'RXF': 'R3@8:4 X2@12:4 B2@16:4 D2@20:12 R1@32:4',
  'RXY-a': 'R1@8:4 X2@12:4 B2@16:4 D2@20:20',
  'RXY-b': 'M1@8:4 X2@12:4 B2@16:4 D2@20:20',
  'S': 'B2@16:4 D2@20:12',
  'SI': 'I2@8:8 B1@16:4 D1@20:12',
  'SIL': 'B1@16:4 D1@20:12 I2@32:16',
  'SIY': 'I2@8:8 B1@16:4 D1@20:20',
  'SMI': 'M1@8:4 B3@16:4 D3@20:12 RI2@32:16',
  'SS-a': 'L1@8:8 B1@16:4 D1@20:12 B2@32:4 D2@36:12',
  'SS-b': 'L1@8:4 L2@12:4 B1@16:4 D1@20:12 B2@32:4 D2@36:12',
  'SS-c': 'L1@8:4 I3@12:4 B1@16:4 D1@20:12 B2@32:4 D2@36:12',
  'SS-d': 'R1@8:4 R3@12:4 B1@16:4 D1@20:12 B2@32:4 D2@36:12',
  'SS-e': 'R1@8:4 R3@12:4 B2@16:4 D2@20:12 B4@32:4 D4@36:12',
  'SS-f': 'L2@8:8 B1@16:4 D1@20:12 B2@32:4 D2@36:12',
  'SSE': 'B1@16:4 D1@20:12 B2@32:4 D2@36:12',
  'SSF': 'R3@8:4 B1@16:4 D1@20:12 B2@32:4 D2@36:12',
  'VRI-a': 'V1@8:4 I2@16:16 M3@32:4',
  'VRI-b': 'V1@8:4 I2@16:8 I3@24:8 M4@32:4',
  'VRI-c': 'V1@8:4 V3@12:4 I2@16:16 M4@32:4',
  'VRI-d': 'V1@8:4 V2@12:4 V3@16:4 I4@24:8 M5@32:4',
  'VRI-e': 'V1@8:4 V2@12:4 I3@16:12 M5@28:4 M4@32:4',
  'VRI-f': 'V1@8:4 V2@12:4 V3@16:4 M5@24:4 I4@28:8',
  'VRI-g': 'V1@8:4 V2@12:4 I4@16:8 M5@24:4 I3@28:8',
  'VRI-h': 'V1@8:4 I3@16:16 I2@32:4',
  'VRI-i': 'V1@8:4 R2@12:4 M4@24:4 I3@28:8',
  'VRR-a': 'V1@8:4 V2@12:4 M5@24:4 M4@28:4 M3@32:4',
  'VRR-b': 'V1@8:4 V2@12:4 V3@16:4 M5@24:4 M4@32:4',
  'VRR-c': 'V1@8:4 V2@12:4 V3@16:4 M6@24:4 M5@28:4 M4@32:4',
  'VRR-d': 'V1@8:4 V2@12:4 V3@16:4 M5@20:4 M6@24:4 V4@32:4',
  'VRR-e': 'V1@8:4 V2@12:4 V3@16:4 M6@20:4 M5@28:4 V4@32:4',
  'VRR-f': 'V1@8:4 R2@12:4 R3@16:4',
  'VRR-g': 'V1@12:4',
  'VRR-h': 'V1@12:4 V2@16:4 M3@24:4',
  'VRR-i': 'R1@8:4 V2@12:4 M3@24:4 M4@28:4',
  'VRR-j': 'V1@8:4 V2@12:4 V3@16:4 M4@24:4',
  'VRR-k': 'V1@8:4 V2@12:4 M3@24:4',
  'VRS-a': 'V1@8:4 V3@12:4 B2@16:4 D2@20:12 M4@32:4',
  'VRS-b': 'V1@8:4 R3@12:4 B2@16:4 D2@20:12 M4@32:4',
  'VRS-c': 'R1@8:4 V3@12:4 B2@16:4 D2@20:12 M4@32:4',
  'VRS-d': 'R3@12:4 B2@16:4 D2@20:12 V1@32:4',
  'VRV': 'V1@8:4 V2@12:4 B2@16:4 D2@20:12 M3@32:4',
  'VRX': 'V1@8:4 X2@12:4 B2@16:4 D2@20:12 M3@32:4',
  'VSI': 'I3@8:8 B2@16:4 D2@20:12 V1@32:4',
};

function lengthOf(name: string): 2 | 4 | 6 {
  if (name === 'E' || name === 'I' || name === 'RR') return 2;
  if (/^(IE|RI-|RR[DEF]|RS-|RSI|RX-|S$|SI$)/.test(name)) return 4;
  return 6;
}

function parseFields(spec: string): FormatField[] {
  return spec.split(' ').filter(Boolean).map((tok) => {
    const m = /^(\w+)@(\d+):(\d+)$/.exec(tok);
    if (!m) throw new Error(`bad format field spec ${tok}`);
    return { name: m[1], at: Number(m[2]), bits: Number(m[3]) };
  });
}

export const FORMATS: Readonly<Record<string, InstructionFormat>> = Object.fromEntries(
  Object.entries(SPEC).map(([name, spec]) => [name, { name, length: lengthOf(name), fields: parseFields(spec) }]),
);

export type FormatName = keyof typeof SPEC;
