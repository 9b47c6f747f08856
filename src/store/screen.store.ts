import { NotFoundError, type RelationshipStatus } from '../model';
import { DEFAULT_MATCH_THRESHOLD, type MatchSubject } from '../match';
import type { CypherRunner } from './cypher-runner';
import { DEFAULT_EXPOSURE_HOPS, type Exposure } from './exploration.store';
import { scoredMatches, type CandidateFilter, type ScoredMatch } from './match.store';
import { exposure } from './path.store';

/*
 * Screening: match and exposure in one pass. Each query's candidates are scored (match.store.ts);
 * those at or above the threshold are its matches, and each match's exposure (path.store.ts:
 * its own listings at 0 hops, then those within `hops`) says how it is exposed and through whom.
 */

export const SCREEN_VERDICTS = ['LISTED', 'EXPOSED', 'MATCHED', 'CLEAR'] as const;
/** LISTED: a match is listed itself; EXPOSED: a listing is within reach of a match; MATCHED: matches, none exposed; CLEAR: no match. */
export type ScreenVerdict = (typeof SCREEN_VERDICTS)[number];

export const MAX_SCREEN_MATCHES = 5;
export const DEFAULT_SCREEN_MATCHES = 1;
export const MAX_SCREEN_EXPOSURES = 50;
export const DEFAULT_SCREEN_EXPOSURES = 10;

export interface ScreenOptions extends Omit<CandidateFilter, 'lists'> {
  threshold?: number | null;
  /** Exposure within this many hops of a match (1 to MAX_EXPOSURE_HOPS). */
  hops?: number | null;
  /** Only listings on these lists count. */
  lists?: string[] | null;
  asOf?: string | null;
  /** Listing statuses that count (default ACTIVE). */
  statuses?: RelationshipStatus[] | null;
  /** Matches per query, best first (1 to MAX_SCREEN_MATCHES). */
  matches?: number | null;
  /** Nearest exposures kept per match (1 to MAX_SCREEN_EXPOSURES). */
  exposures?: number | null;
}

export interface ScreenedMatch extends ScoredMatch {
  exposures: Exposure[];
  /** More listings are in reach than `exposures` kept. */
  exposuresTruncated: boolean;
}

export interface Screening {
  verdict: ScreenVerdict;
  matches: ScreenedMatch[];
  /** The best candidate's score, matched or not (null: no candidate at all). */
  bestScore: number | null;
}

function verdictOf(matches: readonly ScreenedMatch[]): ScreenVerdict {
  if (matches.some((match) => match.exposures.some((item) => item.hops === 0))) return 'LISTED';
  if (matches.some((match) => match.exposures.length > 0)) return 'EXPOSED';
  return matches.length > 0 ? 'MATCHED' : 'CLEAR';
}

/** Screens each subject, in their order. The caller validates the options' bounds. */
export async function screen(
  runner: CypherRunner,
  subjects: readonly MatchSubject[],
  options: ScreenOptions,
): Promise<Screening[]> {
  const threshold = options.threshold ?? DEFAULT_MATCH_THRESHOLD;
  const kept = options.exposures ?? DEFAULT_SCREEN_EXPOSURES;
  const scored = await scoredMatches(
    runner,
    subjects,
    { kinds: options.kinds, topics: options.topics, excludeIds: options.excludeIds },
    options.matches ?? DEFAULT_SCREEN_MATCHES,
  );
  const exposed = async (match: ScoredMatch): Promise<ScreenedMatch | null> => {
    try {
      // One past what is kept tells a full answer from a cut one.
      const found = await exposure(runner, {
        id: match.row.id,
        maxHops: options.hops ?? DEFAULT_EXPOSURE_HOPS,
        lists: options.lists,
        asOf: options.asOf,
        statuses: options.statuses,
        first: kept + 1,
      });
      return { ...match, exposures: found.slice(0, kept), exposuresTruncated: found.length > kept };
    } catch (error) {
      // Deleted since it was scored: no longer a match.
      if (error instanceof NotFoundError) return null;
      throw error;
    }
  };
  return Promise.all(
    scored.map(async (candidates) => {
      const matched = await Promise.all(candidates.filter((match) => match.score >= threshold).map(exposed));
      const matches = matched.filter((match): match is ScreenedMatch => match !== null);
      return { verdict: verdictOf(matches), matches, bestScore: candidates[0]?.score ?? null };
    }),
  );
}
