import { parseArgs } from 'node:util';
import { INSTANT } from '../shared/domain/deadlines.js';
import { DEFAULT_PORTS } from '../local/system.js';

const USAGE = `usage: npm run sweep -- [--at <instant>] [--digest] [--api <url>]

Runs the scheduled sweep of the running local system (npm start) now, or at a
chosen "now" — time travel for demos and tests:

  npm run sweep -- --at 2027-01-15T09:00+08:00

Reminders, escalation steps and their emails happen as if the clock read that
time; the emails appear in GET /local/mail moments later. --digest runs the
daily digest instead. Running it twice at the same instant changes nothing.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      at: { type: 'string' },
      digest: { type: 'boolean', default: false },
      api: { type: 'string', default: `http://127.0.0.1:${DEFAULT_PORTS.api}` },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return console.log(USAGE);
  if (values.at !== undefined && (!INSTANT.test(values.at) || Number.isNaN(Date.parse(values.at)))) {
    console.error(`--at must be an ISO instant with an offset, e.g. 2027-01-15T09:00+08:00 (got ${JSON.stringify(values.at)})\n\n${USAGE}`);
    process.exit(2);
  }
  const id = values.digest ? 'digest' : 'sweep';
  let response: Response;
  try {
    response = await fetch(`${values.api}/local/schedules/${id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(values.at ? { at: values.at } : {}),
    });
  } catch {
    console.error(`The local system is not answering at ${values.api}: start it with \`npm start\` in another terminal.`);
    process.exit(1);
  }
  const answer = (await response.json()) as { at?: string; result?: Record<string, unknown>; error?: { message: string } };
  if (!response.ok) {
    console.error(`${id} refused: ${answer.error?.message ?? response.statusText}`);
    process.exit(1);
  }
  console.log(`${id} at ${answer.at}:`);
  console.log(JSON.stringify(answer.result, null, 2));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
