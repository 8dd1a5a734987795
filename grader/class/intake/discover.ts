/**
 * Finds the students in SUBMISSIONS. Three layouts (docs/class-grading.md):
 *
 * - one folder per student: cloned GitHub Classroom repositories (`<assignment>-<login>/`, with
 *   exercises/ inside) or folders laid out like exercises/; the id is the folder name without the
 *   assignment prefix every folder shares;
 * - one zip per student: `<student>.zip` holding either layout (may be mixed with folders);
 * - a Gradescope export: `submission_metadata.yml` and `submission_<id>/` folders; the ids come
 *   from the metadata (student id, else e-mail, else name).
 *
 * Nothing here reads a submission's files; that is intake's job (./folder.ts, ./zip.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { compareText } from './files';
import { GRADESCOPE_METADATA, readGradescopeMetadata } from './gradescope';
import { commonAssignmentPrefix, safeStudentId } from './student-ids';

export interface StudentSource {
  /** Folder-safe id: DIR/<student>/ and the gradebook row. */
  student: string;
  /** Where the submission was found, relative to SUBMISSIONS, for messages (`lstm-lab-alice/`, `bob.zip`). */
  origin: string;
  /** Equal for students who handed in one submission together (a Gradescope group). */
  sourceKey: string;
  source?: { kind: 'folder' | 'zip'; path: string };
  /** Set when the submission cannot be read at all; the student gets a row with this reason. */
  problem?: string;
}

export interface Discovery {
  layout: 'gradescope' | 'per-student';
  /** Sorted by student id. */
  students: StudentSource[];
  /** The assignment prefix taken off folder names ('' for none). */
  prefix: string;
  notes: string[];
}

/** SUBMISSIONS itself is unusable: the class command stops with exit code 2. */
export class DiscoveryError extends Error {
  override name = 'DiscoveryError';
}

export interface DiscoverOptions {
  /** Prefix to take off folder and zip names; undefined: the prefix all names share up to a `-`. */
  stripPrefix?: string;
}

export function discoverSubmissions(root: string, options: DiscoverOptions = {}): Discovery {
  if (typeof root !== 'string' || root === '') throw new TypeError('discoverSubmissions: argument root must be a folder path');
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) {
    throw new DiscoveryError(`${root} is not a folder (give the folder that holds one folder or zip per student, or a Gradescope export)`);
  }
  const exportRoot = gradescopeRoot(root);
  const discovery = exportRoot !== undefined ? discoverGradescope(exportRoot, root) : discoverPerStudent(root, options);
  if (discovery.students.length === 0) {
    throw new DiscoveryError(`${root} holds no student folders or zips`);
  }
  return discovery;
}

/** The export's folder: SUBMISSIONS itself, or the one folder in it (the export zip unpacks into one). */
function gradescopeRoot(root: string): string | undefined {
  if (fs.existsSync(path.join(root, GRADESCOPE_METADATA))) return root;
  const folders = visibleEntries(root).filter((e) => e.isDirectory());
  if (folders.length === 1 && fs.existsSync(path.join(root, folders[0].name, GRADESCOPE_METADATA))) return path.join(root, folders[0].name);
  return undefined;
}

function visibleEntries(dir: string): fs.Dirent[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.') && e.name !== '__MACOSX')
    .sort((a, b) => compareText(a.name, b.name));
}

function discoverPerStudent(root: string, options: DiscoverOptions): Discovery {
  const notes: string[] = [];
  const entries = visibleEntries(root).filter((e) => e.isDirectory() || e.isSymbolicLink() || (e.isFile() && /\.zip$/i.test(e.name)));
  const ignored = visibleEntries(root).length - entries.length;
  if (ignored > 0) notes.push(`${ignored} file(s) in ${root} that are neither folders nor zips were ignored`);
  const nameOf = (e: fs.Dirent) => (e.isFile() ? e.name.replace(/\.zip$/i, '') : e.name);
  const prefix = options.stripPrefix ?? commonAssignmentPrefix(entries.map(nameOf));
  const found = entries.map((entry): StudentSource => {
    const name = nameOf(entry);
    const student = safeStudentId(
      prefix !== '' && name.startsWith(prefix) && name.length > prefix.length ? name.slice(prefix.length) : name,
    );
    const origin = entry.isFile() ? entry.name : `${entry.name}/`;
    const full = path.join(root, entry.name);
    if (entry.isSymbolicLink()) {
      return {
        student,
        origin,
        sourceKey: origin,
        problem: `${origin.replace(/\/$/, '')} is a symbolic link; copy the submission itself into ${root}`,
      };
    }
    return { student, origin, sourceKey: origin, source: { kind: entry.isFile() ? 'zip' : 'folder', path: full } };
  });
  return { layout: 'per-student', students: mergeDuplicates(found), prefix, notes };
}

function discoverGradescope(exportRoot: string, root: string): Discovery {
  const notes: string[] = [];
  const relative = path.relative(root, exportRoot);
  const at = (name: string) => (relative === '' ? name : `${relative}/${name}`);
  let listed;
  try {
    listed = readGradescopeMetadata(path.join(exportRoot, GRADESCOPE_METADATA));
  } catch (error) {
    throw new DiscoveryError((error as Error).message);
  }
  const found: StudentSource[] = [];
  const known = new Set<string>();
  for (const submission of listed) {
    known.add(submission.folder);
    const folder = path.join(exportRoot, submission.folder);
    const origin = `${at(submission.folder)}/`;
    const names = submission.submitters.length > 0 ? submission.submitters : [submission.folder];
    const exists = fs.existsSync(folder) && fs.lstatSync(folder).isDirectory();
    for (const name of names) {
      const student = safeStudentId(name);
      found.push(
        exists
          ? { student, origin, sourceKey: origin, source: { kind: 'folder', path: folder } }
          : { student, origin, sourceKey: origin, problem: `the export has no folder ${submission.folder} for this submission` },
      );
    }
  }
  for (const entry of visibleEntries(exportRoot)) {
    if (entry.isDirectory() && !known.has(entry.name)) {
      notes.push(`${at(entry.name)}/ is not in ${GRADESCOPE_METADATA}: graded under its folder name`);
      const origin = `${at(entry.name)}/`;
      found.push({
        student: safeStudentId(entry.name),
        origin,
        sourceKey: origin,
        source: { kind: 'folder', path: path.join(exportRoot, entry.name) },
      });
    }
  }
  return { layout: 'gradescope', students: mergeDuplicates(found), prefix: '', notes };
}

/** One entry per id: a student with two submissions (alice/ and alice.zip) gets a row that says so. */
function mergeDuplicates(found: StudentSource[]): StudentSource[] {
  const byId = new Map<string, StudentSource[]>();
  for (const s of found) byId.set(s.student, [...(byId.get(s.student) ?? []), s]);
  return [...byId.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([student, sources]) => {
      const distinct = [...new Set(sources.map((s) => s.sourceKey))];
      if (distinct.length === 1) return sources[0];
      const origins = distinct.join(', ');
      return {
        student,
        origin: origins,
        sourceKey: origins,
        problem: `more than one submission found for this student (${origins}); keep one`,
      };
    });
}
