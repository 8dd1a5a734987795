/** `npm run export:student`: its options, and the folders it refuses before doing any work. */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseExportArgs } from '../../../grader/export/cli';
import { ExportError, exportStudentTemplate } from '../../../grader/export/export';
import { GRADER_ROOT } from '../../../grader/paths';

const root = mkdtempSync(path.join(tmpdir(), 'export-cli-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('parseExportArgs', () => {
  it('reads --out (relative to the working folder), --force, --seeds and --no-tiers', () => {
    expect(parseExportArgs(['--out', 'tpl'], '/work')).toEqual({ out: '/work/tpl', force: false, seeds: undefined, tiers: true });
    expect(parseExportArgs(['--out', '/x', '--force', '--seeds', '42, 7', '--no-tiers'], '/work')).toEqual({
      out: '/x',
      force: true,
      seeds: [42, 7],
      tiers: false,
    });
    expect(parseExportArgs(['-h'], '/work')).toBe('help');
  });

  it.each([
    [[], /--out DIR is required/],
    [['--out'], /--out/],
    [['--out', 'x', '--seeds', 'seven'], /--seeds must be whole numbers/],
    [['--out', 'x', '--seeds', '1,-2'], /--seeds must be whole numbers/],
    [['--out', 'x', '--tiers'], /Unknown option '--tiers'/],
    [['--out', 'x', 'extra'], /Unexpected argument 'extra'/],
  ])('refuses %j with a message naming the option', (argv, message) => {
    expect(() => parseExportArgs(argv as string[], '/work')).toThrow(ExportError);
    expect(() => parseExportArgs(argv as string[], '/work')).toThrow(message);
  });
});

describe('exportStudentTemplate refuses', () => {
  it('a non-empty folder without force, and leaves it as it was', async () => {
    const out = path.join(root, 'full');
    mkdirSync(out);
    writeFileSync(path.join(out, 'keep.txt'), 'mine');
    await expect(exportStudentTemplate({ out })).rejects.toThrow(/argument out: .* is not empty \(pass --force/);
    expect(readdirSync(out)).toEqual(['keep.txt']);
  });

  it('a folder inside the course repository, or the repository itself', async () => {
    await expect(exportStudentTemplate({ out: path.join(GRADER_ROOT, 'template') })).rejects.toThrow(
      /must be a folder outside the course repository/,
    );
    // Without force: were the check ever broken, these would stop at "not empty" and delete nothing.
    await expect(exportStudentTemplate({ out: GRADER_ROOT })).rejects.toThrow(/outside the course repository/);
    await expect(exportStudentTemplate({ out: path.dirname(GRADER_ROOT) })).rejects.toThrow(/outside the course repository/);
  });

  it('a file, and seeds that are not whole numbers', async () => {
    const file = path.join(root, 'a-file');
    writeFileSync(file, '');
    await expect(exportStudentTemplate({ out: file })).rejects.toThrow(/argument out must be a folder/);
    await expect(exportStudentTemplate({ out: path.join(root, 'new'), seeds: [1.5] })).rejects.toThrow(
      /argument seeds must hold whole numbers/,
    );
  });
});
