/**
 * Student ids: they name the folders DIR/<student>/ and the gradebook rows, so they are made safe
 * as a single path segment and as a spreadsheet cell. GitHub Classroom names each clone
 * `<assignment>-<login>`; the assignment prefix shared by every folder is dropped.
 */

import { CLASS_DATA_DIR, CLASS_PAGE_FILE, GRADEBOOK_FILE } from '../store';

/** Characters kept in an id: what logins, student numbers and e-mail addresses use. */
const UNSAFE = /[^A-Za-z0-9._@+-]/g;

/** Names DIR already uses for the class itself: a student cannot have them as a folder. */
const RESERVED = new Set([CLASS_DATA_DIR, CLASS_PAGE_FILE, GRADEBOOK_FILE]);

/**
 * A folder-safe id for `name`: unsafe characters become `_`; never empty, never `.` or `..`, never
 * hidden, never one of the class's own names in DIR (those get a leading `_`).
 */
export function safeStudentId(name: string): string {
  if (typeof name !== 'string') throw new TypeError(`safeStudentId: argument name must be a string, got ${typeof name}`);
  let id = name.trim().replace(UNSAFE, '_').replace(/^[.]+/, '_');
  if (id.length > 100) id = id.slice(0, 100);
  if (id === '') return '_';
  return RESERVED.has(id) ? `_${id}` : id;
}

/**
 * The prefix every name shares up to and including a `-` (GitHub Classroom's `<assignment>-`), or
 * '' when there are fewer than two names or no such prefix. A prefix that would leave a name empty
 * is not a prefix.
 */
export function commonAssignmentPrefix(names: readonly string[]): string {
  if (names.length < 2) return '';
  let prefix = names[0];
  for (const name of names) {
    let k = 0;
    while (k < prefix.length && k < name.length && prefix[k] === name[k]) k++;
    prefix = prefix.slice(0, k);
  }
  const cut = prefix.lastIndexOf('-');
  if (cut < 0) return '';
  const candidate = prefix.slice(0, cut + 1);
  return names.every((n) => n.length > candidate.length) ? candidate : '';
}
