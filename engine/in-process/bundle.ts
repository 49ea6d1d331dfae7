import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { workflowSourceFiles } from './source-graph';

export interface WorkflowBundle {
  code: string;
  /** Hash of the workflow sources (and SDK version) the code was built from. */
  hash: string;
  /** True when the code came from the on-disk cache. */
  cached: boolean;
}

export interface BundleOptions {
  workflowsPath: string;
  /** Where bundles are kept between processes; default `.cache/workflow-bundles` under the cwd. */
  cacheDir?: string;
}

/**
 * Webpack-bundles a workflows module, or reads the bundle cached on disk for the same sources.
 * Bundling takes about a second and jest gives every test file a fresh module registry, so an
 * in-memory cache would not survive from one test file to the next.
 */
export async function loadWorkflowBundle({
  workflowsPath,
  cacheDir,
}: BundleOptions): Promise<WorkflowBundle> {
  const hash = sourceHash(workflowsPath);
  const dir = cacheDir ?? path.resolve('.cache', 'workflow-bundles');
  const file = path.join(dir, `${hash}.js`);
  if (fs.existsSync(file)) return { code: fs.readFileSync(file, 'utf8'), hash, cached: true };
  const { code } = await bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('WARN') });
  fs.mkdirSync(dir, { recursive: true });
  // Write then rename, so a parallel jest worker never reads a half-written bundle.
  const partial = `${file}.${process.pid}.${crypto.randomUUID()}.tmp`;
  fs.writeFileSync(partial, code);
  fs.renameSync(partial, file);
  return { code, hash, cached: false };
}

function sourceHash(workflowsPath: string): string {
  const h = crypto.createHash('sha256');
  // The bundler's own version matters as much as the sources.
  const bundler = require.resolve('@temporalio/worker/package.json');
  for (const file of [bundler, ...workflowSourceFiles(workflowsPath)]) {
    h.update(`${file}\n`);
    h.update(fs.readFileSync(file));
  }
  return h.digest('hex').slice(0, 32);
}
