import { createWriteStream, type WriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { LIST_PROPERTIES, type EntityKind } from '../model';
import type { EntityRecord, RelationshipRecord } from '../model';
import { ENDPOINT_ID_PROPERTIES, entityProps, relationshipProps, withEndpointIds, type StoredProps } from '../store';

/*
 * CSV files in neo4j-admin's import format, one per kind label and one per relationship type,
 * holding exactly the properties the online write path stores (src/store/records.ts). Every
 * string is quoted, so an empty string stays one; an absent property is an empty field.
 */

/** A control character no validated text is expected to hold: lists are joined with it. */
export const ARRAY_DELIMITER = '\u001f';

/** Cells are buffered and handed to the stream in chunks of about this many characters. */
const CHUNK_CHARS = 1 << 16;

interface Column {
  name: string;
  list: boolean;
}

/** Text appended to a file in large chunks, with back-pressure. */
export class ChunkedWriter {
  private readonly stream: WriteStream;
  private buffer = '';

  constructor(
    readonly path: string,
    first = '',
  ) {
    this.stream = createWriteStream(path);
    this.buffer = first;
  }

  async append(text: string): Promise<void> {
    this.buffer += text;
    if (this.buffer.length >= CHUNK_CHARS) await this.flush();
  }

  private async flush(): Promise<void> {
    const chunk = this.buffer;
    this.buffer = '';
    if (!this.stream.write(chunk)) await new Promise<void>((resolve) => this.stream.once('drain', resolve));
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await finished(this.stream);
  }
}

/** One CSV file: header first, rows appended with back-pressure. */
export class CsvFile extends ChunkedWriter {
  rows = 0;
  /** Whether a value holds a line break: neo4j-admin then needs --multiline-fields. */
  multiline = false;

  constructor(
    path: string,
    private readonly columns: readonly Column[],
    header: readonly string[],
  ) {
    super(path, `${header.join(',')}\n`);
  }

  /**
   * Appends a row, or returns the first list property with an element holding ARRAY_DELIMITER
   * (neo4j-admin would split it) and writes nothing.
   */
  async write(leading: readonly string[], props: StoredProps): Promise<string | undefined> {
    // One string built cell by cell: this runs once per node and relationship of the load.
    let row = '';
    for (const value of leading) row += `${row === '' ? '' : ','}${this.cell(value)}`;
    for (const { name, list } of this.columns) {
      const value = props[name];
      if (list && Array.isArray(value)) {
        // neo4j-admin reads an empty list field, or [''], as no property: records.ts never stores those.
        if (!value.some((item) => item !== ''))
          throw new Error(`${name}: a list of only empty strings cannot be written (records.ts stores none)`);
        if (value.some((item) => item.includes(ARRAY_DELIMITER))) return name;
      }
      row += `,${this.cell(value)}`;
    }
    this.rows += 1;
    await this.append(`${row}\n`);
    return undefined;
  }

  private cell(value: string | string[] | null | undefined): string {
    if (value === null || value === undefined) return '';
    const text = Array.isArray(value) ? value.join(ARRAY_DELIMITER) : value;
    if (!this.multiline && (text.includes('\n') || text.includes('\r'))) this.multiline = true;
    return `"${text.includes('"') ? text.replaceAll('"', '""') : text}"`;
  }
}

/** neo4j-admin's header cell for a property. */
const headerCell = ({ name, list }: Column): string => (list ? `${name}:string[]` : name);

/** The node file of one kind: `id` is the import id (and stays a property), the rest as entityProps() lays them out. */
export function entityCsv(path: string, kind: EntityKind): CsvFile {
  const columns = Object.keys(entityProps({ id: '', kind, name: '' }))
    .filter((name) => name !== 'id')
    .map((name) => ({ name, list: LIST_PROPERTIES.has(name) }));
  return new CsvFile(path, columns, ['id:ID', ...columns.map(headerCell)]);
}

/** Writes the entity's row; returns a list property holding ARRAY_DELIMITER instead, and writes nothing. */
export function writeEntity(file: CsvFile, entity: EntityRecord): Promise<string | undefined> {
  return file.write([entity.id], entityProps(entity));
}

/** Every property relationshipProps() may set (a dataset-cited edge has them all), plus the endpoint ids. */
const RELATIONSHIP_COLUMNS: readonly Column[] = [
  ...Object.entries(
    // Every evidence field filled: records.ts stores none of an all-empty list, and the column must still be one.
    relationshipProps({
      ...{ id: '', type: 'OWNS', from: '', to: '', status: 'ACTIVE' },
      evidence: [{ dataset: 'd', quote: 'q', url: 'u', firstSeen: 'f', lastSeen: 'l' }],
    }),
  ).map(([name, value]) => ({ name, list: Array.isArray(value) })),
  ...Object.values(ENDPOINT_ID_PROPERTIES).map((name) => ({ name, list: false })),
];

/** The relationship file of one type (the type is given on neo4j-admin's command line). */
export function relationshipCsv(path: string): CsvFile {
  return new CsvFile(path, RELATIONSHIP_COLUMNS, [':START_ID', ':END_ID', ...RELATIONSHIP_COLUMNS.map(headerCell)]);
}

/** Writes the relationship's row, endpoint ids included; returns a list property holding ARRAY_DELIMITER instead. */
export function writeRelationship(file: CsvFile, relationship: RelationshipRecord): Promise<string | undefined> {
  const props = withEndpointIds(relationshipProps(relationship), relationship.from, relationship.to);
  return file.write([relationship.from, relationship.to], props);
}
