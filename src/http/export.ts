import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { EXPORT_FORMATS, EXPORT_FORMAT_NAMES, type ExportFormatName } from '../export/formats';
import { parseExportParams } from '../export/params';
import { DatabaseUnavailableError, InvalidInputError, NotFoundError, QueryTimeoutError } from '../model/errors';
import type { CypherRunner } from '../store/cypher-runner';
import { exportSelection } from '../store/exploration.store';
import type { Route } from './server';

/** Domain errors as HTTP statuses with the GraphQL error codes, so clients handle both alike. */
const ERROR_RESPONSES: readonly [new (...args: never[]) => Error, number, string][] = [
  [InvalidInputError, 400, 'BAD_USER_INPUT'],
  [NotFoundError, 404, 'NOT_FOUND'],
  [DatabaseUnavailableError, 503, 'SERVICE_UNAVAILABLE'],
  [QueryTimeoutError, 504, 'QUERY_TIMEOUT'],
];

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.end(JSON.stringify({ error: message, code }));
}

/** A file name from what was asked; ids are slugs already, the replacement only guards the header. */
export function exportFileName(id: string | undefined, format: ExportFormatName, csvPart: string): string {
  const base = `entity-graph-${id === undefined ? 'all' : id.replace(/[^a-z0-9-]/gi, '-')}`;
  return `${base}${format === 'csv' ? `-${csvPart}` : ''}.${EXPORT_FORMATS[format].extension}`;
}

function exportRoute(runner: CypherRunner, format: ExportFormatName, logger: Logger): Route {
  return async (req, res, url) => {
    try {
      const { selection, csvPart } = parseExportParams(url.searchParams);
      const graph = await exportSelection(runner, selection);
      const body = EXPORT_FORMATS[format].render(graph, { csvPart });
      res.statusCode = 200;
      res.setHeader('content-type', EXPORT_FORMATS[format].contentType);
      res.setHeader(
        'content-disposition',
        `attachment; filename="${exportFileName('id' in selection ? selection.id : undefined, format, csvPart)}"`,
      );
      res.setHeader('x-entity-graph-truncated', String(graph.truncated));
      res.setHeader('cache-control', 'no-store');
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (error) {
      const match = ERROR_RESPONSES.find(([type]) => error instanceof type);
      if (!match) throw error;
      const [, status, code] = match;
      if (status >= 500) logger.warn({ err: error, path: url.pathname }, 'export failed');
      sendError(res, status, code, (error as Error).message);
    }
  };
}

/** GET /export/{graphml,gexf,cytoscape,csv}: the neighbourhood arguments as query parameters. */
export function exportRoutes(runner: CypherRunner, logger: Logger): Record<string, Route> {
  return Object.fromEntries(
    EXPORT_FORMAT_NAMES.map((format) => [`/export/${format}`, exportRoute(runner, format, logger)]),
  );
}
