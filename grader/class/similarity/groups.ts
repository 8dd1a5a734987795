/**
 * Groups of identical or near-identical submissions. The similarity of two submissions is the
 * Jaccard index |A ∩ B| / |A ∪ B| of their own-material fingerprints (./own-material.ts; every
 * exercise folder together, a fingerprint counted per folder). A pair is reported when the index
 * reaches the threshold AND they share enough own material to mean something; pairs join into
 * groups (connected components). Fingerprints that many submissions have are common idiom, not
 * copying, and are left out first, as MOSS does. docs/class-grading.md gives the figures behind
 * the defaults.
 */
import { compareText } from '../intake/files';

export interface SimilarityInput {
  student: string;
  /** Students with equal source keys handed in one submission together: never compared. */
  sourceKey: string;
  contentHash?: string;
  /** Own fingerprints per exercise folder. */
  fingerprints: Record<string, number[]>;
}

export interface SimilaritySettings {
  /** Smallest Jaccard index reported. */
  threshold: number;
  /** Smallest number of shared own fingerprints reported. */
  minShared: number;
  /** A fingerprint in more than max(commonFloor, commonFraction × submissions) submissions is ignored. */
  commonFraction: number;
  commonFloor: number;
}

export const DEFAULT_SIMILARITY: SimilaritySettings = { threshold: 0.6, minShared: 25, commonFraction: 0.25, commonFloor: 10 };

export interface SimilarPair {
  students: [string, string];
  similarity: number;
  shared: number;
  /** The two submissions' exercise files are byte for byte the same. */
  identical: boolean;
  /** Exercise folders holding the shared material. */
  folders: string[];
}

export interface SimilarGroup {
  students: string[];
  pairs: SimilarPair[];
  identical: boolean;
  minSimilarity: number;
  maxSimilarity: number;
}

export interface SimilarityReport {
  groups: SimilarGroup[];
  /** Fingerprints left out as common idiom. */
  commonFingerprints: number;
  /** Submissions with any own material left (the others cannot be similar to anything). */
  withOwnMaterial: number;
}

function checkSettings(settings: SimilaritySettings): void {
  const fn = 'similarGroups';
  if (!(settings.threshold > 0 && settings.threshold <= 1))
    throw new RangeError(`${fn}: setting threshold must be in (0, 1], got ${settings.threshold}`);
  for (const key of ['minShared', 'commonFloor'] as const) {
    if (!Number.isInteger(settings[key]) || settings[key] < 1)
      throw new RangeError(`${fn}: setting ${key} must be a whole number ≥ 1, got ${settings[key]}`);
  }
  if (!(settings.commonFraction > 0 && settings.commonFraction <= 1))
    throw new RangeError(`${fn}: setting commonFraction must be in (0, 1], got ${settings.commonFraction}`);
}

export function similarGroups(inputs: readonly SimilarityInput[], settings: SimilaritySettings = DEFAULT_SIMILARITY): SimilarityReport {
  checkSettings(settings);
  const folders = [...new Set(inputs.flatMap((i) => Object.keys(i.fingerprints)))].sort(compareText);
  const folderIndex = new Map(folders.map((f, k) => [f, k]));
  // One number per (folder, fingerprint): fingerprints are 32-bit, so this stays an exact integer.
  const keyOf = (folder: string, h: number) => folderIndex.get(folder)! * 2 ** 32 + h;
  const sets = inputs.map((input) => {
    const set = new Set<number>();
    for (const [folder, hashes] of Object.entries(input.fingerprints)) for (const h of hashes) set.add(keyOf(folder, h));
    return set;
  });

  // How many distinct submissions (source keys) hold each fingerprint.
  const holders = new Map<number, Set<string>>();
  sets.forEach((set, k) => {
    for (const f of set) {
      let owners = holders.get(f);
      if (!owners) holders.set(f, (owners = new Set()));
      owners.add(inputs[k].sourceKey);
    }
  });
  const submissions = new Set(inputs.map((i) => i.sourceKey)).size;
  const commonLimit = Math.max(settings.commonFloor, Math.floor(settings.commonFraction * submissions));
  const common = new Set([...holders.entries()].filter(([, owners]) => owners.size > commonLimit).map(([f]) => f));
  const own = sets.map((set) => new Set([...set].filter((f) => !common.has(f))));

  // Shared counts only for pairs that share something, through an inverted index.
  const index = new Map<number, number[]>();
  own.forEach((set, k) => {
    for (const f of set) {
      let list = index.get(f);
      if (!list) index.set(f, (list = []));
      list.push(k);
    }
  });
  const sharedCounts = new Map<string, number>();
  for (const list of index.values()) {
    for (let x = 0; x < list.length; x++) {
      for (let y = x + 1; y < list.length; y++) {
        const key = `${list[x]},${list[y]}`;
        sharedCounts.set(key, (sharedCounts.get(key) ?? 0) + 1);
      }
    }
  }

  const pairs: SimilarPair[] = [];
  for (const [key, shared] of sharedCounts) {
    const [a, b] = key.split(',').map(Number);
    if (inputs[a].sourceKey === inputs[b].sourceKey) continue;
    const similarity = shared / (own[a].size + own[b].size - shared);
    if (similarity < settings.threshold || shared < settings.minShared) continue;
    const sharedFolders = folders.filter((folder) => (inputs[a].fingerprints[folder] ?? []).some((h) => own[b].has(keyOf(folder, h))));
    const [first, second] = [inputs[a].student, inputs[b].student].sort(compareText);
    pairs.push({
      students: [first, second],
      similarity,
      shared,
      identical: inputs[a].contentHash !== undefined && inputs[a].contentHash === inputs[b].contentHash,
      folders: sharedFolders,
    });
  }
  return { groups: connectedGroups(pairs), commonFingerprints: common.size, withOwnMaterial: own.filter((s) => s.size > 0).length };
}

function connectedGroups(pairs: SimilarPair[]): SimilarGroup[] {
  const parent = new Map<string, string>();
  const find = (s: string): string => {
    let root = s;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(s, root);
    return root;
  };
  for (const { students } of pairs) {
    for (const s of students) if (!parent.has(s)) parent.set(s, s);
    const [ra, rb] = students.map(find);
    if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  }
  const groups = new Map<string, SimilarGroup>();
  for (const pair of [...pairs].sort((p, q) => compareText(p.students.join('\0'), q.students.join('\0')))) {
    const root = find(pair.students[0]);
    const group = groups.get(root) ?? { students: [], pairs: [], identical: true, minSimilarity: 1, maxSimilarity: 0 };
    group.pairs.push(pair);
    group.identical &&= pair.identical;
    group.minSimilarity = Math.min(group.minSimilarity, pair.similarity);
    group.maxSimilarity = Math.max(group.maxSimilarity, pair.similarity);
    groups.set(root, group);
  }
  for (const group of groups.values()) group.students = [...new Set(group.pairs.flatMap((p) => p.students))].sort(compareText);
  return [...groups.values()].sort((g, h) => h.maxSimilarity - g.maxSimilarity || compareText(g.students[0], h.students[0]));
}
