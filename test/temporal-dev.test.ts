import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

// No Docker runs on our machines or CI, so the compose file is checked for what the README promises.
describe('temporal-dev.yml: the production-like stack', () => {
  const compose = parse(fs.readFileSync(path.join(__dirname, '..', 'temporal-dev.yml'), 'utf8'));
  const services = compose.services as Record<string, Record<string, unknown>>;

  test('has Temporal with PostgreSQL persistence, the Temporal UI and the app database', () => {
    expect(Object.keys(services).sort()).toEqual(['app-db', 'temporal', 'temporal-db', 'temporal-ui']);
    const temporal = services.temporal.environment as Record<string, unknown>;
    expect(temporal.DB).toBe('postgres12');
    expect(temporal.POSTGRES_SEEDS).toBe('temporal-db');
  });

  test.each([
    ['temporal', '7233:7233'],
    ['temporal-ui', '8080:8080'],
    ['app-db', '5433:5432'],
  ])('%s publishes %s', (service, port) => {
    expect(services[service].ports).toContain(port);
  });

  test('images are pinned to a version, never latest', () => {
    for (const service of Object.values(services)) {
      expect(service.image).toMatch(/^[\w./-]+:\d[\w.-]*$/);
    }
  });

  test('the app database credentials match the DATABASE_URL documented in the README', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
    const env = services['app-db'].environment as Record<string, string>;
    expect(readme).toContain(
      `postgres://${env.POSTGRES_USER}:${env.POSTGRES_PASSWORD}@localhost:5433/${env.POSTGRES_DB}`,
    );
  });
});
