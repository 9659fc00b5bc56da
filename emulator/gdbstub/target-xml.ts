// The target description gdb reads with qXfer:features:read:target.xml: architecture
// s390:64-bit and one <feature> per register group of registers.ts, in register-number
// order, so gdb's register numbers equal our p/P numbers.
import { REGISTERS } from './registers';

/** The 128-bit vector type of v16-v31, as gdb's s390 vector feature shapes it. */
const VECTOR_TYPES = [
  '<vector id="v4f" type="ieee_single" count="4"/>',
  '<vector id="v2d" type="ieee_double" count="2"/>',
  '<vector id="v16i8" type="int8" count="16"/>',
  '<vector id="v8i16" type="int16" count="8"/>',
  '<vector id="v4i32" type="int32" count="4"/>',
  '<vector id="v2i64" type="int64" count="2"/>',
  '<union id="vec128">',
  '<field name="v4_float" type="v4f"/>',
  '<field name="v2_double" type="v2d"/>',
  '<field name="v16_int8" type="v16i8"/>',
  '<field name="v8_int16" type="v8i16"/>',
  '<field name="v4_int32" type="v4i32"/>',
  '<field name="v2_int64" type="v2i64"/>',
  '<field name="uint128" type="uint128"/>',
  '</union>',
];

function buildXml(): string {
  const lines = ['<?xml version="1.0"?>', '<!DOCTYPE target SYSTEM "gdb-target.dtd">', '<target>', '<architecture>s390:64-bit</architecture>'];
  let feature = '';
  REGISTERS.forEach((r, regnum) => {
    if (r.feature !== feature) {
      if (feature !== '') lines.push('</feature>');
      feature = r.feature;
      lines.push(`<feature name="${feature}">`);
      if (r.type === 'vec128' || r.feature.endsWith('.vx')) {
        if (!lines.includes(VECTOR_TYPES[0])) lines.push(...VECTOR_TYPES);
      }
    }
    lines.push(`<reg name="${r.name}" bitsize="${r.bits}" type="${r.type}" group="${r.group}" regnum="${regnum}"/>`);
  });
  lines.push('</feature>', '</target>');
  return `${lines.join('\n')}\n`;
}

export const TARGET_XML = buildXml();

/** The documents qXfer:features:read serves, by annex. */
export const FEATURE_DOCUMENTS: ReadonlyMap<string, string> = new Map([['target.xml', TARGET_XML]]);
