import { Args, Ctx, Query, Resolver } from 'type-graphql';
import { DEFAULT_MATCH_THRESHOLD, subjectOf } from '../match';
import { screen } from '../store';
import type { ApiContext } from './context';
import { toExposureView } from './exploration.resolver';
import { toMatchResult } from './match.resolver';
import { ScreenArgs, ScreenMatch, ScreenResult } from './screen.type';

@Resolver()
export class ScreenResolver {
  @Query(() => [ScreenResult], {
    description:
      'Match and exposure in one call: for each query, its matches (as `match` scores them) and, for each match, ' +
      'its own listings and the listings within `hops`, with the path and evidence to each, and a verdict.',
  })
  async screen(
    @Args(() => ScreenArgs) args: ScreenArgs,
    @Ctx() { runner, loaders }: ApiContext,
  ): Promise<ScreenResult[]> {
    const subjects = args.queries.map((query, index) => subjectOf(query, `queries[${index}]`));
    const screenings = await screen(runner, subjects, { ...args, statuses: args.status });
    const threshold = args.threshold ?? DEFAULT_MATCH_THRESHOLD;
    return args.queries.map((query, index) =>
      Object.assign(new ScreenResult(), {
        key: query.key,
        verdict: screenings[index].verdict,
        bestScore: screenings[index].bestScore,
        matches: screenings[index].matches.map((match) =>
          Object.assign(new ScreenMatch(), toMatchResult(loaders, match, threshold), {
            exposures: match.exposures.map((item) => toExposureView(loaders, item)),
            exposuresTruncated: match.exposuresTruncated,
          }),
        ),
      }),
    );
  }
}
