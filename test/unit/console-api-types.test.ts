import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { generateSchemaTypes, SCHEMA_TYPES_PATH } from '../../scripts/openapi-types.js';

describe('the console’s API types', () => {
  it('are those of the current route table', async () => {
    const committed = await readFile(SCHEMA_TYPES_PATH, 'utf8');
    const generated = await generateSchemaTypes();
    // A route changed and the console was not told: run npm run api:types and commit web/console/src/api/schema.d.ts.
    expect(committed === generated, 'web/console/src/api/schema.d.ts is out of date: run npm run api:types').toBe(true);
  });
});
