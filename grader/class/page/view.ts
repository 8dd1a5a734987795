/**
 * What the class page shows, as plain data for its template: built from the class's records and
 * results.json files only (never by grading again), and free of run-dependent details such as
 * times, so that the page of merged shards equals the page of one unsharded run.
 */
import { mean, median } from 'd3-array';
import { COURSE } from '../../course';
import { formatPoints, exerciseScores, gradedExerciseIds } from '../gradebook';
import { compareText } from '../intake/files';
import type { SimilarityReport, SimilaritySettings } from '../similarity/groups';
import { REPORT_FILE, type ClassData, type ClassStudent } from '../store';
import { accuracyStrip, distributionChart, outcomeChart, scoreBins, type Outcome } from './charts';

/** What results.json's extra_data.exercises[] holds per exercise (grader/reporters/results-json.ts). */
interface ExerciseEntry {
  id: string;
  status: Outcome;
  score: number;
  maxScore: number;
  summary?: string;
  checks?: CheckEntry[];
}

/**
 * A check in results.json (grader/reporters/results-json.ts, CheckSummary): the mistakes its
 * diagnosis names and its generic findings. The single `mistake` / `finding` fields of earlier
 * grader versions are read too.
 */
interface CheckEntry {
  id: string;
  title: string;
  status: Outcome;
  mistakes?: { id: string; name: string }[];
  findings?: string[];
  mistake?: { id: string; name: string };
  finding?: string;
}

function namedMistakes(check: CheckEntry): { id: string; name: string }[] {
  return [...(Array.isArray(check.mistakes) ? check.mistakes : []), ...(check.mistake ? [check.mistake] : [])].filter(
    (m) => typeof m?.id === 'string' && typeof m.name === 'string',
  );
}

function findingsOf(check: CheckEntry): string[] {
  return [...(Array.isArray(check.findings) ? check.findings : []), ...(check.finding ? [check.finding] : [])].filter(
    (f) => typeof f === 'string' && f !== '',
  );
}

interface StudentLink {
  id: string;
  /** Relative link to the student's report; absent when there is none. */
  href?: string;
}

function exercisesOf(student: ClassStudent): ExerciseEntry[] {
  const list = (student.results?.extra_data as { exercises?: unknown } | undefined)?.exercises;
  return Array.isArray(list) ? (list as ExerciseEntry[]).filter((e) => typeof e?.id === 'string') : [];
}

function titleOf(id: string): string {
  return COURSE.find((e) => e.id === id)?.title ?? id;
}

function link(student: ClassStudent | undefined, id: string): StudentLink {
  return student?.results ? { id, href: `${encodeURIComponent(id)}/${REPORT_FILE}` } : { id };
}

const percentOf = (score: number, max: number) => (max > 0 ? (100 * score) / max : 100);

/** Who made what: key → the students (sorted, each once). */
function tally<T>(entries: { key: string; student: string; item: T }[]): { item: T; students: string[] }[] {
  const byKey = new Map<string, { item: T; students: Set<string> }>();
  for (const { key, student, item } of entries) {
    const found = byKey.get(key) ?? { item, students: new Set<string>() };
    found.students.add(student);
    byKey.set(key, found);
  }
  return [...byKey.entries()]
    .map(([key, v]) => ({ key, item: v.item, students: [...v.students].sort(compareText) }))
    .sort((a, b) => b.students.length - a.students.length || compareText(a.key, b.key));
}

export function buildClassView(data: ClassData, similarity: SimilarityReport, settings: SimilaritySettings) {
  const byId = new Map(data.students.map((s) => [s.record.student, s]));
  const graded = data.students.filter((s) => s.results);
  const totals = graded.map((s) => {
    const max = exerciseScores(s).reduce((sum, e) => sum + e.maxScore, 0);
    return { student: s, score: s.results!.score, max, percent: percentOf(s.results!.score, max) };
  });
  const passMarks = graded.map((s) => (s.results!.extra_data as { passMark?: number }).passMark);
  const atPassMark = totals.filter((t, k) => typeof passMarks[k] === 'number' && t.score >= (passMarks[k] as number) - 1e-9).length;
  const maxScore = Math.max(0, ...totals.map((t) => t.max));

  const exerciseIds = gradedExerciseIds(data);
  const exerciseRows = exerciseIds.map((id) => {
    const entries = graded.map((s) => exercisesOf(s).find((e) => e.id === id)).filter((e): e is ExerciseEntry => e !== undefined);
    const counts: Record<Outcome, number> = { passed: 0, failed: 0, error: 0, 'not-attempted': 0 };
    for (const e of entries) if (e.status in counts) counts[e.status] += 1;
    return {
      id,
      title: titleOf(id),
      counts,
      graded: entries.length,
      passRate: entries.length ? Math.round((100 * counts.passed) / entries.length) : 0,
      meanPoints: formatPoints(mean(entries, (e) => e.score) ?? 0),
      maxPoints: formatPoints(Math.max(0, ...entries.map((e) => e.maxScore))),
    };
  });

  const checkEntries = graded.flatMap((s) =>
    exercisesOf(s).flatMap((e) => (e.checks ?? []).map((check) => ({ student: s.record.student, exercise: e.id, check }))),
  );
  const mistakes = tally(
    checkEntries.flatMap((c) =>
      namedMistakes(c.check).map((m) => ({ key: m.id, student: c.student, item: { name: m.name, exercise: titleOf(c.exercise) } })),
    ),
  ).map((t) => ({ ...t.item, count: t.students.length, students: t.students.map((id) => link(byId.get(id), id)) }));
  const findings = tally(
    checkEntries.flatMap((c) =>
      findingsOf(c.check).map((finding) => ({
        key: `${c.exercise}\0${finding}`,
        student: c.student,
        item: { finding, exercise: titleOf(c.exercise) },
      })),
    ),
  ).map((t) => ({ ...t.item, count: t.students.length, students: t.students.map((id) => link(byId.get(id), id)) }));
  const failingChecks = tally(
    checkEntries
      .filter((c) => c.check.status === 'failed' || c.check.status === 'error')
      .map((c) => ({
        key: `${c.exercise}\0${c.check.id}`,
        student: c.student,
        item: { exercise: titleOf(c.exercise), title: c.check.title },
      })),
  )
    .slice(0, 12)
    .map((t) => ({ ...t.item, count: t.students.length, students: t.students.map((id) => link(byId.get(id), id)) }));

  const bins = scoreBins(totals.map((t) => t.percent));
  return {
    title: 'lstm-lab: class overview',
    summary: {
      students: data.students.length,
      graded: graded.length,
      ungraded: data.students.length - graded.length,
      meanPercent: totals.length ? Math.round(mean(totals, (t) => t.percent)!) : undefined,
      medianPoints: totals.length ? formatPoints(median(totals, (t) => t.score)!) : undefined,
      maxScore: formatPoints(maxScore),
      atPassMark,
      quick: data.manifest.options.quick,
      seed: data.manifest.options.seed,
      graderVersion: data.manifest.graderVersion.slice(0, 12),
      shard: data.manifest.shard ? `${data.manifest.shard.index}/${data.manifest.shard.count}` : undefined,
    },
    distribution: totals.length
      ? { svg: distributionChart(bins, 'distribution'), bins: bins.map((b) => ({ range: `${b.from}–${b.to} %`, count: b.count })) }
      : undefined,
    exercises: exerciseRows.length
      ? {
          svg: outcomeChart(
            exerciseRows.map((r) => ({ label: r.title, counts: r.counts })),
            'outcomes',
          ),
          rows: exerciseRows,
        }
      : undefined,
    mistakes,
    findings,
    failingChecks,
    copyTask: copyTaskView(graded, byId),
    ungraded: data.students
      .filter((s) => !s.results)
      .map((s) => ({ student: s.record.student, origin: s.record.origin, status: s.record.status, reason: s.record.reason ?? '' })),
    similarity: {
      threshold: Math.round(settings.threshold * 100),
      minShared: settings.minShared,
      commonFingerprints: similarity.commonFingerprints,
      withOwnMaterial: similarity.withOwnMaterial,
      groups: similarity.groups.map((g, k) => ({
        number: k + 1,
        kind: g.identical ? 'identical' : 'near-identical',
        similarity:
          g.minSimilarity === g.maxSimilarity
            ? `${Math.round(100 * g.maxSimilarity)} %`
            : `${Math.round(100 * g.minSimilarity)}–${Math.round(100 * g.maxSimilarity)} %`,
        students: g.students.map((id) => link(byId.get(id), id)),
        pairs: g.pairs.map((p) => ({
          a: p.students[0],
          b: p.students[1],
          similarity: `${Math.round(100 * p.similarity)} %`,
          shared: p.shared,
          identical: p.identical,
          folders: p.folders.join(', '),
        })),
      })),
    },
    students: data.students.map((s) => {
      const total = totals.find((t) => t.student === s);
      const firstProblem = exercisesOf(s).find((e) => e.status !== 'passed');
      return {
        ...link(s, s.record.student),
        points: total ? `${formatPoints(total.score)} / ${formatPoints(total.max)}` : '—',
        percent: total ? `${Math.round(total.percent)} %` : '',
        status: s.record.status,
        note: s.results ? (firstProblem ? `first problem: ${titleOf(firstProblem.id)}` : 'all passed') : (s.record.reason ?? ''),
      };
    }),
  };
}

export type ClassView = ReturnType<typeof buildClassView>;

interface CopyTaskExtra {
  config?: { accuracyBar?: number };
  models?: { name: string; stepsToSolve: number | null; accuracy: number }[];
}

function copyTaskView(graded: ClassStudent[], byId: Map<string, ClassStudent>) {
  const rows = graded
    .map((s) => ({
      student: s,
      exercise: exercisesOf(s).find((e) => e.id === 'copy-task'),
      data: (s.results!.extra_data as { copyTask?: CopyTaskExtra }).copyTask,
    }))
    .filter((r) => r.exercise !== undefined);
  if (rows.length === 0) return undefined;
  const trained = rows.filter((r) => r.data?.models?.some((m) => m.name === 'student'));
  const reference = trained.map((r) => r.data!.models!.find((m) => m.name === 'reference')).find((m) => m !== undefined);
  const bar = trained.map((r) => r.data!.config?.accuracyBar).find((b): b is number => typeof b === 'number');
  const table = rows.map((r) => {
    const model = r.data?.models?.find((m) => m.name === 'student');
    return {
      ...link(byId.get(r.student.record.student), r.student.record.student),
      status: r.exercise!.status,
      steps: model?.stepsToSolve ?? (model ? 'did not solve' : 'not trained'),
      accuracy: model ? `${(100 * model.accuracy).toFixed(1)} %` : '—',
      points: `${formatPoints(r.exercise!.score)} / ${formatPoints(r.exercise!.maxScore)}`,
    };
  });
  const points = trained.map((r) => ({
    student: r.student.record.student,
    accuracy: r.data!.models!.find((m) => m.name === 'student')!.accuracy,
  }));
  return {
    graded: rows.length,
    trained: trained.length,
    passed: rows.filter((r) => r.exercise!.status === 'passed').length,
    notRun: rows.length - trained.length,
    referenceSteps: reference?.stepsToSolve ?? undefined,
    svg: points.length && bar !== undefined ? accuracyStrip(points, bar, reference?.accuracy, 'copy-task-accuracy') : undefined,
    rows: table,
  };
}
