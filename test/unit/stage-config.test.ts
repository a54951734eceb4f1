import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { optionsFromContext } from '../../infra/petitions-app.js';
import { fromRepoRoot } from '../../infra/paths.js';
import { loadProvinceConfig } from '../../shared/config/province.js';
import {
  DEFAULT_STAGE_CONFIG,
  imapSecretName,
  loadStageConfig,
  parseStageConfig,
  partitionIssues,
  smtpSecretName,
  unpolledMailboxes,
  type ImapMailIn,
} from '../../shared/config/stage.js';

/** config/stages/<stage>.yaml: how a stage's mail comes in and goes out and how its staff sign in. */

const CN = loadStageConfig(fromRepoRoot('config/stages/cn.yaml'), { required: true });

function stageFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'xinfang-stage-')), 'stage.yaml');
  writeFileSync(file, text);
  return file;
}

describe('the stage configuration', () => {
  it('is SES and Cognito for a stage without a file', () => {
    expect(loadStageConfig(fromRepoRoot('config/stages/no-such-stage.yaml'), { required: false })).toEqual({
      mailIn: { kind: 'ses' },
      mailOut: { kind: 'ses' },
      signIn: { kind: 'cognito' },
    });
    expect(() => loadStageConfig(fromRepoRoot('config/stages/no-such-stage.yaml'), { required: true })).toThrow(/no such stage configuration file/);
  });

  it('of the China example polls every office mailbox the demo province has, and fills in the defaults', () => {
    const province = loadProvinceConfig(fromRepoRoot('config/province.yaml'));
    const imap = CN.mailIn as ImapMailIn;
    expect(unpolledMailboxes(imap, province.config.jurisdictions.map((j) => j.office.mailbox))).toEqual([]);
    expect(imap.servers[0]!.port).toBe(993);
    expect(CN.mailOut).toMatchObject({ kind: 'smtp', port: 465 });
    expect(CN.signIn).toMatchObject({ kind: 'oidc', staffIdClaim: 'staff_id', console: { clientId: 'xinfang-console', scope: 'openid profile', connectOrigins: [] } });
    expect(imapSecretName('cn', 'zj.petitions.example')).toBe('xinfang-cn/imap/zj.petitions.example');
    expect(smtpSecretName('cn', {})).toBe('xinfang-cn/smtp');
  });

  it('names every problem with its place: a misspelt key, an http issuer, a domain on two servers, no audience', () => {
    const raw = {
      mailIn: {
        kind: 'imap',
        servers: [
          { host: 'imap.a.example', domains: ['zj.petitions.example'] },
          { host: 'imap.b.example', domains: ['zj.petitions.example'] },
        ],
      },
      mailOut: { kind: 'smtp', host: 'smtp.example', rate: 2 },
      signIn: { kind: 'oidc', issuer: 'http://sso.example/realms/x', audience: [], staffIdClaim: 'staff_id', console: { clientId: 'c' } },
    };
    expect(() => parseStageConfig(raw, 'cn.yaml')).toThrow(/cn\.yaml has 4 problems/);
    const message = (() => {
      try {
        parseStageConfig(raw, 'cn.yaml');
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(message).toContain('mailIn.servers: each mailbox domain on one server only');
    expect(message).toMatch(/mailOut: .*rate/);
    expect(message).toContain('signIn.issuer: an https:// URL');
    expect(message).toContain('signIn.audience');
  });

  it('asks the China regions for nothing they lack', () => {
    expect(partitionIssues(DEFAULT_STAGE_CONFIG, 'eu-west-1')).toEqual([]);
    expect(partitionIssues(CN, 'cn-northwest-1')).toEqual([]);
    expect(partitionIssues(DEFAULT_STAGE_CONFIG, 'cn-northwest-1').map((i) => i.path)).toEqual(['mailIn.kind', 'mailOut.kind', 'signIn.kind']);
  });
});

describe('options from context, for a stage configuration', () => {
  it('reads config/stages/<stage>.yaml, or the file context stageConfig names', () => {
    expect(optionsFromContext(new App({ context: { stage: 'cn' } }), {}).stageConfig).toEqual(CN);
    const file = stageFile('mailOut:\n  kind: smtp\n  host: smtp.example\n');
    expect(optionsFromContext(new App({ context: { stage: 'staging', stageConfig: file } }), {}).stageConfig).toMatchObject({ mailIn: { kind: 'ses' }, mailOut: { kind: 'smtp', host: 'smtp.example' } });
    expect(() => optionsFromContext(new App({ context: { stage: 'staging', stageConfig: '/nonexistent/stage.yaml' } }), {})).toThrow(/no such stage configuration file/);
  });

  it('binds the stack to a region given as context even without an account, so its partition is known', () => {
    expect(optionsFromContext(new App({ context: { stage: 'cn', region: 'cn-north-1' } }), {}).env).toEqual({ region: 'cn-north-1' });
    // The CLI's default region alone (no credentials) still leaves the stack environment-agnostic.
    expect(optionsFromContext(new App({ context: { stage: 'cn' } }), { CDK_DEFAULT_REGION: 'cn-north-1' }).env).toBeUndefined();
  });
});
