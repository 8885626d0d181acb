/** Where things are, from the compiled file's place in out/test/e2e/harness/. */
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');
/** Screenshots and logs a person may want to look at after a run (gitignored). */
export const OUTPUT_DIR = path.join(REPO_ROOT, '.test-output', 'e2e');
