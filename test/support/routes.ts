import type { Express } from 'express';

interface Layer {
  rawPath?: unknown;
  slash?: boolean;
  route?: { path: string; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
}

/** Every route mounted in the app, as "METHOD /path/{param}", found by walking express's router stack. */
export function mountedRoutes(app: Express): string[] {
  const out: string[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const m of Object.keys(layer.route.methods).filter((k) => k !== '_all')) {
          const full = (prefix + layer.route.path).replace(/\/$/, '') || '/';
          out.push(`${m.toUpperCase()} ${full.replace(/:(\w+)/g, '{$1}')}`);
        }
      } else if (Array.isArray(layer.handle.stack)) {
        // A mounted router: its layer's path is the mount point.
        walk(
          layer.handle.stack,
          prefix + (typeof layer.rawPath === 'string' && !layer.slash ? layer.rawPath : ''),
        );
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return [...new Set(out)].sort();
}
