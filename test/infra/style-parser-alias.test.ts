import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { sanitizeEmailHtml } from '../../shared/adapters/mail/parse-email.js';
import { removeDir } from '../integration/helpers.js';
import { bundleAsDeployed } from './deployed-bundle.js';

const dir = mkdtempSync(join(tmpdir(), 'xinfang-style-parser-'));
afterAll(() => removeDir(dir));

/** HTML as petitioners' mail clients write it: styles in attributes and in a style element. */
const STYLED =
  '<style>p { color: red }</style><div style="font-family: 宋体; background: url(https://tracker.example/p.gif)">' +
  '<p align="center" style="color:red">村口的桥塌了</p><font color="#333" style="x:expression(alert(1))">请尽快修复</font></div>';

describe('the mail sanitiser in a deployed bundle', () => {
  it('drops styles as the sources do, without postcss in the bundle', async () => {
    const { file, inputs } = await bundleAsDeployed(dir, [
      "import { sanitizeEmailHtml } from './shared/adapters/mail/html.ts';",
      'process.stdout.write(sanitizeEmailHtml(process.env.HTML ?? ""));',
    ]);
    expect(inputs.filter((input) => /node_modules\/(postcss|source-map-js)\//.test(input))).toEqual([]);
    expect(inputs.some((input) => input.includes('functions/lib/no-style-parser.ts'))).toBe(true);

    const { stdout } = await promisify(execFile)(process.execPath, [file], { env: { PATH: process.env.PATH, HTML: STYLED } });
    expect(stdout).toBe(sanitizeEmailHtml(STYLED));
    expect(stdout).toContain('村口的桥塌了');
    expect(stdout).not.toMatch(/style|expression|tracker/);
  }, 30_000);
});
