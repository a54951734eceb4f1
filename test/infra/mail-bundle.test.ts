import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parseEmail } from '../../shared/adapters/mail/parse-email.js';
import { ALL_FIXTURES } from '../fixtures/emails.js';
import { removeDir } from '../integration/helpers.js';
import { bundleAsDeployed } from './deployed-bundle.js';
import { parseSummary } from './fixtures/parse-summary.js';

const dir = mkdtempSync(join(tmpdir(), 'xinfang-mail-bundle-'));
afterAll(() => removeDir(dir));

describe('the mail parser in a deployed bundle', () => {
  it('parses every fixture as the sources do, with one build of each MIME and HTML library', async () => {
    const { file, inputs } = await bundleAsDeployed(dir, [
      "import { parseEmail } from './shared/adapters/mail/parse-email.ts';",
      "import { ALL_FIXTURES } from './test/fixtures/emails.ts';",
      "import { parseSummary } from './test/infra/fixtures/parse-summary.ts';",
      'const out = [];',
      'for (const fixture of ALL_FIXTURES) out.push(parseSummary(await parseEmail(fixture.raw)));',
      'process.stdout.write(JSON.stringify(out));',
    ]);
    // Required by mailsplit and sanitize-html, imported by mailparser and html-to-text: one build each.
    const builds = inputs.filter((input) => /node_modules\/(libmime|libqp|libbase64|htmlparser2|domhandler|domutils|dom-serializer|entities)\//.test(input));
    expect(builds.filter((input) => /\/(esm|dist\/esm)\//.test(input))).toEqual([]);
    expect(builds.some((input) => input.includes('node_modules/libmime/dist/cjs/'))).toBe(true);

    const { stdout } = await promisify(execFile)(process.execPath, [file], { env: { PATH: process.env.PATH }, maxBuffer: 1 << 26 });
    const bundled = JSON.parse(stdout) as string[];
    const sources = await Promise.all(ALL_FIXTURES.map(async (fixture) => parseSummary(await parseEmail(fixture.raw))));
    expect(bundled).toHaveLength(ALL_FIXTURES.length);
    ALL_FIXTURES.forEach((fixture, i) => expect(JSON.parse(bundled[i]!), fixture.name).toEqual(JSON.parse(sources[i]!)));
    // Not vacuous: the fixtures' Chinese text and attachments came through.
    expect(bundled.join('')).toContain('华丰针织有限公司');
  }, 60_000);
});
