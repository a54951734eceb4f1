/**
 * Reading IMAP4rev1 commands off a connection (RFC 3501 §2.2, §4): lines
 * ending in CRLF, each possibly continued by synchronising literals
 * (`{n}` CRLF, the server answering `+` before the client sends n octets),
 * then split into tokens: atoms, quoted strings, literals and parenthesised
 * lists. A bracketed section such as `BODY[HEADER.FIELDS (FROM)]` stays one atom.
 */

export type Token = string | Token[];

/** A command line whose syntax is wrong: answered `BAD` with this message. */
export class CommandSyntaxError extends Error {}

/** Larger literals are refused: no command the local server takes carries more (APPEND is not offered). */
const MAX_LITERAL_BYTES = 64 * 1024;

/**
 * Accumulates bytes from the socket and hands out complete commands. `onLiteral`
 * is called when the client waits for a continuation before sending a literal.
 */
export class CommandReader {
  private buffer = Buffer.alloc(0);
  private parts: (string | Buffer)[] = [];
  private literalBytes: number | undefined;

  constructor(private readonly onLiteral: () => void) {}

  /** Appends received bytes; answers every command they complete, in order. */
  push(chunk: Buffer): (string | Buffer)[][] {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    const commands: (string | Buffer)[][] = [];
    for (;;) {
      if (this.literalBytes !== undefined) {
        if (this.buffer.length < this.literalBytes) break;
        this.parts.push(this.buffer.subarray(0, this.literalBytes));
        this.buffer = this.buffer.subarray(this.literalBytes);
        this.literalBytes = undefined;
        continue;
      }
      const end = this.buffer.indexOf('\r\n');
      if (end < 0) break;
      const line = this.buffer.subarray(0, end).toString('utf8');
      this.buffer = this.buffer.subarray(end + 2);
      const literal = /\{(\d+)(\+?)\}$/.exec(line);
      if (literal) {
        const size = Number(literal[1]);
        if (size > MAX_LITERAL_BYTES) throw new CommandSyntaxError(`literal of ${size} bytes is larger than this server takes`);
        this.parts.push(line.slice(0, literal.index));
        this.literalBytes = size;
        if (literal[2] !== '+') this.onLiteral();
        continue;
      }
      this.parts.push(line);
      commands.push(this.parts);
      this.parts = [];
    }
    return commands;
  }
}

/** Splits a command's text and literals into tokens. */
export function tokenize(parts: readonly (string | Buffer)[]): Token[] {
  const root: Token[] = [];
  const stack: Token[][] = [root];
  const top = () => stack[stack.length - 1]!;
  for (const part of parts) {
    if (Buffer.isBuffer(part)) {
      top().push(part.toString('utf8'));
      continue;
    }
    let i = 0;
    while (i < part.length) {
      const c = part[i]!;
      if (c === ' ') {
        i += 1;
      } else if (c === '(') {
        const list: Token[] = [];
        top().push(list);
        stack.push(list);
        i += 1;
      } else if (c === ')') {
        if (stack.length === 1) throw new CommandSyntaxError('unbalanced parenthesis');
        stack.pop();
        i += 1;
      } else if (c === '"') {
        let value = '';
        i += 1;
        for (;;) {
          if (i >= part.length) throw new CommandSyntaxError('unterminated quoted string');
          const q = part[i]!;
          if (q === '\\' && i + 1 < part.length) {
            value += part[i + 1];
            i += 2;
          } else if (q === '"') {
            i += 1;
            break;
          } else {
            value += q;
            i += 1;
          }
        }
        top().push(value);
      } else {
        let atom = '';
        let depth = 0;
        while (i < part.length) {
          const a = part[i]!;
          if (a === '[') depth += 1;
          if (a === ']') depth -= 1;
          if (depth === 0 && (a === ' ' || a === '(' || a === ')')) break;
          atom += a;
          i += 1;
        }
        top().push(atom);
      }
    }
  }
  if (stack.length !== 1) throw new CommandSyntaxError('unbalanced parenthesis');
  return root;
}

/** The token as text, or a syntax error naming what was expected. */
export function text(token: Token | undefined, what: string): string {
  if (typeof token !== 'string') throw new CommandSyntaxError(`expected ${what}`);
  return token;
}

/** A string in a response: quoted, with `"` and `\` escaped. */
export function quoted(value: string): string {
  return `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}
