import { readFileSync } from 'node:fs';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { ConfigError } from './config-error.js';

/**
 * Reads a YAML (or JSON) configuration file. YAML 1.2 core schema: an
 * unquoted 2026-01-01 stays a string. An unreadable file or bad YAML is a
 * ConfigError naming the file and the line.
 */
export function readYamlFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(path, [{ path: '(file)', message: `cannot read the file: ${(error as Error).message}` }]);
  }
  try {
    return parseYaml(text, { prettyErrors: true, version: '1.2', schema: 'core' });
  } catch (error) {
    const where = error instanceof YAMLParseError && error.linePos ? `line ${error.linePos[0].line}` : '(file)';
    throw new ConfigError(path, [{ path: where, message: (error as Error).message.split('\n')[0] ?? 'not valid YAML' }]);
  }
}
