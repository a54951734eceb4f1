import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { removeDir } from '../integration/helpers.js';
import { bundleAsDeployed } from './deployed-bundle.js';

const dir = mkdtempSync(join(tmpdir(), 'xinfang-credentials-'));
afterAll(() => removeDir(dir));

/** A function's use of an SDK client, bundled as the stack bundles every function. */
const bundle = () =>
  bundleAsDeployed(dir, [
    "import { SQSClient, ListQueuesCommand } from '@aws-sdk/client-sqs';",
    "const sqs = new SQSClient({ region: 'ap-east-1', endpoint: process.env.ENDPOINT, maxAttempts: 1 });",
    'await sqs.send(new ListQueuesCommand({}));',
  ]);

describe('credentials in a deployed bundle', () => {
  it('signs with the execution role’s credentials from the environment, without the rest of the default chain', async () => {
    const seen: IncomingHttpHeaders[] = [];
    const server = createServer((request, response) => {
      seen.push(request.headers);
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end('{"QueueUrls":[]}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { file, inputs } = await bundle();
      // Profiles, SSO, web identity and the instance endpoint never answer on Lambda: not bundled.
      expect(inputs.filter((input) => /credential-provider-(node|ini|sso|web-identity|process|http)|nested-clients|credential-provider-imds/.test(input))).toEqual([]);
      expect(inputs.some((input) => input.includes('functions/lib/lambda-credentials.ts'))).toBe(true);

      const { port } = server.address() as AddressInfo;
      // As Lambda runs a function: the role's credentials in the environment, nothing else.
      await promisify(execFile)(process.execPath, [file], {
        env: {
          PATH: process.env.PATH,
          ENDPOINT: `http://127.0.0.1:${port}`,
          AWS_ACCESS_KEY_ID: 'ASIAEXECUTIONROLE',
          AWS_SECRET_ACCESS_KEY: 'secret',
          AWS_SESSION_TOKEN: 'session-token',
          HOME: dir,
        },
      });
      expect(seen).toHaveLength(1);
      expect(seen[0]!.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=ASIAEXECUTIONROLE\/\d{8}\/ap-east-1\/sqs\/aws4_request/);
      expect(seen[0]!['x-amz-security-token']).toBe('session-token');
    } finally {
      server.close();
    }
  }, 30_000);
});
