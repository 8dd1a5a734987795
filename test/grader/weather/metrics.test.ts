import { describe, expect, it } from 'vitest';
import { accuracy, confusionMatrix, mae, perClassRecall, rmse } from '../../../grader/weather/metrics';

describe('regression errors', () => {
  it('computes RMSE and MAE', () => {
    // Persistence on the fixture: errors 1, −5, −3, 5, −1.
    expect(rmse([2, 1, 6, 9, 4], [1, 6, 9, 4, 5])).toBeCloseTo(Math.sqrt(61 / 5), 14);
    expect(mae([2, 1, 6, 9, 4], [1, 6, 9, 4, 5])).toBe(3);
    expect(() => rmse([1], [1, 2])).toThrow('rmse: arguments predicted and truth must have the same non-zero length, got 1 and 2');
    expect(() => mae([], [])).toThrow('mae: arguments predicted and truth must have the same non-zero length, got 0 and 0');
  });
});

describe('classification counts', () => {
  // Persistence on the fixture: truth sun, rain, rain, fog, sun; predicted sun, sun, rain, rain, fog.
  const truth = [0, 3, 3, 1, 0];
  const predicted = [0, 0, 3, 3, 1];

  it('counts accuracy, the confusion matrix (rows: truth) and per-class recall', () => {
    expect(accuracy(predicted, truth)).toBe(0.4);
    const counts = confusionMatrix(predicted, truth, 5);
    expect(counts).toEqual([
      [1, 1, 0, 0, 0],
      [0, 0, 0, 1, 0],
      [0, 0, 0, 0, 0],
      [1, 0, 0, 1, 0],
      [0, 0, 0, 0, 0],
    ]);
    expect(perClassRecall(counts)).toEqual([0.5, 0, null, 0.5, null]);
  });

  it('refuses classes outside the range', () => {
    expect(() => confusionMatrix([5], [0], 5)).toThrow(
      'confusionMatrix: entry 0 pairs truth 0 with prediction 5, outside the classes 0 to 4',
    );
  });
});
