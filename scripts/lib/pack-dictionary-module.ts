import { brotliCompressSync, constants } from 'node:zlib';

/**
 * The source of shared/adapters/dynamodb/pack-dictionary.ts for a dictionary:
 * the text brotli-compressed and in base64 (22 KB of JSON, mostly Chinese,
 * ships as 6 KB in every bundle that reads packed items), decompressed once
 * when the module loads (well under a millisecond).
 */
export function packDictionaryModule(dictionary: string): string {
  const compressed = brotliCompressSync(Buffer.from(dictionary, 'utf8'), {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(dictionary) },
  }).toString('base64');
  return `import { brotliDecompressSync } from 'node:zlib';

/**
 * The preset dictionary of packed attributes' format 2 (packed.ts): samples of
 * this system's own packed items (from the benchmark's generated petitions: no
 * real person's words or details), built by scripts/pack-dictionary.ts.
 * FROZEN: items stored with it are read with it, so it must never change
 * (test/unit/packed-attributes.test.ts holds its digest). A better dictionary
 * is a new format number beside this one. Shipped brotli-compressed
 * (scripts/lib/pack-dictionary-module.ts).
 */
export const PACK_DICTIONARY_2 = brotliDecompressSync(Buffer.from(${JSON.stringify(compressed)}, 'base64')).toString('utf8');
`;
}
