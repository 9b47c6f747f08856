import { createWriteStream, type WriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { LIST_PROPERTIES, type EntityKind } from '../model/entity-kinds';
import type { EntityRecord, RelationshipRecord } from '../model/graph-document';
import { ENDPOINT_ID_PROPERTIES, entityProps, relationshipProps, type StoredProps } from '../store/records';

/*
 * CSV files in neo4j-admin's import format, one per kind label and one per relationship type,
 * holding exactly the properties the online write path stores (src/store/records.ts). Every
 * string is quoted, so an empty string stays one; an absent property is an empty field.
 */

/** A control character no validated text is expected to hold: lists are joined with it. */
export const ARRAY_DELIMITER = '\u001f';

/** Cells are buffered and handed to the stream in chunks of about this many characters. */
const CHUNK_CHARS = 1 << 16;

const quote = (text: string): string => `"${text.replaceAll('"', '""')}"`;

interface Column {
  name: string;
  list: boolean;
}

/** One CSV file: header first, rows appended with back-pressure. */
export class CsvFile {
  private readonly stream: WriteStream;
  private buffer = '';
  rows = 0;
  /** Whether a value holds a line break: neo4j-admin then needs --multiline-fields. */
  multiline = false;

  constructor(
    readonly path: string,
    private readonly columns: readonly Column[],
    header: readonly string[],
  ) {
    this.stream = createWriteStream(path);
    this.buffer = `${header.join(',')}\n`;
  }

  async write(leading: readonly string[], props: StoredProps): Promise<void> {
    const cells = leading.map((value) => this.cell(value));
    for (const { name, list } of this.columns)
      cells.push(list ? this.listCell(name, props[name]) : this.cell(props[name]));
    this.buffer += `${cells.join(',')}\n`;
    this.rows += 1;
    if (this.buffer.length >= CHUNK_CHARS) await this.flush();
  }

  private cell(value: string | string[] | null | undefined): string {
    if (value === null || value === undefined) return '';
    const text = Array.isArray(value) ? value.join(ARRAY_DELIMITER) : value;
    if (!this.multiline && /[\r\n]/.test(text)) this.multiline = true;
    return quote(text);
  }

  /** neo4j-admin reads an empty list field, or [''], as no property: records.ts never stores those. */
  private listCell(name: string, value: string | string[] | null | undefined): string {
    if (Array.isArray(value) && !value.some((item) => item !== ''))
      throw new Error(`${name}: a list of only empty strings cannot be written (records.ts stores none)`);
    return this.cell(value);
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

/** The first list element holding the delimiter, as `property`, or undefined: such a list cannot be written. */
export function unwritableList(props: StoredProps): string | undefined {
  return Object.entries(props).find(
    ([, value]) => Array.isArray(value) && value.some((item) => item.includes(ARRAY_DELIMITER)),
  )?.[0];
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

export async function writeEntity(file: CsvFile, entity: EntityRecord, props = entityProps(entity)): Promise<void> {
  await file.write([entity.id], props);
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

/** What the online path stores on a relationship, endpoint ids included. */
export function storedRelationshipProps(relationship: RelationshipRecord): StoredProps {
  return {
    ...relationshipProps(relationship),
    [ENDPOINT_ID_PROPERTIES.from]: relationship.from,
    [ENDPOINT_ID_PROPERTIES.to]: relationship.to,
  };
}

export async function writeRelationship(
  file: CsvFile,
  relationship: RelationshipRecord,
  props = storedRelationshipProps(relationship),
): Promise<void> {
  await file.write([relationship.from, relationship.to], props);
}
