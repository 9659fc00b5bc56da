// DIAGNOSE 0x258 (page-reference services): the pseudo-page-fault handshake. A guest
// registers a token address and select/compare masks per CPU (subcode 0) and cancels them
// (subcode 1); the host would then send "page not present"/"page present" external
// interruptions (0x2603) while it pages guest storage. Kuli's host does not page guest
// storage out, so it accepts the handshake and never sends one. Parameter block and
// return codes as z/VM CP Programming Services documents them and KVM answers.
import type { Cpu } from '../cpu/cpu';
import { PGM, ProgramInterrupt } from '../cpu/interrupts';

/** The parameter block (halfwords, then doublewords) and its fixed values. */
export const PFAULT = {
  DIAG_CODE: 0x258,
  VERSION: 2,
  /** Minimum parameter block length in doublewords. */
  MIN_DWORDS: 5,
  SUBCODE_TOKEN: 0,
  SUBCODE_CANCEL: 1,
  /** Offsets in the block. */
  OFF_CODE: 0,
  OFF_SUBCODE: 2,
  OFF_DWORDS: 4,
  OFF_VERSION: 6,
  OFF_TOKEN_ADDR: 8,
  OFF_SELECT: 16,
  OFF_COMPARE: 24,
  /** "z/Architecture" doubleword: bit 0 set, the rest zero. */
  OFF_ZARCH: 32,
  ZARCH_HI: 0x8000_0000,
  /** Return codes in R3 (the Ry register). */
  RC_OK: 0,
  RC_NOT_ESTABLISHED: 4,
  RC_ALREADY_ESTABLISHED: 8,
} as const;

/** One CPU's handshake state; reset by an initial CPU reset. */
export class PfaultHandshake {
  /** The registered token address, or -1 while none is. */
  tokenAddress = -1;
  selectHi = 0;
  selectLo = 0;
  compareHi = 0;
  compareLo = 0;

  get established(): boolean { return this.tokenAddress >= 0; }

  reset(): void {
    this.tokenAddress = -1;
    this.selectHi = this.selectLo = this.compareHi = this.compareLo = 0;
  }

  /**
   * DIAG R1,R3,0x258: R1 holds the logical address of the parameter block (doubleword
   * aligned), the return code goes to R3. Malformed blocks get a specification exception;
   * a token address outside storage an addressing exception.
   */
  call(cpu: Cpu, r1: number, r3: number, storageSize: number): void {
    const block = cpu.r64Number(r1);
    if (block % 8 !== 0) throw new ProgramInterrupt(PGM.SPECIFICATION);
    const at = (off: number): number => cpu.wrap(block + off);
    const code = cpu.read16(at(PFAULT.OFF_CODE));
    const subcode = cpu.read16(at(PFAULT.OFF_SUBCODE));
    const dwords = cpu.read16(at(PFAULT.OFF_DWORDS));
    const version = cpu.read16(at(PFAULT.OFF_VERSION));
    if (code !== PFAULT.DIAG_CODE || version !== PFAULT.VERSION || dwords < PFAULT.MIN_DWORDS) {
      throw new ProgramInterrupt(PGM.SPECIFICATION);
    }
    const dw = (off: number): [number, number] => {
      cpu.read64(at(off));
      return [cpu.hi, cpu.lo];
    };
    const [tokHi, tokLo] = dw(PFAULT.OFF_TOKEN_ADDR);
    const [selHi, selLo] = dw(PFAULT.OFF_SELECT);
    const [cmpHi, cmpLo] = dw(PFAULT.OFF_COMPARE);
    const [zHi, zLo] = dw(PFAULT.OFF_ZARCH);
    switch (subcode) {
      case PFAULT.SUBCODE_TOKEN: {
        if (this.established) {
          // The token of an established handshake cannot change.
          cpu.setR64(r3, 0, PFAULT.RC_ALREADY_ESTABLISHED);
          return;
        }
        const masksOk = ((cmpHi & selHi) >>> 0) === cmpHi && ((cmpLo & selLo) >>> 0) === cmpLo;
        if (!masksOk || (tokLo & 7) !== 0 || zHi !== PFAULT.ZARCH_HI || zLo !== 0) {
          throw new ProgramInterrupt(PGM.SPECIFICATION);
        }
        const token = tokHi * 0x1_0000_0000 + tokLo;
        if (token + 8 > storageSize) throw new ProgramInterrupt(PGM.ADDRESSING);
        this.tokenAddress = token;
        this.selectHi = selHi;
        this.selectLo = selLo;
        this.compareHi = cmpHi;
        this.compareLo = cmpLo;
        cpu.setR64(r3, 0, PFAULT.RC_OK);
        return;
      }
      case PFAULT.SUBCODE_CANCEL: {
        if ((tokHi | tokLo | selHi | selLo | cmpHi | cmpLo | zHi | zLo) !== 0) {
          throw new ProgramInterrupt(PGM.SPECIFICATION);
        }
        // Nothing can be outstanding: no pseudo page fault was ever signalled.
        cpu.setR64(r3, 0, this.established ? PFAULT.RC_OK : PFAULT.RC_NOT_ESTABLISHED);
        this.reset();
        return;
      }
      default:
        throw new ProgramInterrupt(PGM.SPECIFICATION);
    }
  }
}
