/**
 * The intake benchmark's figures carried over to AWS, on paper: how long the
 * deployed stack takes to register and acknowledge a surge given the
 * account's quotas, and what 10,000 petitions cost at the published
 * on-demand prices, from the units the run measured per petition.
 */
import { Architecture } from 'aws-cdk-lib/aws-lambda';
import { architectureOf } from '../../infra/bundling.js';
import { FUNCTIONS } from '../../shared/resources/functions.js';

/**
 * Published on-demand list prices, us-east-1, in USD, as in effect on
 * 3 December 2026 (DynamoDB on-demand since its 1 November 2024 reduction).
 * No internet here to re-check them: confirm on the pricing pages before budgeting.
 */
export const PRICES = {
  region: 'us-east-1',
  date: '2026-12-03',
  dynamoWriteRequestUnit: 0.625 / 1e6,
  dynamoReadRequestUnit: 0.125 / 1e6,
  dynamoStorageGbMonth: 0.25,
  lambdaRequest: 0.2 / 1e6,
  lambdaGbSecondArm: 0.0000133334,
  lambdaGbSecondX86: 0.0000166667,
  sqsStandardRequest: 0.4 / 1e6,
  sqsFifoRequest: 0.5 / 1e6,
  sesEmailSent: 0.1 / 1000,
  sesEmailReceived: 0.1 / 1000,
  /** Per 256 KB chunk of an incoming email. */
  sesIncomingChunk: 0.09 / 1000,
  s3Put: 0.005 / 1000,
  s3Get: 0.0004 / 1000,
  s3StorageGbMonth: 0.023,
  cloudWatchLogsIngestGb: 0.5,
} as const;

/** What one run measured, in totals for its `petitions` (the intake's write units per petition). */
export interface MeasuredRun {
  petitions: number;
  billedWcu: number;
  rcu: number;
  sesSends: number;
  /** Raw mail received (MiB in total) and the emails that carried it (envelope copies included). */
  rawBytes: number;
  emailsReceived: number;
  sqsRequests: number;
  sqsFifoRequests: number;
  s3Puts: number;
  s3Gets: number;
  s3BytesPut: number;
  dynamoBytesPut: number;
  logLines: number;
  invocations: Record<string, { count: number; ms: number }>;
  /** The intake's write units per petition (for the table's write throughput bound). */
  intakeWcu: number;
}

export interface AwsQuotas {
  /** The account's concurrent executions (default quota 1,000); the intake may use `intakeShare` of them. */
  lambdaConcurrency: number;
  intakeShare: number;
  /** SES maximum send rate (messages/s) of the account. */
  sesRate: number;
  /** Write request units per second an on-demand table takes at once (new table: 4,000; the table quota is 40,000). */
  dynamoWriteUnitsPerSecond: number;
}

const GIB = 1024 ** 3;

export function projection(m: MeasuredRun, quotas: AwsQuotas, sizes: readonly number[] = [10_000, 100_000]): string[] {
  const n = m.petitions;
  const lines: string[] = [];
  // The intake's pace per concurrent instance, as measured here (DynamoDB Local answers in 20–80 ms where DynamoDB
  // answers in under 10, so this is pessimistic): petitions registered per second of an instance's time.
  const intake = m.invocations.intake ?? { count: 0, ms: 0 };
  const perInstancePerSecond = intake.ms > 0 ? n / (intake.ms / 1000) : 0;
  const cap = Math.max(1, Math.floor(quotas.lambdaConcurrency * quotas.intakeShare));
  const dynamoBound = m.intakeWcu > 0 ? quotas.dynamoWriteUnitsPerSecond / m.intakeWcu : Infinity;
  // Lambda's SQS event source starts with a few instances and adds up to 300 a minute, up to the cap.
  const registerSeconds = (count: number) => {
    let done = 0;
    let t = 0;
    while (done < count && t < 86_400) {
      const instances = Math.min(cap, 5 + 300 * Math.floor(t / 60));
      done += Math.min(instances * perInstancePerSecond, dynamoBound);
      t++;
    }
    return t;
  };
  const sendRate = quotas.sesRate * 0.9; // the mailer paces a tenth below the quota
  lines.push(`  on AWS (on paper)   quotas: Lambda ${quotas.lambdaConcurrency} concurrent (intake up to ${cap}, +300 a minute from 5), SES ${quotas.sesRate}/s, ` +
    `DynamoDB on demand ${quotas.dynamoWriteUnitsPerSecond} WRU/s at once; intake measured here at ${perInstancePerSecond.toFixed(1)} petitions/s per instance ` +
    `(${intake.count} invocations, ${(intake.ms / Math.max(1, intake.count)).toFixed(0)} ms each)`);
  for (const size of sizes) {
    const register = registerSeconds(size);
    const acknowledge = Math.max(register, size / sendRate);
    const allMail = Math.max(register, (size * m.sesSends) / n / sendRate);
    lines.push(`    ${size.toLocaleString('en-US').padStart(7)} petitions: registered in ${duration(register)}, acknowledged in ${duration(acknowledge)} ` +
      `(the acknowledgement lane at the SES rate), all mail sent in ${duration(allMail)}` +
      (size / sendRate > register ? ' — the SES rate is the bound: ask AWS to raise it before a known surge' : ''));
  }

  // Cost per 10,000 petitions.
  const per = 10_000 / n;
  const gbSeconds = Object.entries(m.invocations).reduce(
    (sum, [fn, t]) => {
      const definition = Object.values(FUNCTIONS).find((f) => f.id === fn);
      const gb = (definition?.memoryMb ?? 512) / 1024;
      const x86 = definition !== undefined && architectureOf(definition.entry) === Architecture.X86_64;
      sum[x86 ? 'x86' : 'arm'] += gb * (t.ms / 1000);
      return sum;
    },
    { arm: 0, x86: 0 },
  );
  const invocations = Object.values(m.invocations).reduce((sum, t) => sum + t.count, 0);
  const items: [string, number, string][] = [
    ['DynamoDB writes', m.billedWcu * per * PRICES.dynamoWriteRequestUnit, `${fmt(m.billedWcu * per)} WRU`],
    ['DynamoDB reads', m.rcu * per * PRICES.dynamoReadRequestUnit, `${fmt(m.rcu * per)} RRU`],
    ['DynamoDB storage, a month', ((m.dynamoBytesPut * per) / GIB) * PRICES.dynamoStorageGbMonth, `${((m.dynamoBytesPut * per) / 1024 ** 2).toFixed(0)} MiB put (upper bound: rewrites counted)`],
    ['Lambda compute', gbSeconds.arm * per * PRICES.lambdaGbSecondArm + gbSeconds.x86 * per * PRICES.lambdaGbSecondX86, `${fmt((gbSeconds.arm + gbSeconds.x86) * per)} GB-s as measured here (pessimistic)`],
    ['Lambda requests', invocations * per * PRICES.lambdaRequest, `${fmt(invocations * per)} invocations`],
    ['SQS', (m.sqsRequests - m.sqsFifoRequests) * per * PRICES.sqsStandardRequest + m.sqsFifoRequests * per * PRICES.sqsFifoRequest, `${fmt(m.sqsRequests * per)} requests (sends, receives, deletes)`],
    ['SES sending', m.sesSends * per * PRICES.sesEmailSent, `${fmt(m.sesSends * per)} emails`],
    ['SES receiving', m.emailsReceived * per * PRICES.sesEmailReceived + Math.ceil(m.rawBytes / m.emailsReceived / 262_144) * m.emailsReceived * per * PRICES.sesIncomingChunk, `${fmt(m.emailsReceived * per)} emails`],
    ['S3 requests', m.s3Puts * per * PRICES.s3Put + m.s3Gets * per * PRICES.s3Get, `${fmt(m.s3Puts * per)} PUT, ${fmt(m.s3Gets * per)} GET`],
    ['S3 storage, a month', ((m.s3BytesPut * per) / GIB) * PRICES.s3StorageGbMonth, `${((m.s3BytesPut * per) / 1024 ** 2).toFixed(0)} MiB of raw mail and attachments`],
    ['CloudWatch Logs', ((m.logLines * per * 400) / GIB) * PRICES.cloudWatchLogsIngestGb, `${fmt(m.logLines * per)} lines at ~400 bytes`],
  ];
  const total = items.reduce((sum, [, usd]) => sum + usd, 0);
  lines.push(`  cost per 10,000     USD ${total.toFixed(2)} at the published on-demand prices (${PRICES.region}, as of ${PRICES.date}; KMS requests, alarms and the free tiers left out):`);
  for (const [what, usd, units] of items.sort((a, b) => b[1] - a[1])) lines.push(`    ${what.padEnd(26)} USD ${usd.toFixed(3).padStart(7)}  ${units}`);
  return lines;
}

const fmt = (x: number) => Math.round(x).toLocaleString('en-US');

function duration(seconds: number): string {
  if (seconds < 120) return `${seconds.toFixed(0)} s`;
  if (seconds < 7200) return `${(seconds / 60).toFixed(1)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
