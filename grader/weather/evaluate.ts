/**
 * Trusted evaluation of trained weights on the held-out year, with the reference forward pass: the
 * forecasts, their scores, and the baselines' scores on the same days.
 */
import type { Dense, LstmParams, Vector } from '../../lib/types';
import { FastLstm } from '../copytask/fast-lstm';
import { climatologyTemperature, majorityClass, persistenceClass, persistenceTemperature } from './baselines';
import { WEATHER_CLASSES } from './dataset';
import { denormaliseTemperature } from './features';
import { FastHead } from './fast-head';
import { accuracy, confusionMatrix, mae, perClassRecall, rmse } from './metrics';
import { heldOutTargets, type WeatherSplit } from './split';
import { dayRows } from './trainer/data';
import type { SequenceTaskKind } from './trainer/config';
import { fillWindow } from './trainer/loop';
import { argmax } from './trainer/student';

/** The model's raw outputs (y, or the logits) for every held-out day, in date order. */
export function heldOutOutputs(
  params: LstmParams,
  readout: Dense,
  split: WeatherSplit,
  window: number,
  task: SequenceTaskKind,
): Float64Array[] {
  const targets = heldOutTargets(split, window);
  const rows = dayRows(split.features);
  const lstm = new FastLstm(params, window);
  const head = new FastHead(readout, task);
  const xs: Vector[] = new Array(window);
  return targets.map((i) => {
    fillWindow(xs, rows, i - window);
    const hs = lstm.forward(xs);
    return Float64Array.from(head.forward(hs[window - 1]));
  });
}

export interface ErrorScores {
  rmse: number;
  mae: number;
}

export interface RegressionEvaluation {
  model: ErrorScores;
  baselines: { persistence: ErrorScores; climatology: ErrorScores };
  /** One entry per held-out day, °C: for the chart of the forecast against the truth. */
  series: { date: string; truth: number; model: number; persistence: number; climatology: number }[];
}

export interface ClassAccuracy {
  accuracy: number;
  confusion: number[][];
  recall: (number | null)[];
}

export interface ClassificationEvaluation {
  classes: string[];
  model: ClassAccuracy;
  baselines: { majority: ClassAccuracy & { predicts: string }; persistence: ClassAccuracy };
  /** How many held-out days each class has (the rows of the confusion matrices add up to these). */
  support: number[];
}

const scores = (predicted: number[], truth: number[]): ErrorScores => ({ rmse: rmse(predicted, truth), mae: mae(predicted, truth) });

function classAccuracy(predicted: number[], truth: number[]): ClassAccuracy {
  const confusion = confusionMatrix(predicted, truth, WEATHER_CLASSES.length);
  return { accuracy: accuracy(predicted, truth), confusion, recall: perClassRecall(confusion) };
}

/** Next-day maximum temperature: the model against persistence and climatology, in °C. */
export function evaluateRegression(params: LstmParams, readout: Dense, split: WeatherSplit, window: number): RegressionEvaluation {
  const targets = heldOutTargets(split, window);
  const truth = targets.map((i) => split.days[i].tempMax);
  const model = heldOutOutputs(params, readout, split, window, 'regression').map((y) => denormaliseTemperature(y[0], split.stats));
  const persistence = persistenceTemperature(split, targets);
  const climatology = climatologyTemperature(split, targets);
  return {
    model: scores(model, truth),
    baselines: { persistence: scores(persistence, truth), climatology: scores(climatology, truth) },
    series: targets.map((i, k) => ({
      date: split.days[i].date,
      truth: truth[k],
      model: model[k],
      persistence: persistence[k],
      climatology: climatology[k],
    })),
  };
}

/** Next-day weather category: the model against the majority class and persistence. */
export function evaluateClassification(params: LstmParams, readout: Dense, split: WeatherSplit, window: number): ClassificationEvaluation {
  const targets = heldOutTargets(split, window);
  const truth = targets.map((i) => split.days[i].weather);
  const model = heldOutOutputs(params, readout, split, window, 'classification').map((logits) => argmax(logits));
  const majority = majorityClass(split);
  const support = new Array<number>(WEATHER_CLASSES.length).fill(0);
  for (const t of truth) support[t]++;
  return {
    classes: [...WEATHER_CLASSES],
    model: classAccuracy(model, truth),
    baselines: {
      majority: {
        ...classAccuracy(
          truth.map(() => majority),
          truth,
        ),
        predicts: WEATHER_CLASSES[majority],
      },
      persistence: classAccuracy(persistenceClass(split, targets), truth),
    },
    support,
  };
}
