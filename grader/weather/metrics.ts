/** Scores of forecasts against the truth: errors for the regression, counts for the classification. */

function checkPair(predicted: ArrayLike<number>, truth: ArrayLike<number>, fn: string): void {
  if (predicted.length !== truth.length || truth.length === 0) {
    throw new RangeError(
      `${fn}: arguments predicted and truth must have the same non-zero length, got ${predicted.length} and ${truth.length}`,
    );
  }
}

/** Root-mean-square error. */
export function rmse(predicted: ArrayLike<number>, truth: ArrayLike<number>): number {
  checkPair(predicted, truth, 'rmse');
  let sum = 0;
  for (let k = 0; k < truth.length; k++) sum += (predicted[k] - truth[k]) ** 2;
  return Math.sqrt(sum / truth.length);
}

/** Mean absolute error. */
export function mae(predicted: ArrayLike<number>, truth: ArrayLike<number>): number {
  checkPair(predicted, truth, 'mae');
  let sum = 0;
  for (let k = 0; k < truth.length; k++) sum += Math.abs(predicted[k] - truth[k]);
  return sum / truth.length;
}

/** Fraction of predictions equal to the truth. */
export function accuracy(predicted: ArrayLike<number>, truth: ArrayLike<number>): number {
  checkPair(predicted, truth, 'accuracy');
  let right = 0;
  for (let k = 0; k < truth.length; k++) if (predicted[k] === truth[k]) right++;
  return right / truth.length;
}

/** counts[t][p]: how many days of true class t were predicted as class p. */
export function confusionMatrix(predicted: ArrayLike<number>, truth: ArrayLike<number>, classes: number): number[][] {
  checkPair(predicted, truth, 'confusionMatrix');
  const counts = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let k = 0; k < truth.length; k++) {
    const t = truth[k];
    const p = predicted[k];
    if (!Number.isInteger(t) || !Number.isInteger(p) || t < 0 || p < 0 || t >= classes || p >= classes) {
      throw new RangeError(`confusionMatrix: entry ${k} pairs truth ${t} with prediction ${p}, outside the classes 0 to ${classes - 1}`);
    }
    counts[t][p]++;
  }
  return counts;
}

/** Per true class, the fraction of its days predicted right; null for a class with no days. */
export function perClassRecall(counts: number[][]): (number | null)[] {
  return counts.map((row, t) => {
    const total = row.reduce((a, b) => a + b, 0);
    return total === 0 ? null : row[t] / total;
  });
}
