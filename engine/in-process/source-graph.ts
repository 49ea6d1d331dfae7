import fs from 'node:fs';
import path from 'node:path';

/**
 * The files a workflows module is built from: the module and every local file it imports,
 * transitively, plus the `package.json` of each package it imports (their versions change the
 * bundle too). Used to key the bundle cache; over-including is harmless, missing a file is not,
 * so every quoted specifier in an import/export/require position is followed.
 */
export function workflowSourceFiles(entry: string): string[] {
  const seen = new Set<string>();
  const pending = [resolveLocal(path.resolve(entry))];
  while (pending.length > 0) {
    const file = pending.pop();
    if (!file || seen.has(file)) continue;
    seen.add(file);
    if (file.endsWith('package.json')) continue;
    const source = fs.readFileSync(file, 'utf8');
    for (const specifier of importSpecifiers(source)) {
      pending.push(
        specifier.startsWith('.')
          ? resolveLocal(path.resolve(path.dirname(file), specifier))
          : packageJsonOf(specifier, file),
      );
    }
  }
  return [...seen].sort();
}

const IMPORT_RE = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"]([^'"]+)['"]/g;

function importSpecifiers(source: string): string[] {
  return [...source.matchAll(IMPORT_RE)].map((m) => m[1]);
}

const EXTENSIONS = ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'];

function resolveLocal(base: string): string | undefined {
  const candidates = [
    base,
    ...EXTENSIONS.map((e) => base + e),
    ...EXTENSIONS.map((e) => path.join(base, 'index' + e)),
  ];
  return candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile());
}

function packageJsonOf(specifier: string, fromFile: string): string | undefined {
  if (specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  try {
    return require.resolve(`${name}/package.json`, { paths: [path.dirname(fromFile)] });
  } catch {
    // Packages that do not export their package.json: fall back to the nearest node_modules copy.
    let dir = path.dirname(fromFile);
    for (;;) {
      const candidate = path.join(dir, 'node_modules', name, 'package.json');
      if (fs.existsSync(candidate)) return candidate;
      const parent = path.dirname(dir);
      if (parent === dir) return undefined;
      dir = parent;
    }
  }
}
