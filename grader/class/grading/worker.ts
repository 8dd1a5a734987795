/**
 * The worker process of the grading pool (./pool.ts): loads the grader once and grades the
 * submissions the pool sends it, one at a time. The submission's own code never runs here: the
 * sandbox runs it in processes of its own (grader/sandbox/).
 */
import workerpool from 'workerpool';
import { gradeSubmission } from './grade-submission';

workerpool.worker({ gradeSubmission });
