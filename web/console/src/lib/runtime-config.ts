import {
  CONSOLE_RUNTIME_CONFIG_PATH,
  consoleRuntimeConfigSchema,
  LOCAL_CONSOLE_RUNTIME_CONFIG,
  type ConsoleRuntimeConfig,
} from '../../../../shared/resources/console.js';

export type { ConsoleRuntimeConfig, OidcSignIn } from '../../../../shared/resources/console.js';

/** The configuration cannot be used: the console shows this (in Chinese) instead of starting. */
export class RuntimeConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RuntimeConfigError';
  }
}

/**
 * Reads and validates /config.json (written by the stack on AWS, answered by
 * the gateway locally): how staff sign in, and where the API is.
 */
export async function loadRuntimeConfig(fetchImpl: typeof fetch = (input, init) => globalThis.fetch(input, init)): Promise<ConsoleRuntimeConfig> {
  let response: Response;
  try {
    response = await fetchImpl(CONSOLE_RUNTIME_CONFIG_PATH, { cache: 'no-store', headers: { accept: 'application/json' } });
  } catch {
    throw new RuntimeConfigError(`无法读取运行配置 ${CONSOLE_RUNTIME_CONFIG_PATH}：网络不可用`);
  }
  if (!response.ok) throw new RuntimeConfigError(`无法读取运行配置 ${CONSOLE_RUNTIME_CONFIG_PATH}（HTTP ${response.status}）`);
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new RuntimeConfigError(`运行配置 ${CONSOLE_RUNTIME_CONFIG_PATH} 不是有效的 JSON`);
  }
  const parsed = consoleRuntimeConfigSchema.safeParse(body);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.map(String).join('.') || '（根）'}：${issue.message}`);
    throw new RuntimeConfigError(`运行配置 ${CONSOLE_RUNTIME_CONFIG_PATH} 有误：${problems.join('；')}`);
  }
  return parsed.data;
}

/**
 * The configuration the console runs with. main.tsx sets it from /config.json
 * before anything renders; until then (component tests render pages directly)
 * it is the local runtime's: the staff picker, the API under /api.
 */
let current: ConsoleRuntimeConfig = LOCAL_CONSOLE_RUNTIME_CONFIG;

export function runtimeConfig(): ConsoleRuntimeConfig {
  return current;
}

export function setRuntimeConfig(config: ConsoleRuntimeConfig): void {
  current = config;
}
