import { GraphQLError, parse, type Source } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export interface ParseLimitsPluginOptions {
  /** Most tokens in one document (graphql-js stops parsing past it). @default 10_000 */
  maxTokens?: number;
  /** Deepest nesting of `{`, `(` and `[` in one document, counted before parsing. @default 100 */
  maxNesting?: number;
}

/**
 * The deepest nesting of braces, parentheses and brackets in a GraphQL document, outside strings, block
 * strings and comments. A cheap loop over the text, so a deep document is refused before the recursive
 * parser could overflow the stack on it.
 */
export function nestingOf(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '#') {
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
    } else if (c === '"') {
      if (text.startsWith('"""', i)) {
        const end = text.indexOf('"""', i + 3);
        // Escaped triple quotes (\""") stay inside; an unterminated string is left to the parser's error.
        let j = end;
        while (j > 0 && text[j - 1] === '\\') j = text.indexOf('"""', j + 3);
        i = j < 0 ? text.length : j + 2;
      } else {
        for (i++; i < text.length && text[i] !== '"' && text[i] !== '\n'; i++) if (text[i] === '\\') i++;
      }
    } else if (c === '{' || c === '(' || c === '[') {
      depth++;
      if (depth > deepest) deepest = depth;
    } else if (c === '}' || c === ')' || c === ']') {
      depth = Math.max(0, depth - 1);
    }
  }
  return deepest;
}

function tooLarge(message: string, extensions: Record<string, unknown>): GraphQLError {
  // `spec: true`: a client accepting only application/json gets 200, as GraphQL over HTTP asks.
  return new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX', ...extensions, http: { status: 400, spec: true } } });
}

/**
 * Limits a document before and while it is parsed, so a hostile one is a 400 `QUERY_TOO_COMPLEX`, never a
 * 500 (5,000 nested selections overflow graphql-js's recursive parser) and never seconds of CPU: its nesting
 * (counted on the text first) and its tokens (graphql-js's `maxTokens`).
 */
export function useParseLimits({ maxTokens = 10_000, maxNesting = 100 }: ParseLimitsPluginOptions = {}): Plugin {
  return {
    onParse({ setParseFn }) {
      setParseFn((source: string | Source, options) => {
        const text = typeof source === 'string' ? source : source.body;
        const nesting = nestingOf(text);
        if (nesting > maxNesting) {
          throw tooLarge(`The document nests ${nesting} levels deep and at most ${maxNesting} are allowed: select fewer nested fields, or split the query.`, { limit: 'nesting', actual: nesting, max: maxNesting });
        }
        try {
          return parse(source, { ...options, maxTokens });
        } catch (error) {
          // graphql-js 16 spells it "more that N tokens".
          if (error instanceof GraphQLError && /more th(?:an|at) \d+ tokens/.test(error.message)) {
            throw tooLarge(`The document has more than ${maxTokens} tokens: send a shorter query, or split it.`, { limit: 'tokens', max: maxTokens });
          }
          throw error;
        }
      });
    },
  };
}
