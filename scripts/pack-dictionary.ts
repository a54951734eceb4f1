/**
 * Builds the preset dictionary of packed attributes' format 2
 * (shared/adapters/dynamodb/packed.ts) from samples of what the pipeline
 * packs: `npm run bench:intake -- --count 400 --pack-samples FILE`, then
 * `npm run pack-dictionary -- FILE [--out PATH]`.
 *
 * A dictionary, once items are stored with it, can never change: they could
 * no longer be read. So this writes a new module for a new format number to be
 * wired in by hand; it does not overwrite the format in use unless told with --out.
 *
 * The dictionary is samples of each kind of item (an outbox of an
 * acknowledgement, of an acceptance with its assignment, a letter kept on a
 * case, a case record…), more of the frequent kinds, and those last: deflate
 * reaches back at most 32 KiB, and nearer matches cost fewer bits. Half the
 * samples build it; the other half measure it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { brotliCompressSync, constants, deflateRawSync } from 'node:zlib';
import { packDictionaryModule } from './lib/pack-dictionary-module.js';

/** Deflate's window is 32 KiB and the item itself needs room in it. */
const MAX_DICTIONARY_BYTES = 30 * 1024;

const { values, positionals } = parseArgs({ allowPositionals: true, options: { out: { type: 'string' } } });
const [samplesFile] = positionals;
if (!samplesFile) {
  console.error('Usage: npm run pack-dictionary -- SAMPLES.json [--out shared/adapters/dynamodb/pack-dictionary.ts]');
  process.exit(2);
}
const samples = JSON.parse(readFileSync(samplesFile, 'utf8')) as Record<string, string[]>;

/** What makes two items alike: an outbox by the kinds of its messages, a message by its kind, others by their attributes. */
function kindOf(entity: string, json: string): string {
  const value = JSON.parse(json) as { messages?: { queue: string; body?: { kind?: string } }[]; kind?: string };
  if (entity === 'outbox') return `outbox:${(value.messages ?? []).map((m) => m.body?.kind ?? m.queue).join('+')}`;
  if (entity === 'message') return `message:${value.kind ?? 'in'}`;
  return `${entity}:${Object.keys(value).join(',')}`;
}

const training: { kind: string; json: string }[] = [];
const testing: { entity: string; json: string }[] = [];
for (const [entity, list] of Object.entries(samples)) {
  list.forEach((json, i) => (i % 2 === 0 ? training.push({ kind: kindOf(entity, json), json }) : testing.push({ entity, json })));
}

const byKind = new Map<string, string[]>();
for (const { kind, json } of training) byKind.set(kind, [...(byKind.get(kind) ?? []), json]);
// Each kind gets room in proportion to the square root of its frequency (several samples of a
// frequent kind carry more of its varying parts: units, places, dates), the most frequent last.
const kinds = [...byKind.entries()].sort((a, b) => a[1].length - b[1].length);
const weight = kinds.reduce((sum, [, list]) => sum + Math.sqrt(list.length), 0);
const chosen: string[] = [];
for (const [, list] of kinds) {
  let room = (MAX_DICTIONARY_BYTES * Math.sqrt(list.length)) / weight;
  for (const sample of list) {
    const size = Buffer.byteLength(sample) + 1;
    if (size > room) break;
    chosen.push(sample);
    room -= size;
  }
}
const dictionary = chosen.join('\n');

const brotli = (json: Buffer) =>
  brotliCompressSync(json, { params: { [constants.BROTLI_PARAM_QUALITY]: 6, [constants.BROTLI_PARAM_LGWIN]: 16, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT } }).length;
const withDictionary = (json: Buffer) => deflateRawSync(json, { level: 9, dictionary: Buffer.from(dictionary) }).length;
const report = new Map<string, { n: number; raw: number; brotli: number; best: number }>();
for (const { entity, json } of testing) {
  const raw = Buffer.from(json);
  const r = report.get(entity) ?? { n: 0, raw: 0, brotli: 0, best: 0 };
  const b = brotli(raw);
  report.set(entity, { n: r.n + 1, raw: r.raw + raw.length, brotli: r.brotli + b, best: r.best + Math.min(b, withDictionary(raw)) });
}
console.log(`dictionary: ${Buffer.byteLength(dictionary)} bytes, ${chosen.length} samples of ${byKind.size} kinds`);
for (const [entity, r] of report) {
  console.log(`  ${entity.padEnd(14)} ${String(r.n).padStart(4)} held-out items: JSON ${(r.raw / r.n).toFixed(0)} B, brotli ${(r.brotli / r.n).toFixed(0)} B, with the dictionary ${(r.best / r.n).toFixed(0)} B`);
}
if (values.out) {
  const out = resolve(values.out);
  writeFileSync(out, packDictionaryModule(dictionary));
  console.log(`written to ${out}`);
}
