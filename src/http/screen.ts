import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { classifyError, ErrorCode, roleFromAuthorization, type ApiKeyring } from '../api';
import type { Config } from '../config';
import {
  parseScreenOptions,
  screenBatch,
  screenBatches,
  screenItemOf,
  screenItemOfLine,
  screenRecordLine,
  SCREEN_BATCH_SIZE,
  type ScreenItem,
  type ScreenRecord,
} from '../ingest';
import { InvalidInputError } from '../model';
import type { CypherRunner, ScreenOptions } from '../store';

/*
 * POST /screen: bulk screening over HTTP. The body is NDJSON (a MatchQuery, or an FtM entity,
 * per line) or JSON `{queries: [...], threshold, hops, …}`; the options may also be query
 * parameters. The answer streams as NDJSON, a record per query in input order (the records of
 * `entity-graph screen`, src/ingest/screen-records.ts), screened SCREEN_BATCH_SIZE at a time.
 */

/** Queries one request may hold. */
export const MAX_SCREEN_REQUEST_QUERIES = 10_000;
/** The body limit of POST /screen, whatever BODY_LIMIT_BYTES says for the other routes: 10,000 queries of ~1.6 KB. */
export const SCREEN_BODY_LIMIT_BYTES = 16 * 1024 * 1024;

const NDJSON_TYPES = ['application/x-ndjson', 'application/ndjson'];
const NDJSON = 'application/x-ndjson; charset=utf-8';

/** A refusal the server's error handler answers with this status (413: PAYLOAD_TOO_LARGE). */
const refusal = (statusCode: number, message: string): Error => Object.assign(new Error(message), { statusCode });

function tooMany(count: number): Error {
  return refusal(
    413,
    `A request may hold at most ${MAX_SCREEN_REQUEST_QUERIES} queries, this one has ${count}: split it, or use \`entity-graph screen\``,
  );
}

/** The queries and the body's options, from NDJSON text or a JSON object. */
function readBody(request: FastifyRequest): { items: ScreenItem[]; options: Record<string, unknown> } {
  const body = request.body;
  const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (NDJSON_TYPES.includes(type)) {
    const lines = String(body ?? '').split('\n');
    const count = lines.reduce((sum, line) => sum + (line.trim() === '' ? 0 : 1), 0);
    if (count > MAX_SCREEN_REQUEST_QUERIES) throw tooMany(count);
    const items = lines.flatMap((line, index) => (line.trim() === '' ? [] : [screenItemOfLine(line, index + 1)]));
    return { items, options: {} };
  }
  if (type !== 'application/json') {
    throw refusal(415, 'Send application/x-ndjson (a query per line) or application/json ({"queries": [...]})');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InvalidInputError('The body must be a JSON object {"queries": [...], "threshold": …}');
  }
  const { queries, ...options } = body as Record<string, unknown>;
  if (!Array.isArray(queries)) throw new InvalidInputError('"queries" must be a list of queries');
  if (queries.length > MAX_SCREEN_REQUEST_QUERIES) throw tooMany(queries.length);
  return { items: queries.map((query, index) => screenItemOf(query, { index })), options };
}

/** Options from the query string (`lists=a,b` or `lists=a&lists=b`) and the body; one name in both is refused. */
function readOptions(request: FastifyRequest, fromBody: Record<string, unknown>): ScreenOptions {
  const params = new URL(request.url, 'http://localhost').searchParams;
  const raw: Record<string, unknown> = { ...fromBody };
  for (const name of new Set(params.keys())) {
    if (name in fromBody) throw new InvalidInputError(`"${name}" is given both in the query string and in the body`);
    raw[name] = params.getAll(name);
  }
  return parseScreenOptions(raw);
}

/** A line that ends a stream cut short: the server's error body (`{error, code}`) instead of a record. */
function failureLine(request: FastifyRequest, error: unknown): string {
  const classified = classifyError(error);
  if (classified === undefined) request.log.error({ err: error }, 'screening failed mid-stream');
  else request.log.warn({ err: error }, 'screening failed mid-stream');
  const body = classified
    ? { error: classified.message, code: classified.code }
    : { error: 'Internal server error', code: ErrorCode.INTERNAL_SERVER_ERROR };
  return `${JSON.stringify(body)}\n`;
}

const lines = (records: readonly ScreenRecord[]): string => records.map(screenRecordLine).join('');

/**
 * POST /screen. Like /graphql, it is open to anonymous callers and refuses a key it does not
 * know (401); the global rate limit counts it as one request. Bad options, a body that is not
 * a query list, or more than MAX_SCREEN_REQUEST_QUERIES queries are refused before anything is
 * screened, through the server's error handler (400 BAD_USER_INPUT, 413, 415); a query that
 * cannot be screened is an ERROR record. Each batch reads within a GraphQL request's budget
 * (MAX_RESULT_OBJECTS). The first batch is screened before the answer starts, so an unavailable
 * Neo4j answers 503; a later failure ends the stream with an `{error, code}` line.
 */
export function screenRoutes(runner: CypherRunner, config: Config, keyring: ApiKeyring) {
  const authenticate = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const header = request.headers.authorization;
    try {
      roleFromAuthorization(Array.isArray(header) ? header[0] : header, keyring);
    } catch (error) {
      const message = error instanceof Error ? error.message : 'Invalid API key';
      await reply
        .code(401)
        .header('www-authenticate', 'Bearer')
        .header('cache-control', 'no-store')
        .send({ error: message, code: ErrorCode.UNAUTHENTICATED });
    }
  };
  const batchOf = (items: readonly ScreenItem[], options: ScreenOptions) =>
    screenBatch(runner.forRequest(config.limits.maxObjects), items, options);

  return (app: FastifyInstance): void => {
    // In a scope of its own: the NDJSON parser is for this route only.
    void app.register(async (scope) => {
      scope.addContentTypeParser(NDJSON_TYPES, { parseAs: 'string' }, (_request, body, done) => done(null, body));
      scope.post('/screen', { bodyLimit: SCREEN_BODY_LIMIT_BYTES, onRequest: authenticate }, async (request, reply) => {
        const { items, options: fromBody } = readBody(request);
        const options = readOptions(request, fromBody);
        if (items.length === 0) throw new InvalidInputError('No queries: send at least one');
        const [first, ...rest] = [...screenBatches(items, SCREEN_BATCH_SIZE)];
        const head = lines(await batchOf(first, options));
        async function* stream(): AsyncGenerator<string> {
          yield head;
          for (const batch of rest) {
            let text: string;
            try {
              text = lines(await batchOf(batch, options));
            } catch (error) {
              yield failureLine(request, error);
              return;
            }
            yield text;
          }
        }
        return reply.header('content-type', NDJSON).header('cache-control', 'no-store').send(Readable.from(stream()));
      });
    });
  };
}
