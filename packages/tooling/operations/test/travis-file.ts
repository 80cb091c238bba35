import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';

export interface TravisJob {
  stage?: string;
  env?: string;
  before_script?: string[];
  script?: string[];
}

export interface Travis {
  stages: (string | { name: string })[];
  jobs: { include: TravisJob[] };
}

/** .travis.yml as written and as parsed (YAML merge keys expanded). */
export async function readTravis(): Promise<{ text: string; travis: Travis }> {
  const text = await readFile(
    path.resolve(import.meta.dirname, '..', '..', '..', '..', '.travis.yml'),
    'utf8',
  );
  return { text, travis: parse(text, { merge: true }) as Travis };
}
