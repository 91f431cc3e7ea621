import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'graphql-yoga';

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

export type Encoding = 'br' | 'gzip';

/** The encoding to answer with for an `Accept-Encoding` header: brotli, else gzip, by the client's q-values. */
export function chooseEncoding(acceptEncoding: string | null): Encoding | undefined {
  if (!acceptEncoding) return undefined;
  const q = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const weight = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    if (name) q.set(name, weight === undefined ? 1 : Number(weight));
  }
  const of = (name: Encoding) => q.get(name) ?? q.get('*') ?? 0;
  const best = (['br', 'gzip'] as const).filter((e) => of(e) > 0).sort((a, b) => of(b) - of(a))[0];
  return best;
}

export interface CompressionPluginOptions {
  /** Bodies smaller than this are sent as they are (compressing them saves nothing). @default 1024 */
  minBytes?: number;
}

/**
 * gzip or brotli for whole responses (GraphQL results, GraphiQL's page of several MB) when the client
 * accepts it. Streams (SSE subscriptions, incremental delivery) are left alone: a compressor buffers, and
 * a live event must go out when it happens. Brotli at quality 5: most of the gain of 11 for a fraction of
 * the CPU on a multi-megabyte page.
 */
export function useCompression({ minBytes = 1024 }: CompressionPluginOptions = {}): Plugin {
  return {
    async onResponse({ request, response, setResponse, fetchAPI }) {
      const encoding = chooseEncoding(request.headers.get('accept-encoding'));
      if (!encoding || !response.body || response.headers.has('content-encoding') || request.method === 'HEAD') return;
      const type = response.headers.get('content-type') ?? '';
      if (type.includes('text/event-stream') || type.includes('multipart/mixed')) return;
      const body = Buffer.from(await response.arrayBuffer());
      const headers = new fetchAPI.Headers(response.headers);
      headers.append('vary', 'Accept-Encoding');
      if (body.length < minBytes) {
        setResponse(new fetchAPI.Response(body, { status: response.status, statusText: response.statusText, headers }));
        return;
      }
      const compressed =
        encoding === 'br'
          ? await brotli(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } })
          : await gzipped(body, { level: 6 });
      headers.set('content-encoding', encoding);
      headers.set('content-length', String(compressed.length));
      setResponse(new fetchAPI.Response(compressed, { status: response.status, statusText: response.statusText, headers }));
    },
  };
}
