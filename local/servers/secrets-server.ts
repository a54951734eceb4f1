/**
 * A small local AWS Secrets Manager: GetSecretValue over the SDK's JSON
 * protocol, so functions read their credentials (the SMTP account, the IMAP
 * mailboxes) with the real `@aws-sdk/client-secrets-manager` as on AWS
 * (AWS_ENDPOINT_URL_SECRETS_MANAGER). The local runtime puts the secrets in
 * process at start; nothing is written to disk.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import { readBody } from './http-body.js';

export interface LocalSecrets {
  endpoint: string;
  /** Stores (or replaces) a secret's string under its name. */
  put(name: string, secretString: string): void;
  close(): Promise<void>;
}

const REGION = 'us-east-1';
const ACCOUNT = '000000000000';

interface Secret {
  name: string;
  arn: string;
  value: string;
  versionId: string;
  createdDate: number;
}

/** Secrets Manager's ARNs end in the name and six random characters; here derived from the name so they stay stable. */
function arnOf(name: string): string {
  return `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${name}-${createHash('sha256').update(name).digest('hex').slice(0, 6)}`;
}

function answer(res: http.ServerResponse, status: number, body: unknown, errorType?: string): void {
  const payload = JSON.stringify(errorType ? { __type: errorType, message: (body as { message: string }).message } : body);
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'content-length': Buffer.byteLength(payload),
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
  });
  res.end(payload);
}

export async function startSecretsServer(opts: { host?: string; port: number }): Promise<LocalSecrets> {
  const host = opts.host ?? '127.0.0.1';
  const secrets = new Map<string, Secret>();
  const find = (id: string) => secrets.get(id) ?? [...secrets.values()].find((s) => s.arn === id);

  const server = http.createServer((req, res) => {
    void (async () => {
      try {
        const body = await readBody(req, 1024 * 1024, () => new Error('request too large'));
        const target = String(req.headers['x-amz-target'] ?? '');
        if (req.method !== 'POST' || target !== 'secretsmanager.GetSecretValue') {
          return answer(res, 400, { message: `The local Secrets Manager does not implement ${target || `${req.method} ${req.url}`}.` }, 'UnknownOperationException');
        }
        const input = JSON.parse(body.toString('utf8') || '{}') as { SecretId?: unknown };
        const secret = typeof input.SecretId === 'string' ? find(input.SecretId) : undefined;
        if (!secret) return answer(res, 400, { message: "Secrets Manager can't find the specified secret." }, 'ResourceNotFoundException');
        return answer(res, 200, {
          ARN: secret.arn,
          Name: secret.name,
          SecretString: secret.value,
          VersionId: secret.versionId,
          VersionStages: ['AWSCURRENT'],
          CreatedDate: secret.createdDate,
        });
      } catch (error) {
        answer(res, 500, { message: error instanceof Error ? error.message : String(error) }, 'InternalServiceError');
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  let version = 0;
  return {
    endpoint: `http://${host}:${port}`,
    put(name, secretString) {
      version += 1;
      secrets.set(name, { name, arn: arnOf(name), value: secretString, versionId: `00000000-0000-4000-8000-${String(version).padStart(12, '0')}`, createdDate: Date.now() / 1000 });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
