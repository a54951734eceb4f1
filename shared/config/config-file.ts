import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import { ConfigError } from './config-error.js';

/**
 * The YAML parser is loaded on the first YAML file, not imported: a deployed
 * function reads the JSON the stack wrote from the YAML at synth
 * (infra/deployed-config.ts), so its bundle does without the parser
 * (about 110 KB of every function). esbuild does not follow this require.
 */
const requireFromHere = createRequire(import.meta.url);
let yamlModule: typeof Yaml | undefined;

function yamlParser(path: string): typeof Yaml {
  try {
    return (yamlModule ??= requireFromHere('yaml') as typeof Yaml);
  } catch {
    throw new ConfigError(path, [
      { path: '(file)', message: 'is YAML, and this build has no YAML parser: a deployed function reads the JSON written at synth (province.json)' },
    ]);
  }
}

/**
 * Reads a configuration file: JSON when it is named `.json`, YAML otherwise
 * (YAML 1.2 core schema: an unquoted 2026-01-01 stays a string). An unreadable
 * file or bad syntax is a ConfigError naming the file and, for YAML, the line.
 */
export function readConfigFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(path, [{ path: '(file)', message: `cannot read the file: ${(error as Error).message}` }]);
  }
  if (path.endsWith('.json')) {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new ConfigError(path, [{ path: '(file)', message: `not valid JSON: ${(error as Error).message}` }]);
    }
  }
  const yaml = yamlParser(path);
  try {
    return yaml.parse(text, { prettyErrors: true, version: '1.2', schema: 'core' });
  } catch (error) {
    const where = error instanceof yaml.YAMLParseError && error.linePos ? `line ${error.linePos[0].line}` : '(file)';
    throw new ConfigError(path, [{ path: where, message: (error as Error).message.split('\n')[0] ?? 'not valid YAML' }]);
  }
}
