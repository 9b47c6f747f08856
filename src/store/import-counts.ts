/** Rows an import handled, by outcome: reported by the write path, the importers and the metrics. */
export interface ImportCounts {
  entitiesCreated: number;
  entitiesUpdated: number;
  entitiesUnchanged: number;
  relationshipsCreated: number;
  relationshipsUpdated: number;
  relationshipsUnchanged: number;
}

export function emptyImportCounts(): ImportCounts {
  return {
    entitiesCreated: 0,
    entitiesUpdated: 0,
    entitiesUnchanged: 0,
    relationshipsCreated: 0,
    relationshipsUpdated: 0,
    relationshipsUnchanged: 0,
  };
}
