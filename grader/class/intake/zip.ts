/**
 * Reads a zipped submission without extracting it: only entries that can be exercise .ts files
 * are ever decompressed, into memory, and only after their names and sizes pass the checks here
 * (no absolute paths, no `..`, no symbolic links, bounded sizes). adm-zip caps inflation at an
 * entry's declared size, so a lying header cannot become a decompression bomb.
 */
import fs from 'node:fs';
import AdmZip from 'adm-zip';
import { MAX_FILE_BYTES, MAX_TOTAL_BYTES, type ExerciseFile, type Intake } from './files';
import { isExerciseSource, locateExercises, noExerciseFilesProblem, type Candidate } from './locate';

/** A zip larger than this is not a submission of nine small source files. */
export const MAX_ZIP_BYTES = 100 * 1024 * 1024;
/** Entries listed before giving up. */
export const MAX_ZIP_ENTRIES = 20_000;
/** Unsafe entry names are listed in the notes up to this many. */
const MAX_NOTES = 5;

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/** Why an entry name cannot be used as a relative path, or undefined when it can. */
export function unsafeEntryName(name: string): string | undefined {
  if (name.includes('\0')) return 'contains a NUL character';
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'is an absolute path';
  const segments = name.split('/');
  if (segments.some((s) => s === '..')) return 'climbs out of the archive with ..';
  if (segments.some((s, k) => s === '' && k < segments.length - 1)) return 'has an empty path segment';
  return undefined;
}

function isSymbolicLink(entry: AdmZip.IZipEntry): boolean {
  // The upper 16 bits of the external attributes hold the Unix mode when the zip was made on Unix.
  return ((entry.header.attr >>> 16) & S_IFMT) === S_IFLNK;
}

export function readZipSubmission(zipPath: string): Intake {
  if (typeof zipPath !== 'string' || zipPath === '') throw new TypeError('readZipSubmission: argument zipPath must be a file path');
  const size = fs.statSync(zipPath).size;
  if (size > MAX_ZIP_BYTES) return { ok: false, problem: `the zip is larger than ${MAX_ZIP_BYTES / 1024 / 1024} MB`, notes: [] };
  let zip: AdmZip;
  let entries: AdmZip.IZipEntry[];
  try {
    zip = new AdmZip(zipPath);
    entries = zip.getEntries();
  } catch (error) {
    return { ok: false, problem: `the zip cannot be read: ${(error as Error).message}`, notes: [] };
  }
  if (entries.length > MAX_ZIP_ENTRIES) {
    return { ok: false, problem: `the zip holds more than ${MAX_ZIP_ENTRIES} entries; zip the exercises/ folder only`, notes: [] };
  }
  const notes: string[] = [];
  const skipped = (text: string) => {
    if (notes.length < MAX_NOTES) notes.push(text);
  };
  const byName = new Map<string, AdmZip.IZipEntry>();
  const candidates: Candidate[] = [];
  for (const entry of entries) {
    if (entry.isDirectory) continue;
    // Zips made on Windows may separate folders with backslashes.
    const name = entry.entryName.replace(/\\/g, '/');
    if (!isExerciseSource(name)) continue;
    const unsafe = unsafeEntryName(name);
    if (unsafe) {
      skipped(`zip entry ${JSON.stringify(name)} skipped: it ${unsafe}`);
      continue;
    }
    if (isSymbolicLink(entry)) {
      skipped(`zip entry ${JSON.stringify(name)} skipped: it is a symbolic link`);
      continue;
    }
    if (byName.has(name)) {
      skipped(`zip entry ${JSON.stringify(name)} appears twice; the first one is used`);
      continue;
    }
    byName.set(name, entry);
    candidates.push({ path: name, kind: 'file' });
  }
  const located = locateExercises(candidates);
  if (!located) return { ok: false, problem: `${noExerciseFilesProblem()} in the zip`, notes };
  const files: ExerciseFile[] = [];
  let total = 0;
  for (const { candidate, to } of located.picked) {
    const entry = byName.get(candidate.path)!;
    const declared = entry.header.size;
    if (declared > MAX_FILE_BYTES) {
      return {
        ok: false,
        problem: `${candidate.path} in the zip is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB, which no exercise needs`,
        notes,
      };
    }
    total += declared;
    if (total > MAX_TOTAL_BYTES) {
      return { ok: false, problem: `the exercise files in the zip add up to more than ${MAX_TOTAL_BYTES / 1024 / 1024} MB`, notes };
    }
    let content: Buffer;
    try {
      content = entry.getData();
    } catch (error) {
      return { ok: false, problem: `${candidate.path} cannot be read from the zip: ${(error as Error).message}`, notes };
    }
    if (content.length !== declared) {
      return { ok: false, problem: `${candidate.path} in the zip is damaged (its size does not match its header)`, notes };
    }
    files.push({ path: to, content });
  }
  return {
    ok: true,
    files,
    notes,
    layout: located.layout === '' ? 'exercise folders at the top of the zip' : `${located.layout} in the zip`,
  };
}
