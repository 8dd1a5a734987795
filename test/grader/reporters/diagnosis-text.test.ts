/** A diagnosis in sentences, the same in every text output. */
import { describe, expect, it } from 'vitest';
import { diagnosisSentences, fieldPhrase, soleMistake, yourFieldsMatch } from '../../../grader/reporters/diagnosis-text';
import { diagnosis } from '../../helpers/grade-builders';

const transpose = {
  id: 'affine-backward-no-transpose',
  name: 'dhPrev computed with W instead of Wᵀ',
  hint: 'Which matrix maps dz back to h?',
};
const swapped = { id: 'affine-x-before-h', name: '[x, h] instead of [h, x]', hint: 'The hidden part comes first.' };

describe('fieldPhrase', () => {
  it('calls the bare result "result", a changed argument by its name, and any other field by its path', () => {
    expect(fieldPhrase('')).toBe('result');
    expect(fieldPhrase('arguments.ds')).toBe('change to the argument ds');
    expect(fieldPhrase('grads.forget.dW')).toBe('grads.forget.dW');
  });
});

describe('yourFieldsMatch', () => {
  const failing = { failingFields: ['dW', 'db', 'dhPrev', 'dx'] };

  it('lists one, two or more fields, with "and" before the last and the verb agreeing', () => {
    expect(yourFieldsMatch(['dhPrev'], failing)).toBe('Your dhPrev matches');
    expect(yourFieldsMatch(['dhPrev', 'dx'], failing)).toBe('Your dhPrev and dx match');
    expect(yourFieldsMatch(['dW', 'db', 'dx'], failing)).toBe('Your dW, db and dx match');
    expect(yourFieldsMatch([''], { failingFields: [''] })).toBe('Your result matches');
    expect(yourFieldsMatch(['arguments.ds'], failing)).toBe('Your change to the argument ds matches');
  });

  it('says "Your answer matches" when the fields are all the failing ones (and more than one)', () => {
    expect(yourFieldsMatch(['dW', 'db', 'dhPrev', 'dx'], failing)).toBe('Your answer matches');
    expect(yourFieldsMatch(['dcPrev'], { failingFields: ['dcPrev'] })).toBe('Your dcPrev matches');
  });
});

describe('diagnosisSentences', () => {
  it('names each mistake with its hint, then the ties, then the findings', () => {
    const d = diagnosis({
      fn: 'affineBackward',
      failingFields: ['dW', 'dhPrev', 'dx'],
      named: [{ ...transpose, fields: ['dhPrev'] }],
      oneOf: [{ fields: ['dW', 'dx'], mistakes: [swapped, { id: 'affine-dw-transposed', name: 'dW transposed', hint: '' }] }],
      findings: [{ fields: ['db'], text: 'Your db is the expected value times −1.' }],
    });
    expect(diagnosisSentences(d)).toEqual([
      'Your dhPrev matches a common mistake: dhPrev computed with W instead of Wᵀ.',
      'Hint: Which matrix maps dz back to h?',
      'Your dW and dx match one of these common mistakes: [x, h] instead of [h, x]; or dW transposed.',
      'Your db is the expected value times −1.',
    ]);
  });

  it('says nothing for an empty diagnosis', () => {
    expect(diagnosisSentences(diagnosis())).toEqual([]);
  });
});

describe('soleMistake', () => {
  it('is the one named mistake when there is exactly one and no tie', () => {
    const one = diagnosis({ named: [{ ...transpose, fields: ['dhPrev'] }] });
    expect(soleMistake(one)).toEqual({ ...transpose, fields: ['dhPrev'] });
  });

  it('is undefined with no diagnosis, no name, two names or a tie beside the name', () => {
    expect(soleMistake(undefined)).toBeUndefined();
    expect(soleMistake(diagnosis())).toBeUndefined();
    expect(
      soleMistake(
        diagnosis({
          named: [
            { ...transpose, fields: ['dhPrev'] },
            { ...swapped, fields: ['dW'] },
          ],
        }),
      ),
    ).toBeUndefined();
    expect(
      soleMistake(diagnosis({ named: [{ ...transpose, fields: ['dhPrev'] }], oneOf: [{ fields: ['dW'], mistakes: [swapped] }] })),
    ).toBeUndefined();
  });
});
