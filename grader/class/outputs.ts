/**
 * The class outputs, always made from what DIR holds (records and results.json files), never
 * from memory: a run, a resumed run and a merge of shards all write them the same way.
 */
import path from 'node:path';
import { gradebookCsv } from './gradebook';
import { renderClassPage } from './page/render';
import { DEFAULT_SIMILARITY, similarGroups, type SimilarityReport } from './similarity/groups';
import { CLASS_PAGE_FILE, GRADEBOOK_FILE, loadClassData, writeFileAtomic, type ClassData } from './store';

export interface ClassOutputs {
  data: ClassData;
  similarity: SimilarityReport;
  gradebook: string;
  page: string;
}

export function writeClassOutputs(dir: string): ClassOutputs {
  const data = loadClassData(dir);
  const similarity = similarGroups(
    data.students
      .filter((s) => s.record.fingerprints !== undefined)
      .map((s) => ({
        student: s.record.student,
        sourceKey: s.record.sourceKey,
        contentHash: s.record.contentHash,
        fingerprints: s.record.fingerprints!,
      })),
    DEFAULT_SIMILARITY,
  );
  const gradebook = gradebookCsv(data);
  const page = renderClassPage(data, similarity, DEFAULT_SIMILARITY);
  writeFileAtomic(path.join(dir, GRADEBOOK_FILE), gradebook);
  writeFileAtomic(path.join(dir, CLASS_PAGE_FILE), page);
  return { data, similarity, gradebook, page };
}
