import type { FastifyInstance } from 'fastify';
import { EXPORT_FORMATS, EXPORT_FORMAT_NAMES, type ExportFormatName, parseExportParams } from '../formats';
import type { CypherRunner } from '../store';
import { exportSelection } from '../store';

/** A file name from what was asked; ids are slugs already, the replacement only guards the header. */
export function exportFileName(id: string | undefined, format: ExportFormatName, csvPart: string): string {
  const base = `entity-graph-${id === undefined ? 'all' : id.replace(/[^a-z0-9-]/gi, '-')}`;
  return `${base}${format === 'csv' ? `-${csvPart}` : ''}.${EXPORT_FORMATS[format].extension}`;
}

/**
 * GET /export/{graphml,gexf,cytoscape,csv,ftm} (one route per EXPORT_FORMATS entry): the neighbourhood arguments as query parameters.
 * Bad parameters and unknown ids throw domain errors, which the server's error handler answers
 * as 400/404 with their codes.
 */
export function exportRoutes(runner: CypherRunner) {
  return (app: FastifyInstance): void => {
    for (const format of EXPORT_FORMAT_NAMES) {
      app.get(`/export/${format}`, async (request, reply) => {
        const query = new URL(request.url, 'http://localhost').searchParams;
        const { selection, csvPart } = parseExportParams(query);
        const graph = await exportSelection(runner, selection);
        const id = 'id' in selection ? selection.id : undefined;
        return reply
          .header('content-type', EXPORT_FORMATS[format].contentType)
          .header('content-disposition', `attachment; filename="${exportFileName(id, format, csvPart)}"`)
          .header('x-entity-graph-truncated', String(graph.truncated))
          .header('cache-control', 'no-store')
          .send(EXPORT_FORMATS[format].render(graph, { csvPart }));
      });
    }
  };
}
