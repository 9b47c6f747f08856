import { GraphQLError } from 'graphql';
import { Args, Ctx, Query, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import { InvalidInputError, NotFoundError } from '../model';
import {
  readChanges,
  type Change as StoredChange,
  pageSize,
  exposure,
  MAX_EXPOSURES,
  type Exposure as StoredExposure,
} from '../store';
import { requireReader } from './auth';
import { derivedEvents, feedEvents, type DerivedChange } from './change-hub';
import {
  Change,
  ChangeConnection,
  ChangesArgs,
  EntityChangedArgs,
  ExposureChange,
  ExposureChangedArgs,
  MAX_WATCHED_IDS,
  RelationshipChangedArgs,
  toChangeView,
} from './change.type';
import type { ApiContext, LiveContext } from './context';
import { ErrorCode } from './errors';
import { toExposureView } from './exploration.resolver';

/** Subscriptions run only over the WebSocket, whose connection supplies the live context. */
function liveContext(context: ApiContext): LiveContext {
  requireReader(context);
  if (!context.live) {
    throw new GraphQLError('Subscriptions are served over WebSocket (graphql-ws) on /graphql', {
      extensions: { code: ErrorCode.BAD_USER_INPUT },
    });
  }
  return context.live;
}

/** `after` of `changes`: a cursor of this connection is the seq in decimal. */
function seqAfter(after: string | null | undefined): number {
  if (after === null || after === undefined) return 0;
  if (!/^\d{1,15}$/.test(after))
    throw new InvalidInputError(`"after" is not a cursor of changes: ${after.slice(0, 60)}`);
  return Number(after);
}

type Data<Args> = SubscribeResolverData<unknown, Args, ApiContext>;

@Resolver()
export class ChangeResolver {
  @Query(() => ChangeConnection, {
    description: 'The change feed: every committed change, oldest first, kept for CHANGE_RETENTION_HOURS.',
  })
  async changes(@Args(() => ChangesArgs) args: ChangesArgs, @Ctx() { runner }: ApiContext): Promise<ChangeConnection> {
    const first = pageSize(args.first);
    const after = seqAfter(args.after);
    const page = await readChanges(runner, after, first);
    const edges = page.rows.map((row) => ({ cursor: String(row.seq), node: toChangeView(row) }));
    return {
      edges,
      nodes: edges.map((edge) => edge.node),
      totalCount: page.totalCount,
      latestSeq: page.latest,
      pageInfo: {
        hasNextPage: page.hasNextPage,
        hasPreviousPage: after > 0,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
    };
  }

  @Subscription(() => Change, {
    description: 'Entities created, updated or deleted (all, or those in `ids`).',
    subscribe: ({ args, context }: Data<EntityChangedArgs>) => {
      const live = liveContext(context);
      if ((args.ids?.length ?? 0) > MAX_WATCHED_IDS) {
        throw new InvalidInputError(`"ids" takes at most ${MAX_WATCHED_IDS} ids`);
      }
      const ids = args.ids?.length ? new Set(args.ids) : undefined;
      return feedEvents(live.hub, context.runner, {
        after: args.after,
        matches: (change) => change.target === 'ENTITY' && (ids === undefined || ids.has(change.id)),
        capacity: live.capacity,
        onOverflow: live.cutOff,
      });
    },
  })
  entityChanged(@Root() change: StoredChange, @Args(() => EntityChangedArgs) _args: EntityChangedArgs): Change {
    return toChangeView(change);
  }

  @Subscription(() => Change, {
    description: 'Relationships created, updated or deleted (all, or those of `entity`, of `types`).',
    subscribe: ({ args, context }: Data<RelationshipChangedArgs>) => {
      const live = liveContext(context);
      const types = args.types?.length ? new Set<string>(args.types) : undefined;
      return feedEvents(live.hub, context.runner, {
        after: args.after,
        matches: (change) =>
          change.target === 'RELATIONSHIP' &&
          (!args.entity || change.entityIds.includes(args.entity)) &&
          (types === undefined || types.has(change.type ?? '')),
        capacity: live.capacity,
        onOverflow: live.cutOff,
      });
    },
  })
  relationshipChanged(
    @Root() change: StoredChange,
    @Args(() => RelationshipChangedArgs) _args: RelationshipChangedArgs,
  ): Change {
    return toChangeView(change);
  }

  @Subscription(() => ExposureChange, {
    description:
      'A watchlist alert: fires when an ACTIVE listing enters or leaves the exposure of `id` (as the `exposure` ' +
      'query computes it, watching the nearest 500), with the justifying path. Recomputed after relationship changes, coalesced.',
    subscribe: async ({ args, context }: Data<ExposureChangedArgs>) => {
      const live = liveContext(context);
      let watching = false;
      const compute = async (): Promise<Map<string, StoredExposure>> => {
        try {
          const found = await exposure(context.runner, { id: args.id, maxHops: args.maxHops, first: MAX_EXPOSURES });
          return new Map(found.map((item) => [item.listing.id, item]));
        } catch (error) {
          // Deleted while watched: every listing left its exposure.
          if (watching && error instanceof NotFoundError) return new Map();
          throw error;
        }
      };
      const events = await derivedEvents(live.hub, {
        compute,
        affects: (change) => change.target === 'RELATIONSHIP',
        snapshot: args.after !== null && args.after !== undefined,
        capacity: live.capacity,
        onOverflow: live.cutOff,
        retryMs: live.retryMs,
        log: live.log,
      });
      watching = true;
      return events;
    },
  })
  exposureChanged(
    @Root() change: DerivedChange<StoredExposure>,
    @Args(() => ExposureChangedArgs) _args: ExposureChangedArgs,
    @Ctx() context: ApiContext,
  ): ExposureChange {
    const loaders = context.live?.beginEvent() ?? context.loaders;
    return {
      seq: change.seq,
      snapshot: change.snapshot,
      entered: change.entered.map((item) => toExposureView(loaders, item)),
      left: change.left.map((item) => toExposureView(loaders, item)),
    };
  }
}
