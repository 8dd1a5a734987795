/**
 * `npm run grade:class -- --merge DIR... --out DIR`: joins the outputs of shards (or of any runs
 * over disjoint students) into one class folder, then writes the gradebook and the class page from
 * it exactly as an unsharded run does. Inputs graded by different grader versions or options, a
 * student in two inputs, or a missing shard stop the merge with a reason.
 */
import fs from 'node:fs';
import path from 'node:path';
import { canonicalJson } from './cache/key';
import { compareText } from './intake/files';
import { writeClassOutputs } from './outputs';
import { ClassDataError, readManifest, recordPath, studentDir, writeManifest, type RunManifest } from './store';

export interface MergeStats {
  inputs: number;
  students: number;
}

export function mergeClass(inputs: readonly string[], outDir: string): MergeStats {
  if (inputs.length === 0) throw new ClassDataError('--merge: give the folders to merge (the --out folders of the shards)');
  const resolved = inputs.map((d) => path.resolve(d));
  const out = path.resolve(outDir);
  if (resolved.includes(out)) throw new ClassDataError(`--out: ${outDir} is one of the folders being merged; give a new folder`);
  if (new Set(resolved).size !== resolved.length) throw new ClassDataError('--merge: a folder is given twice');
  const manifests = resolved.map((dir) => ({ dir, manifest: readManifest(dir) }));
  checkCompatible(manifests);

  const owner = new Map<string, string>();
  for (const { dir, manifest } of manifests) {
    for (const student of manifest.students) {
      const other = owner.get(student);
      if (other)
        throw new ClassDataError(`--merge: student ${student} is in both ${other} and ${dir}; merge outputs of disjoint students only`);
      owner.set(student, dir);
    }
  }
  fs.mkdirSync(out, { recursive: true });
  for (const [student, dir] of owner) {
    const from = studentDir(dir, student);
    if (fs.existsSync(from)) fs.cpSync(from, studentDir(out, student), { recursive: true });
    fs.mkdirSync(path.dirname(recordPath(out, student)), { recursive: true });
    fs.copyFileSync(recordPath(dir, student), recordPath(out, student));
  }
  const first = manifests[0].manifest;
  const merged: RunManifest = {
    schema: 1,
    graderVersion: first.graderVersion,
    options: first.options,
    shard: null,
    students: [...owner.keys()].sort(compareText),
  };
  writeManifest(out, merged);
  writeClassOutputs(out);
  return { inputs: inputs.length, students: owner.size };
}

function checkCompatible(manifests: { dir: string; manifest: RunManifest }[]): void {
  const [first, ...rest] = manifests;
  for (const { dir, manifest } of rest) {
    if (manifest.graderVersion !== first.manifest.graderVersion) {
      throw new ClassDataError(
        `--merge: ${dir} was graded by another grader version than ${first.dir} (${manifest.graderVersion.slice(0, 12)} vs ${first.manifest.graderVersion.slice(0, 12)}); grade every shard with the same checkout`,
      );
    }
    if (canonicalJson(manifest.options) !== canonicalJson(first.manifest.options)) {
      throw new ClassDataError(
        `--merge: ${dir} was graded with other options than ${first.dir} (${canonicalJson(manifest.options)} vs ${canonicalJson(first.manifest.options)})`,
      );
    }
  }
  const sharded = manifests.filter((m) => m.manifest.shard !== null);
  if (sharded.length === 0) return;
  if (sharded.length !== manifests.length) {
    throw new ClassDataError(
      `--merge: ${manifests.find((m) => m.manifest.shard === null)!.dir} is a whole class, the others are shards; merge shards of one class, or whole runs, not both`,
    );
  }
  const count = sharded[0].manifest.shard!.count;
  const seen = new Map<number, string>();
  for (const { dir, manifest } of sharded) {
    const shard = manifest.shard!;
    if (shard.count !== count)
      throw new ClassDataError(`--merge: ${dir} is shard ${shard.index}/${shard.count}, but ${sharded[0].dir} is one of ${count}`);
    if (seen.has(shard.index))
      throw new ClassDataError(`--merge: shard ${shard.index}/${count} is given twice (${seen.get(shard.index)} and ${dir})`);
    seen.set(shard.index, dir);
  }
  const missing = Array.from({ length: count }, (_, k) => k + 1).filter((k) => !seen.has(k));
  if (missing.length > 0)
    throw new ClassDataError(
      `--merge: shard${missing.length > 1 ? 's' : ''} ${missing.map((k) => `${k}/${count}`).join(', ')} missing; every shard's folder is needed`,
    );
}
