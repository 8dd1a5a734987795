/**
 * Stripping instructor-only code by the syntax tree: bodies become a throw of NotInTemplateError,
 * array properties become empty, other properties go, unused imports go, and a tag anywhere else
 * fails loudly instead of shipping its code.
 */
import { describe, expect, it } from 'vitest';
import { pruneUnusedImports, StripError, stripInstructorOnly } from '../../../grader/export/strip';
import { isNotInTemplate, NOT_IN_TEMPLATE } from '../../../grader/student-template';

const SOURCE = `import { helper, other } from './helper';
import type { Kind } from './types';
import * as math from './math';

export class Model {
  forward(x: number): number {
    return helper(x);
  }

  /**
   * The gradient.
   * @instructorOnly the backward pass
   */
  backward(dy: number): number {
    return other(dy) * math.factor;
  }

  /** @instructorOnly a getter too */
  get slope(): Kind {
    return other(1) as Kind;
  }
}

/** @instructorOnly a function */
export function secret(a: number): number {
  return a * 2;
}

export const equations = {
  forward: [{ tex: 'y = 2x' }],
  /** @instructorOnly backward equations */
  backward: [{ tex: 'dx = 2 dy' }],
};

export const spec = {
  name: 'spec',
  // about the quantities
  /** @instructorOnly quantities */
  quantities: (x: number) => ({ total: x * 2 }),
  shape: 1,
};
`;

describe('stripInstructorOnly', () => {
  const { text, stripped } = stripInstructorOnly('model.ts', SOURCE);

  it('names what it stripped, in source order', () => {
    expect(stripped).toEqual(['Model.backward', 'Model.slope', 'secret', 'equations.backward', 'spec.quantities']);
  });

  it('replaces a method, getter or function body with a throw of NotInTemplateError', () => {
    expect(text).not.toContain('other(dy) * math.factor');
    expect(text).not.toContain('return a * 2');
    expect(text).toContain(
      `throw Object.assign(new Error('Model.backward is instructor-only: the student template ships without it (docs/student-template.md)'), { name: '${NOT_IN_TEMPLATE}' });`,
    );
    // The stripped body really throws that error.
    const body = /backward\(dy: number\): number \{\s*(throw [^\n]*)\s*\}/.exec(text)![1];
    let thrown: unknown;
    try {
      new Function(body)();
    } catch (error) {
      thrown = error;
    }
    expect(isNotInTemplate(thrown)).toBe(true);
  });

  it('keeps the rest of the file byte for byte, JSDoc included', () => {
    expect(text).toContain('  forward(x: number): number {\n    return helper(x);\n  }');
    expect(text).toContain('   * @instructorOnly the backward pass\n   */\n  backward(dy: number): number {\n    throw ');
    expect(text).toContain("forward: [{ tex: 'y = 2x' }],");
  });

  it('empties a tagged array property and removes any other tagged property with its comments', () => {
    expect(text).toContain('  backward: [],');
    expect(text).not.toContain('dx = 2 dy');
    expect(text).not.toContain('quantities');
    expect(text).not.toContain('about the quantities');
    expect(text).toContain("  name: 'spec',\n  shape: 1,\n};");
  });

  it('removes the imports the stripped code alone used, keeping type-only and used ones', () => {
    expect(text).toContain("import { helper } from './helper';");
    expect(text).not.toContain('./math');
    expect(text).toContain("import type { Kind } from './types';");
  });

  it('leaves a file without tags untouched', () => {
    const plain = "import { a, b } from './x';\nexport const c = a;\n";
    expect(stripInstructorOnly('plain.ts', plain)).toEqual({ text: plain, stripped: [] });
  });

  it('is idempotent: stripping its own output changes nothing', () => {
    expect(stripInstructorOnly('model.ts', text).text).toBe(text);
  });

  it('refuses a tag on something it cannot strip, naming the file', () => {
    const onVariable = '/** @instructorOnly a variable */\nexport const secret = (x: number) => x * 2;\n';
    expect(() => stripInstructorOnly('bad.ts', onVariable)).toThrow(StripError);
    expect(() => stripInstructorOnly('bad.ts', onVariable)).toThrow(/bad\.ts has 1 @instructorOnly tag\(s\) but 0/);
    const onInterfaceMember = 'interface I {\n  /** @instructorOnly */\n  backward(): void;\n}\n';
    expect(() => stripInstructorOnly('decl.ts', onInterfaceMember)).toThrow(/decl\.ts/);
  });

  it('counts a tag only at the start of a comment line, so prose may mention it', () => {
    const prose = '/** Marked `@instructorOnly` in the source. */\nexport const a = 1;\n';
    expect(stripInstructorOnly('prose.ts', prose).stripped).toEqual([]);
  });
});

describe('pruneUnusedImports', () => {
  it('keeps side-effect imports and default or namespace imports that are used', () => {
    const text = "import './register';\nimport ts from 'typescript';\nimport * as fs from 'node:fs';\nexport const k = ts.version;\n";
    expect(pruneUnusedImports('x.ts', text)).toBe("import './register';\nimport ts from 'typescript';\nexport const k = ts.version;\n");
  });

  it('keeps inline type modifiers of the bindings it keeps', () => {
    const text = "import { a, type B, c } from './m';\nexport const x: B = a;\n";
    expect(pruneUnusedImports('x.ts', text)).toBe("import { a, type B } from './m';\nexport const x: B = a;\n");
  });
});
