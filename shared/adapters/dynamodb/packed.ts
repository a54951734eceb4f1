import { brotliCompressSync, brotliDecompressSync, constants, deflateRawSync, inflateRawSync } from 'node:zlib';
import type { NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import { PACK_DICTIONARY_2 } from './pack-dictionary.js';

type Item = Record<string, NativeAttributeValue>;

/**
 * The attribute holding an item's packed attributes: one binary value, a
 * format byte then brotli-compressed JSON.
 *
 * DynamoDB bills a write by the item's size, rounded up to the next KB, and a
 * transaction twice over. Letters and case records are mostly Chinese text
 * (three bytes a character in UTF-8) and repeated attribute names, which
 * compress to about half; a case item of 2.2 KB becomes 1.7 KB, 4 write units
 * in a transaction instead of 6. Only attributes that no key, index,
 * projection, filter or condition names are packed (docs/storage.md "Packed attributes").
 */
export const PACKED_ATTRIBUTE = 'packed';

/** Format 1: brotli (quality 6: 0.1 ms a KB, within a few per cent of the best ratio) of the attributes' JSON. */
const FORMAT_BROTLI_JSON = 1;
const QUALITY = 6;
/**
 * Format 2: raw deflate of the attributes' JSON with a preset dictionary of
 * this system's own letters and records (pack-dictionary.ts, frozen): a letter
 * is mostly its template, which the dictionary already holds, so an
 * acknowledgement's outbox item packs to about a quarter of what brotli makes
 * of it. Text the dictionary does not know (a petitioner's own words) packs
 * better with brotli; each item takes the smaller of the two.
 */
const FORMAT_DEFLATE_DICTIONARY_JSON = 2;
const dictionary = Buffer.from(PACK_DICTIONARY_2, 'utf8');

/** The item with every attribute not in `plain` moved into one compressed attribute. */
export function pack(item: Item, plain: ReadonlySet<string>): Item {
  const kept: Item = {};
  const packed: Item = {};
  for (const [name, value] of Object.entries(item)) {
    if (value === undefined) continue;
    if (plain.has(name)) kept[name] = value;
    else packed[name] = value;
  }
  if (Object.keys(packed).length === 0) return kept;
  const json = Buffer.from(JSON.stringify(packed), 'utf8');
  const [format, compressed] = smallerOf(json);
  const value = new Uint8Array(compressed.length + 1);
  value[0] = format;
  value.set(compressed, 1);
  return { ...kept, [PACKED_ATTRIBUTE]: value };
}

/**
 * Deflate with the dictionary, or brotli when that is smaller. Brotli makes
 * about 55 % of Chinese text it knows nothing of; when the dictionary already
 * did better than half, brotli is not tried (0.1 ms an item saved).
 */
function smallerOf(json: Buffer): [number, Buffer] {
  const deflated = deflateRawSync(json, { level: 9, dictionary });
  if (deflated.length * 2 <= json.length) return [FORMAT_DEFLATE_DICTIONARY_JSON, deflated];
  const brotli = brotliCompressSync(json, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: json.length,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      // A 64 KiB window, not the default 4 MiB: items are small, and each call allocates it (50 → 40 µs a case item).
      [constants.BROTLI_PARAM_LGWIN]: 16,
    },
  });
  return deflated.length < brotli.length ? [FORMAT_DEFLATE_DICTIONARY_JSON, deflated] : [FORMAT_BROTLI_JSON, brotli];
}

/**
 * The item with its packed attributes back in place. Items written before
 * packing (no packed attribute) come back as they are. A stream record's
 * image, as Lambda delivers it, carries the binary value base64-encoded.
 */
export function unpack(item: Item): Item {
  const value = item[PACKED_ATTRIBUTE] as Uint8Array | string | undefined;
  if (value === undefined) return item;
  const packed = JSON.parse(packedJson(value)) as Item;
  const { [PACKED_ATTRIBUTE]: _packed, ...rest } = item;
  return { ...packed, ...rest };
}

/** The JSON a packed value holds (a stream record's image carries it base64-encoded). */
export function packedJson(value: Uint8Array | string): string {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'base64') : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  switch (bytes[0]) {
    case FORMAT_BROTLI_JSON:
      return brotliDecompressSync(bytes.subarray(1)).toString('utf8');
    case FORMAT_DEFLATE_DICTIONARY_JSON:
      return inflateRawSync(bytes.subarray(1), { dictionary }).toString('utf8');
    default:
      throw new Error(`packed attributes in an unknown format (${bytes[0]})`);
  }
}
