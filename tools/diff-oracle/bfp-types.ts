// Operand formats of the floating-point instructions in the differential suite, so the
// generator can give each operand a meaningful input: E short BFP (high word of the
// FPR), D long BFP, X extended BFP (FPR pair), F 32-bit and G 64-bit general-register
// integers, '-' an operand whose input does not matter. One letter per register or
// storage operand, in the order the layout lists them (layouts.ts). Instructions whose
// mnemonic is not here and that name an FPR (HFP, DFP) are left out of the suite.

export type OperandType = 'E' | 'D' | 'X' | 'F' | 'G' | '-';

const T: Record<string, string> = {
  // arithmetic, register and storage forms
  aebr: 'EE', adbr: 'DD', axbr: 'XX', aeb: 'EE', adb: 'DD',
  sebr: 'EE', sdbr: 'DD', sxbr: 'XX', seb: 'EE', sdb: 'DD',
  meebr: 'EE', mdbr: 'DD', mxbr: 'XX', meeb: 'EE', mdb: 'DD',
  mdebr: 'EE', mdeb: 'EE', mxdbr: 'DD', mxdb: 'DD',
  debr: 'EE', ddbr: 'DD', dxbr: 'XX', deb: 'EE', ddb: 'DD',
  maebr: 'EEE', madbr: 'DDD', maeb: 'EEE', madb: 'DDD',
  msebr: 'EEE', msdbr: 'DDD', mseb: 'EEE', msdb: 'DDD',
  diebr: 'EEE', didbr: 'DDD',
  sqebr: 'EE', sqdbr: 'DD', sqxbr: 'XX', sqeb: 'EE', sqdb: 'DD',
  // comparison and tests
  cebr: 'EE', cdbr: 'DD', cxbr: 'XX', ceb: 'EE', cdb: 'DD',
  kebr: 'EE', kdbr: 'DD', kxbr: 'XX', keb: 'EE', kdb: 'DD',
  tceb: 'E', tcdb: 'D', tcxb: 'X',
  // sign and load operations
  ltebr: 'EE', ltdbr: 'DD', ltxbr: 'XX',
  lcebr: 'EE', lcdbr: 'DD', lcxbr: 'XX',
  lnebr: 'EE', lndbr: 'DD', lnxbr: 'XX',
  lpebr: 'EE', lpdbr: 'DD', lpxbr: 'XX',
  lpdfr: 'DD', lndfr: 'DD', lcdfr: 'DD', cpsdr: 'DDD',
  ldgr: '-G', lgdr: '-D',
  lzer: '-', lzdr: '-', lzxr: '-',
  ler: '-E', ldr: '-D', lxr: '-X', le: '-E', ld: '-D', ley: '-E', ldy: '-D',
  ste: 'E-', std: 'D-', stey: 'E-', stdy: 'D-',
  // rounding to integer, lengthening and rounding between formats
  fiebr: 'EE', fidbr: 'DD', fixbr: 'XX', fiebra: 'EE', fidbra: 'DD', fixbra: 'XX',
  ldebr: '-E', ldeb: '-E', lxdbr: '-D', lxdb: '-D', lxebr: '-E', lxeb: '-E',
  ledbr: '-D', ldxbr: '-X', lexbr: '-X', ledbra: '-D', ldxbra: '-X', lexbra: '-X',
  // conversions from integers
  cefbr: '-F', cdfbr: '-F', cxfbr: '-F', cegbr: '-G', cdgbr: '-G', cxgbr: '-G',
  cefbra: '-F', cdfbra: '-F', cxfbra: '-F', cegbra: '-G', cdgbra: '-G', cxgbra: '-G',
  celfbr: '-F', cdlfbr: '-F', cxlfbr: '-F', celgbr: '-G', cdlgbr: '-G', cxlgbr: '-G',
  // conversions to integers
  cfebr: '-E', cfdbr: '-D', cfxbr: '-X', cgebr: '-E', cgdbr: '-D', cgxbr: '-X',
  cfebra: '-E', cfdbra: '-D', cfxbra: '-X', cgebra: '-E', cgdbra: '-D', cgxbra: '-X',
  clfebr: '-E', clfdbr: '-D', clfxbr: '-X', clgebr: '-E', clgdbr: '-D', clgxbr: '-X',
  // floating-point-control register
  efpc: '-', sfpc: 'G', lfpc: '-', stfpc: '-', srnm: '', srnmb: '',
};

/** Operand input formats for a floating-point mnemonic, or undefined if not in the suite. */
export function fpOperandTypes(mnemonic: string): readonly OperandType[] | undefined {
  const s = T[mnemonic];
  return s === undefined ? undefined : (s.split('') as OperandType[]);
}

/** Mnemonics whose M3 (and M4 in the "with rounding mode" forms) select a rounding method. */
export function hasRoundingM3(mnemonic: string): boolean {
  return /^(c[fg]|cl[fg])[edx]br|^c[edx]l?[fg]bra?$|^fi[edx]bra?$|^l(ed|dx|ex)bra$/.test(mnemonic);
}
