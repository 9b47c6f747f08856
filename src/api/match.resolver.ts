import { Args, Ctx, Query, Resolver } from 'type-graphql';
import { DEFAULT_MATCH_THRESHOLD, subjectOf } from '../match';
import { scoredMatches, type ScoredMatch } from '../store';
import type { ApiContext } from './context';
import { toEntityView } from './entity.type';
import type { Loaders } from './loaders';
import { DEFAULT_MATCH_RESULTS } from './match-limits';
import { MatchArgs, MatchFeature, MatchResponse, MatchResult } from './match.type';

/** A scored candidate as the API shows it; its entity primes the loaders. */
export function toMatchResult(loaders: Loaders, { row, score, features }: ScoredMatch, threshold: number): MatchResult {
  loaders.primeEntity(row);
  return Object.assign(new MatchResult(), {
    entity: toEntityView(row),
    score,
    match: score >= threshold,
    features: features.map((feature) => Object.assign(new MatchFeature(), feature)),
  });
}

@Resolver()
export class MatchResolver {
  @Query(() => [MatchResponse], {
    description:
      'Screening by example: for each query (names, birth dates, countries, identifiers, or an FtM entity), the ' +
      'best candidates in the graph, scored 0–1 with the features that make the score. Candidates come from an ' +
      'index of name keys (transliterated tokens, sounds, identifiers), so the cost follows the index, not the graph.',
  })
  async match(
    @Args(() => MatchArgs) args: MatchArgs,
    @Ctx() { runner, loaders }: ApiContext,
  ): Promise<MatchResponse[]> {
    const subjects = args.queries.map((query, index) => subjectOf(query, `queries[${index}]`));
    const scored = await scoredMatches(runner, subjects, args, args.limit ?? DEFAULT_MATCH_RESULTS);
    const threshold = args.threshold ?? DEFAULT_MATCH_THRESHOLD;
    return args.queries.map((query, index) =>
      Object.assign(new MatchResponse(), {
        key: query.key,
        results: scored[index].map((match) => toMatchResult(loaders, match, threshold)),
      }),
    );
  }
}
