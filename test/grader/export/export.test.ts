/**
 * The student template as written (`npm run export:student`): reproducible to the byte, ready for
 * `git init`, without solutions, answer key or instructor tooling, type-checked on its own, and,
 * checked on the exported code itself (parsed, not just listed), without any backward
 * implementation: every graded backward function exists only as a stub that throws, and the
 * trusted trainers' backward members are stubbed.
 */
import { spawnSync } from 'node:child_process';
import { lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { exportStudentTemplate, type ExportSummary } from '../../../grader/export/export';
import { STUDENT_SCRIPTS } from '../../../grader/export/manifest';
import { stripInstructorOnly } from '../../../grader/export/strip';
import { CODE_EXERCISES } from '../../../grader/course';
import { EXERCISES_DIR, GRADER_ROOT } from '../../../grader/paths';
import { NOT_IN_TEMPLATE } from '../../../grader/student-template';

const root = mkdtempSync(path.join(tmpdir(), 'export-test-'));
const first = path.join(root, 'first');
const second = path.join(root, 'second');
let summary: ExportSummary;

/** Every file under `folder`, relative and /-separated, node_modules left out. */
function filesUnder(folder: string, relative = ''): string[] {
  return readdirSync(path.join(folder, relative))
    .sort()
    .flatMap((name) => {
      const rel = relative === '' ? name : `${relative}/${name}`;
      if (name === 'node_modules') return [];
      return lstatSync(path.join(folder, rel)).isDirectory() ? filesUnder(folder, rel) : [rel];
    });
}

const read = (file: string) => readFileSync(path.join(first, file), 'utf8');

beforeAll(async () => {
  summary = await exportStudentTemplate({ out: first });
  await exportStudentTemplate({ out: second });
}, 900_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the exported student template', () => {
  it('is reproducible: a second export has the same files, byte for byte, and the same modes', () => {
    const files = filesUnder(first);
    expect(files).toEqual(filesUnder(second));
    expect(files.length).toBe(summary.files);
    const differing = files.filter((f) => !readFileSync(path.join(first, f)).equals(readFileSync(path.join(second, f))));
    expect(differing).toEqual([]);
    const modes = (folder: string) => files.map((f) => lstatSync(path.join(folder, f)).mode & 0o777);
    expect(modes(first)).toEqual(modes(second));
    expect(new Set(modes(first))).toEqual(new Set([0o644]));
  });

  it('is git init-ready: a .gitignore, no .git, dependencies, caches or reports', () => {
    const files = filesUnder(first);
    expect(new Set(files.map((f) => f.split('/')[0]))).toEqual(
      new Set([
        '.github',
        '.gitignore',
        'README.md',
        'exercises',
        'grader',
        'lib',
        'package-lock.json',
        'package.json',
        'reports',
        'tsconfig.json',
      ]),
    );
    expect(files.filter((f) => f.startsWith('reports/'))).toEqual(['reports/.gitkeep']);
    expect(files.filter((f) => /(^|\/)(\.git|\.cache|node_modules)(\/|$)|\.(wasm|log|tmp)$/.test(f))).toEqual([]);
    expect(read('.gitignore').split('\n')).toEqual(
      expect.arrayContaining(['node_modules/', 'reports/*', '!reports/.gitkeep', '.cache/', 'grader/copytask/kernels/gemm.wasm']),
    );
  });

  it('ships no solution code, answer key, tests or instructor tooling, and no JavaScript', () => {
    const files = filesUnder(first);
    const forbidden = /^(solutions|test|scripts|docs)\/|^grader\/(answer-key|bench|class|export)\/|grade-class\.yml$/;
    expect(files.filter((f) => forbidden.test(f))).toEqual([]);
    expect(files.filter((f) => /\.(js|mjs|cjs)$/.test(f))).toEqual([]);
    expect(files.filter((f) => f.startsWith('grader/recorded/'))).toEqual([
      'grader/recorded/README.md',
      'grader/recorded/answers.json',
      'grader/recorded/reference-runs.json',
    ]);
  });

  it("has the course's stubs and exercise READMEs, byte for byte", () => {
    const stubs = filesUnder(EXERCISES_DIR);
    expect(filesUnder(path.join(first, 'exercises'))).toEqual(stubs);
    for (const file of stubs)
      expect(readFileSync(path.join(first, 'exercises', file)).equals(readFileSync(path.join(EXERCISES_DIR, file))), file).toBe(true);
  });

  it("keeps the course's dependencies and lock file, and only the students' scripts", () => {
    const course = JSON.parse(readFileSync(path.join(GRADER_ROOT, 'package.json'), 'utf8'));
    const template = JSON.parse(read('package.json'));
    expect(Object.keys(template.scripts)).toEqual(Object.keys(course.scripts).filter((s) => STUDENT_SCRIPTS.includes(s)));
    expect(template.dependencies).toEqual(course.dependencies);
    expect(template.devDependencies).toEqual(course.devDependencies);
    expect(readFileSync(path.join(first, 'package-lock.json')).equals(readFileSync(path.join(GRADER_ROOT, 'package-lock.json')))).toBe(
      true,
    );
  });

  it('promises only commands that exist: every npm run in its READMEs and workflows is a script', () => {
    const scripts = Object.keys(JSON.parse(read('package.json')).scripts);
    const markdown = filesUnder(first)
      .filter((f) => f.endsWith('.md'))
      .map(read)
      .join('\n');
    const workflows = ['autograde.yml', 'classroom.yml'].map((w) => read(`.github/workflows/${w}`));
    for (const workflow of workflows) expect(parseYaml(workflow)).toHaveProperty('jobs');
    const used = new Set([...[markdown, ...workflows].join('\n').matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]));
    expect([...used].filter((s) => !scripts.includes(s))).toEqual([]);
    expect(used).toContain('grade');
    expect(markdown).not.toMatch(/npm (test|run test)\b/);
    expect(read('README.md')).toContain('recorded for the default seed (42)');
  });

  it('type-checks on its own: tsc --noEmit -p DIR with its own tsconfig', () => {
    symlinkSync(path.join(GRADER_ROOT, 'node_modules'), path.join(second, 'node_modules'), 'dir');
    const tsc = require.resolve('typescript/bin/tsc');
    const run = spawnSync(process.execPath, [tsc, '--noEmit', '-p', second], { encoding: 'utf8', timeout: 600_000 });
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
  }, 600_000);
});

// ---- no backward implementation, checked on the exported code ------------------------------------

const BACKWARD_FUNCTIONS = new Set(CODE_EXERCISES.flatMap((e) => e.pairs.map((p) => p.backward)));

/** The trusted trainers' backward members: each must be a stub in the template. */
const BACKWARD_MEMBERS: readonly [file: string, owner: string, member: string][] = [
  ['grader/copytask/fast-lstm.ts', 'FastLstm', 'backwardBatch'],
  ['grader/copytask/fast-lstm.ts', 'FastLstm', 'backward'],
  ['grader/copytask/fast-lstm.ts', 'FastLstm', 'initialStateGradients'],
  ['grader/copytask/fast-rnn.ts', 'FastRnn', 'backwardBatch'],
  ['grader/copytask/fast-rnn.ts', 'FastRnn', 'backward'],
  ['grader/copytask/recurrent-affine.ts', 'RecurrentAffine', 'hiddenGradient'],
  ['grader/copytask/recurrent-affine.ts', 'RecurrentAffine', 'accumulateGradients'],
  ['grader/copytask/batched-loss.ts', 'BatchedSoftmaxLoss', 'lossAndGradients'],
  ['grader/weather/fast-head.ts', 'FastHead', 'lossAt'],
  ['grader/weather/fast-head.ts', 'FastHead', 'backwardInto'],
  ['grader/weather/fast-head.ts', 'FastHead', 'step'],
];

/**
 * Definitions named like a graded backward function that may exist outside exercises/, with why:
 * they must compute nothing (no arithmetic at all, checked below).
 */
const ALLOWED_OUTSIDE_EXERCISES: Readonly<Record<string, string>> = {
  'grader/reference/forward-only.ts': 'stand-ins that return zero gradients, for timing the forward passes',
};

interface Definition {
  file: string;
  name: string;
  /** The function's body (undefined for a definition that is not a function literal). */
  body: ts.Node | undefined;
  line: number;
}

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, read(file), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
}

/** Every definition in `file` of a name in `names`: functions, methods, variables and object properties. */
function definitionsOf(file: string, names: ReadonlySet<string>): Definition[] {
  const source = parse(file);
  const found: Definition[] = [];
  const functionBody = (node: ts.Node | undefined) =>
    node && (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) ? node.body : undefined;
  const visit = (node: ts.Node) => {
    let name: string | undefined;
    let body: ts.Node | undefined;
    let defines = false;
    if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.name) {
      [name, body, defines] = [node.name.getText(source), node.body, node.body !== undefined];
    } else if (ts.isVariableDeclaration(node) && node.initializer) {
      [name, body, defines] = [node.name.getText(source), functionBody(node.initializer), true];
    } else if (ts.isShorthandPropertyAssignment(node)) {
      [name, body, defines] = [node.name.getText(source), undefined, true];
    } else if (ts.isPropertyAssignment(node)) {
      // A literal value only names a function or gives its arity (`exports: { affineBackward: 4 }`).
      const literal =
        ts.isLiteralExpression(node.initializer) ||
        ts.isTemplateExpression(node.initializer) ||
        ts.isNoSubstitutionTemplateLiteral(node.initializer);
      [name, body, defines] = [node.name.getText(source), functionBody(node.initializer), !literal];
    }
    if (defines && name !== undefined && names.has(name.replace(/^['"]|['"]$/g, ''))) {
      found.push({ file, name, body, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const onlyThrows = (body: ts.Node | undefined) =>
  body !== undefined && ts.isBlock(body) && body.statements.length === 1 && ts.isThrowStatement(body.statements[0]);

const ARITHMETIC = new Set([
  ts.SyntaxKind.PlusToken,
  ts.SyntaxKind.MinusToken,
  ts.SyntaxKind.AsteriskToken,
  ts.SyntaxKind.SlashToken,
  ts.SyntaxKind.AsteriskAsteriskToken,
  ts.SyntaxKind.PlusEqualsToken,
  ts.SyntaxKind.MinusEqualsToken,
  ts.SyntaxKind.AsteriskEqualsToken,
  ts.SyntaxKind.SlashEqualsToken,
]);

function computes(body: ts.Node): boolean {
  let found = false;
  const visit = (node: ts.Node) => {
    if (ts.isBinaryExpression(node) && ARITHMETIC.has(node.operatorToken.kind)) found = true;
    if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && node.operator !== ts.SyntaxKind.ExclamationToken)
      found = true;
    ts.forEachChild(node, visit);
  };
  visit(body);
  return found;
}

describe('the exported code has no backward implementation', () => {
  const tsFiles = () => filesUnder(first).filter((f) => f.endsWith('.ts'));

  it('checks every graded backward function of the course', () => {
    expect([...BACKWARD_FUNCTIONS]).toEqual(
      expect.arrayContaining(['sigmoidBackward', 'affineBackward', 'lstmCellBackward', 'lstmBackward', 'softmaxCrossEntropyBackward']),
    );
    expect(BACKWARD_FUNCTIONS.size).toBe(CODE_EXERCISES.flatMap((e) => e.pairs).length);
  });

  it('defines a graded backward function only as a stub in exercises/ that throws', () => {
    const definitions = tsFiles().flatMap((file) => definitionsOf(file, BACKWARD_FUNCTIONS));
    const stubs = definitions.filter((d) => d.file.startsWith('exercises/'));
    expect(new Set(stubs.map((d) => d.name))).toEqual(BACKWARD_FUNCTIONS);
    expect(stubs.filter((d) => !onlyThrows(d.body)).map((d) => `${d.file}:${d.line} ${d.name}`)).toEqual([]);
    const elsewhere = definitions.filter((d) => !d.file.startsWith('exercises/'));
    expect(elsewhere.filter((d) => !(d.file in ALLOWED_OUTSIDE_EXERCISES)).map((d) => `${d.file}:${d.line} ${d.name}`)).toEqual([]);
    expect(elsewhere.filter((d) => d.body === undefined || computes(d.body)).map((d) => `${d.file}:${d.line} ${d.name}`)).toEqual([]);
  });

  it("stubs the trusted trainers' backward members with a throw of NotInTemplateError", () => {
    for (const [file, owner, member] of BACKWARD_MEMBERS) {
      const source = parse(file);
      const owners = source.statements.filter((s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === owner);
      const method = owners[0]?.members.find(
        (m): m is ts.MethodDeclaration => ts.isMethodDeclaration(m) && m.name.getText(source) === member,
      );
      expect(method, `${owner}.${member} in ${file}`).toBeDefined();
      expect(onlyThrows(method!.body), `${owner}.${member}`).toBe(true);
      expect(method!.body!.getText(source)).toContain(NOT_IN_TEMPLATE);
    }
  });

  it('has every @instructorOnly declaration stripped: stripping the export again changes nothing', () => {
    const changed = tsFiles().filter((file) => stripInstructorOnly(file, read(file)).text !== read(file));
    expect(changed).toEqual([]);
    expect(summary.stripped.flatMap((s) => s.names.map((n) => `${s.file} ${n}`))).toEqual(
      expect.arrayContaining(BACKWARD_MEMBERS.map(([file, owner, member]) => `${file} ${owner}.${member}`)),
    );
  });

  it('has no backward equations and no diagnostic quantities in the course modules', () => {
    const offending: string[] = [];
    for (const file of tsFiles().filter((f) => f.startsWith('grader/course/'))) {
      const source = parse(file);
      const visit = (node: ts.Node) => {
        if (ts.isPropertyAssignment(node)) {
          const name = node.name.getText(source);
          if (name === 'diagnosticQuantities') offending.push(`${file}: diagnosticQuantities`);
          if (name === 'backward' && !ts.isStringLiteral(node.initializer) && !ts.isTemplateExpression(node.initializer)) {
            if (!ts.isArrayLiteralExpression(node.initializer) || node.initializer.elements.length > 0)
              offending.push(`${file}: backward ${node.initializer.getText(source).slice(0, 40)}`);
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    expect(offending).toEqual([]);
  });

  it('imports nothing from solutions/, the answer key, tests or scripts', () => {
    const offending: string[] = [];
    for (const file of tsFiles()) {
      const source = parse(file);
      const visit = (node: ts.Node) => {
        const specifier =
          ts.isImportDeclaration(node) || ts.isExportDeclaration(node)
            ? node.moduleSpecifier
            : ts.isCallExpression(node) &&
                (node.expression.kind === ts.SyntaxKind.ImportKeyword || node.expression.getText(source) === 'require')
              ? node.arguments[0]
              : undefined;
        if (specifier && ts.isStringLiteral(specifier) && /solutions|answer-key|(^|\/)(test|scripts)\//.test(specifier.text))
          offending.push(`${file}: ${specifier.text}`);
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    expect(offending).toEqual([]);
  });
});
