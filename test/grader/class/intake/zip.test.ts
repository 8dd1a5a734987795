/**
 * Zipped submissions are read in memory and only their exercise .ts entries are decompressed:
 * path traversal, absolute paths and symbolic links are skipped with a note, oversized entries
 * and broken zips end the submission with a reason, and nothing is ever written to disk.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { CODE_EXERCISES } from '../../../../grader/course';
import { MAX_FILE_BYTES } from '../../../../grader/class/intake/files';
import { readZipSubmission, unsafeEntryName } from '../../../../grader/class/intake/zip';
import { removeTempDirs, tempDir } from '../helpers';

afterAll(removeTempDirs);
const [first, second] = CODE_EXERCISES;

/**
 * A zip written byte by byte (stored entries), because zip libraries clean up names on the way in
 * and a hostile zip is exactly one whose names were not cleaned. `mode` sets the Unix mode in the
 * external attributes (0o120777 marks a symbolic link).
 */
function rawZip(entries: { name: string; data: Buffer; mode?: number; deflatedTo?: Buffer; declaredSize?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const { name, mode } = entry;
    // A deflated entry stores `deflatedTo` and may declare a size that is a lie.
    const data = entry.deflatedTo ?? entry.data;
    const size = entry.declaredSize ?? entry.data.length;
    const method = entry.deflatedTo ? 8 : 0;
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = zlib.crc32(entry.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(((mode ?? 0o100644) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

function zipOf(entries: Record<string, string | Buffer>, name = 'sub.zip', symlinks: string[] = []): string {
  const list = Object.entries(entries).map(([entry, content]) => ({
    name: entry,
    data: Buffer.isBuffer(content) ? content : Buffer.from(content),
  }));
  for (const link of symlinks) list.push({ name: link, data: Buffer.from('/etc/passwd'), mode: 0o120777 } as never);
  const file = path.join(tempDir('zip'), name);
  fs.writeFileSync(file, rawZip(list));
  return file;
}

describe('unsafeEntryName', () => {
  it.each([
    ['../x.ts', 'climbs out of the archive with ..'],
    ['a/../../x.ts', 'climbs out of the archive with ..'],
    ['/etc/x.ts', 'is an absolute path'],
    ['C:/x.ts', 'is an absolute path'],
    ['a//x.ts', 'has an empty path segment'],
    ['a\0.ts', 'contains a NUL character'],
  ])('refuses %j: it %s', (name, reason) => expect(unsafeEntryName(name)).toBe(reason));

  it('accepts ordinary relative names', () => expect(unsafeEntryName(`exercises/${first.file}`)).toBeUndefined());
});

describe('readZipSubmission', () => {
  it('reads the exercise files of a zipped repository and ignores everything else', () => {
    const intake = readZipSubmission(
      zipOf({ [`repo/exercises/${first.file}`]: 'export const a = 1;\n', 'repo/lib/types.ts': 'x', 'repo/README.md': 'hi' }),
    );
    expect(intake.ok).toBe(true);
    if (!intake.ok) return;
    expect(intake.files.map((f) => [f.path, f.content?.toString()])).toEqual([[first.file, 'export const a = 1;\n']]);
    expect(intake.layout).toBe('repo/exercises in the zip');
  });

  it('skips traversal and symbolic-link entries with a note and keeps the safe ones', () => {
    const dir = tempDir('zip-target');
    const zip = zipOf({ [first.file]: 'ok', [`../../${second.file}`]: 'evil', [`/tmp/${second.file}`]: 'evil' }, 'evil.zip', [second.file]);
    fs.copyFileSync(zip, path.join(dir, 'evil.zip'));
    const intake = readZipSubmission(path.join(dir, 'evil.zip'));
    expect(intake.ok).toBe(true);
    if (!intake.ok) return;
    expect(intake.files.map((f) => f.path)).toEqual([first.file]);
    expect(intake.notes.join('\n')).toMatch(/climbs out of the archive/);
    expect(intake.notes.join('\n')).toMatch(/is an absolute path/);
    expect(intake.notes.join('\n')).toMatch(/is a symbolic link/);
    // Nothing was extracted anywhere near the zip.
    expect(fs.readdirSync(dir)).toEqual(['evil.zip']);
    expect(fs.existsSync(path.join(path.dirname(dir), second.file))).toBe(false);
  });

  it('ends with a reason for a zip without exercises, an oversized file and a damaged zip', () => {
    const none = readZipSubmission(zipOf({ 'notes.txt': 'nothing' }));
    expect(none).toMatchObject({ ok: false, problem: expect.stringMatching(/no exercise files found.*in the zip/) });
    const big = readZipSubmission(zipOf({ [first.file]: Buffer.alloc(MAX_FILE_BYTES + 1, 0x20) }));
    expect(big).toMatchObject({ ok: false, problem: expect.stringMatching(/larger than 4 MB/) });
    const damaged = path.join(tempDir('zip'), 'damaged.zip');
    fs.writeFileSync(damaged, 'PK\u0003\u0004 this is not a zip');
    expect(readZipSubmission(damaged)).toMatchObject({ ok: false, problem: expect.stringMatching(/^the zip cannot be read/) });
  });

  it('does not inflate an entry past the size its header declares (a decompression bomb)', () => {
    const bomb = Buffer.alloc(16 * 1024 * 1024, 0x20);
    const file = path.join(tempDir('zip'), 'bomb.zip');
    fs.writeFileSync(file, rawZip([{ name: first.file, data: bomb, deflatedTo: zlib.deflateRawSync(bomb), declaredSize: 100 }]));
    const intake = readZipSubmission(file);
    expect(intake.ok).toBe(false);
    if (!intake.ok) expect(intake.problem).toMatch(/cannot be read from the zip|is damaged/);
  });

  it('names the function and the argument when called without a path', () => {
    expect(() => readZipSubmission('')).toThrow(/readZipSubmission: argument zipPath/);
  });
});
