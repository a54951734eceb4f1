import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoRoutingModels } from '../../shared/adapters/dynamodb/routing-model-store.js';
import { jiebaSegmenter } from '../../shared/adapters/segmenter.js';
import type { LearnedRoutingDeps } from '../../shared/app/routing/learn-routing.js';
import type { Province } from '../../shared/domain/province.js';
import { keywordVocabulary } from '../../shared/domain/routing/index.js';

/**
 * What routing needs besides the rules, alike for the router and for the mail
 * intake that routes at registration: jieba cutting the province's keywords as
 * whole words (its dictionary loads on first use, once per container) and the
 * offices' learned models in the table.
 */
export function learnedRouting(client: DynamoDBClient, tableName: string, province: Province): LearnedRoutingDeps {
  return { models: new DynamoRoutingModels(client, tableName, MODEL_REUSE), segmenter: jiebaSegmenter(keywordVocabulary(province.config)) };
}

/** A staff decision reaches the other containers' suggestions within a minute; a container keeps the models of its 16 busiest offices. */
const MODEL_REUSE = { ms: 60_000, offices: 16 };
