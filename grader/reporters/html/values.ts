/**
 * Counterexample values as HTML: numbers, vectors as one-row tables, matrices as grids, nested
 * objects (parameters, gradients) as labelled groups. Entries named in `differing` are marked.
 *
 * Entry paths follow grader/engine/tree.ts (`differences`): a key, then `.key` for nested objects
 * and `[i]` per array index, so entry (r, c) of a matrix `{ rows, cols, data }` is
 * `dW.data[r·cols + c]` (`dW[r][c]` is accepted too); entries of a top-level vector are `[i]`
 * (a named path such as `f[0]` marks them as well) and a top-level number is `(value)`.
 * Non-finite numbers arrive as the strings "NaN", "Infinity", "-Infinity" (toPlain) and are
 * shown as numbers.
 */
import type { PlainValue } from '../../model';
import { formatNumber } from '../../format';
import { escapeText } from './svg';

/** Most entries a table shows before it says "… n more" (keeps the file small). */
const MAX_ENTRIES = 400;

export function valueHtml(value: PlainValue | undefined, differing: readonly string[] = [], path = ''): string {
  return render(value, path, new Set(differing));
}

type Leaf = number | string | null;
const NON_FINITE = new Set(['NaN', 'Infinity', '-Infinity']);

function isNumberLike(v: PlainValue): v is Leaf {
  return typeof v === 'number' || v === null || (typeof v === 'string' && NON_FINITE.has(v));
}

function isNumberArray(v: PlainValue): v is Leaf[] {
  return Array.isArray(v) && v.every(isNumberLike);
}

function isMatrixObject(v: PlainValue): v is { rows: number; cols: number; data: Leaf[] } {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    typeof v.rows === 'number' &&
    typeof v.cols === 'number' &&
    isNumberArray(v.data ?? null) &&
    (v.data as Leaf[]).length === v.rows * v.cols
  );
}

/** A cell's path, plus the other name it may have in `differing` (a matrix entry's data index). */
interface CellPath {
  path: string;
  alias?: string;
}

function isDiffering({ path, alias }: CellPath, differing: Set<string>): boolean {
  if (differing.has(path) || (alias !== undefined && differing.has(alias))) return true;
  if (path === '' && differing.has('(value)')) return true;
  // A top-level vector's entry "[0]" also matches a named path such as "f[0]".
  if (path.startsWith('[')) for (const d of differing) if (d.endsWith(path) && !d.slice(0, -path.length).includes('[')) return true;
  return false;
}

function numberCell(value: Leaf, cell: CellPath, differing: Set<string>, tag: 'td' | 'span' = 'td'): string {
  const text = value === null ? 'null' : typeof value === 'string' ? value : formatNumber(value);
  // Only marked entries get a title (their path): the table headers already give every position,
  // and leaving the rest out keeps large counterexamples small.
  if (isDiffering(cell, differing)) {
    const title = escapeText(cell.path === '' ? `${text} (differs)` : `${cell.path} = ${text} (differs)`);
    return `<${tag} class="differs" title="${title}"><mark>${escapeText(text)}</mark></${tag}>`;
  }
  return `<${tag}>${escapeText(text)}</${tag}>`;
}

/** `dataPath` set: the rows come from a `{ rows, cols, data }` matrix whose data lives at that path. */
function table(rows: Leaf[][], path: string, differing: Set<string>, dataPath?: string): string {
  const cols = Math.max(...rows.map((r) => r.length), 0);
  const shownRows = Math.max(1, Math.min(rows.length, Math.floor(MAX_ENTRIES / Math.max(cols, 1))));
  const header = `<tr><td></td>${Array.from({ length: cols }, (_, c) => `<th scope="col">${c}</th>`).join('')}</tr>`;
  const body = rows
    .slice(0, shownRows)
    .map(
      (row, r) =>
        `<tr><th scope="row">${r}</th>` +
        row
          .map((v, c) => {
            const alias = dataPath === undefined ? undefined : `${dataPath}[${r * cols + c}]`;
            return numberCell(v, { path: `${path}[${r}][${c}]`, alias }, differing);
          })
          .join('') +
        '</tr>',
    )
    .join('');
  const more = rows.length > shownRows ? `<p class="more">… ${rows.length - shownRows} more rows</p>` : '';
  return `<table class="values matrix">${header}${body}</table>${more}`;
}

function render(value: PlainValue | undefined, path: string, differing: Set<string>): string {
  if (value === undefined) return '<span class="none">—</span>';
  if (isNumberLike(value)) return numberCell(value, { path }, differing, 'span');
  if (typeof value === 'string') return `<code>${escapeText(value)}</code>`;
  if (typeof value === 'boolean') return `<code>${value}</code>`;
  if (isNumberArray(value)) {
    const shown = value.slice(0, MAX_ENTRIES);
    const cells = shown.map((v, k) => numberCell(v, { path: `${path}[${k}]` }, differing)).join('');
    const more = value.length > shown.length ? `<td>… ${value.length - shown.length} more</td>` : '';
    return `<table class="values vector"><tr>${cells}${more}</tr></table>`;
  }
  if (Array.isArray(value) && value.length > 0 && value.every(isNumberArray)) {
    return table(value as Leaf[][], path, differing);
  }
  if (isMatrixObject(value)) {
    const rows = Array.from({ length: value.rows }, (_, r) => value.data.slice(r * value.cols, (r + 1) * value.cols));
    const dataPath = path === '' ? 'data' : `${path}.data`;
    return `<span class="shape">${value.rows} × ${value.cols} matrix</span>` + table(rows, path, differing, dataPath);
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return '<code>[]</code>';
    return `<ol class="values list" start="0">${value.map((v, k) => `<li>${render(v, `${path}[${k}]`, differing)}</li>`).join('')}</ol>`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return '<code>{}</code>';
  return (
    '<dl class="values object">' +
    entries
      .map(([key, v]) => {
        const child = path === '' ? key : `${path}.${key}`;
        return `<div><dt>${escapeText(key)}</dt><dd>${render(v, child, differing)}</dd></div>`;
      })
      .join('') +
    '</dl>'
  );
}
