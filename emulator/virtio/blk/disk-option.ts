// `--disk FILE[,ro][,overlay[=PATH]][,serial=S][,sector=512|4096]`: parses one disk
// specification and opens its backend and virtio-blk device, with one-line errors for
// whatever a user can get wrong (missing file, bad option, size not a multiple of the
// sector size, a foreign or mismatched overlay).
import * as fs from 'node:fs';
import { basename } from 'node:path';
import { BlockIoError, FileBackend, type BlockBackend } from './backend';
import { BLK_ID_BYTES, VirtioBlk } from './device';
import { OverlayBackend } from './overlay';

export class DiskOptionError extends Error {
  override name = 'DiskOptionError';
}

export interface DiskSpec {
  file: string;
  readOnly: boolean;
  /** Copy-on-write over the (read-only) file; path undefined = temporary overlay. */
  overlay?: { path?: string };
  serial?: string;
  sector: 512 | 4096;
}

export const DISK_SYNTAX = 'FILE[,ro][,overlay[=PATH]][,serial=S][,sector=512|4096]';

export function parseDiskOption(text: string): DiskSpec {
  const [file, ...opts] = text.split(',');
  if (file === '') throw new DiskOptionError(`--disk: no file in '${text}' (expected ${DISK_SYNTAX})`);
  const spec: DiskSpec = { file, readOnly: false, sector: 512 };
  for (const opt of opts) {
    const eq = opt.indexOf('=');
    const key = eq < 0 ? opt : opt.slice(0, eq);
    const value = eq < 0 ? undefined : opt.slice(eq + 1);
    if (key === 'ro' && value === undefined) spec.readOnly = true;
    else if (key === 'overlay') spec.overlay = { path: value === '' ? undefined : value };
    else if (key === 'serial' && value !== undefined) {
      if (new TextEncoder().encode(value).length > BLK_ID_BYTES) throw new DiskOptionError(`--disk: serial '${value}' is longer than ${BLK_ID_BYTES} bytes`);
      spec.serial = value;
    } else if (key === 'sector' && (value === '512' || value === '4096')) spec.sector = Number(value) as 512 | 4096;
    else if (key === 'sector') throw new DiskOptionError(`--disk: sector must be 512 or 4096, got '${value ?? ''}'`);
    else throw new DiskOptionError(`--disk: unknown option '${opt}' in '${text}' (expected ${DISK_SYNTAX})`);
  }
  if (spec.readOnly && spec.overlay !== undefined) {
    throw new DiskOptionError(`--disk: '${text}': ro and overlay exclude each other (an overlay already leaves ${file} untouched)`);
  }
  return spec;
}

/** Opens the image (and overlay) of `spec`; DiskOptionError with one line on failure. */
export function openDisk(spec: DiskSpec): VirtioBlk {
  let st: fs.Stats;
  try {
    st = fs.statSync(spec.file);
  } catch {
    throw new DiskOptionError(`--disk: '${spec.file}': no such file`);
  }
  if (st.isDirectory()) throw new DiskOptionError(`--disk: '${spec.file}' is a directory`);
  if (st.size === 0 || st.size % spec.sector !== 0) {
    throw new DiskOptionError(`--disk: '${spec.file}' is ${st.size} bytes, not a positive multiple of the ${spec.sector}-byte sector size`);
  }
  let backend: BlockBackend;
  try {
    const image = FileBackend.open(spec.file, spec.readOnly || spec.overlay !== undefined);
    backend = spec.overlay === undefined ? image : openOverlay(image, spec);
  } catch (e) {
    if (e instanceof BlockIoError) throw new DiskOptionError(`--disk: ${e.message}`);
    throw e;
  }
  const mode = spec.overlay !== undefined ? ' (overlay)' : spec.readOnly ? ' (ro)' : '';
  return new VirtioBlk(backend, { blockSize: spec.sector, serial: spec.serial, name: `virtio-blk ${basename(spec.file)}${mode}` });
}

function openOverlay(image: FileBackend, spec: DiskSpec): OverlayBackend {
  try {
    return OverlayBackend.open(image, { path: spec.overlay?.path, basePath: spec.file });
  } catch (e) {
    image.close();
    throw e;
  }
}
