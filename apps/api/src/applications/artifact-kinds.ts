import { ARTIFACT_KINDS, type ArtifactKind } from '@bts-console/domain';
import type { ApplicationArtifactCounts } from '@bts-console/db';

/** The console tree's node name for each artifact kind, as BizTalk labels them. */
export const TREE_NODE_BY_KIND: Record<ArtifactKind, string> = {
  'Role Link': 'Role Links',
  'Send Port Group': 'Send Port Groups',
  'Receive Port': 'Receive Ports',
  'Receive Location': 'Receive Locations',
  Orchestration: 'Orchestrations',
  Policy: 'Policies',
  Schema: 'Schemas',
  Map: 'Maps',
  Pipeline: 'Pipelines',
  Resource: 'Resources',
  Party: 'Parties',
  'Message Box': 'Message Boxes',
  Adapter: 'Adapters',
};

/** Kinds listed at group level rather than under an application. */
export const GROUP_LEVEL_KINDS: readonly ArtifactKind[] = ['Party', 'Message Box', 'Adapter'];

const KIND_BY_NAME = new Map<string, ArtifactKind>(
  ARTIFACT_KINDS.flatMap((kind) => [
    [kind.toLowerCase(), kind],
    [TREE_NODE_BY_KIND[kind].toLowerCase(), kind],
  ]),
);

/** Accepts a kind ('Orchestration') or its tree node ('Orchestrations'), in any case. */
export function parseArtifactKind(value: string): ArtifactKind | undefined {
  return KIND_BY_NAME.get(value.trim().toLowerCase());
}

/** The repository's counts keyed by tree node name, as the API contract has them. */
export function countsByTreeNode(counts: ApplicationArtifactCounts): Record<string, number> {
  return {
    'Send Ports': counts.sendPorts,
    'Role Links': counts.roleLinks,
    'Send Port Groups': counts.sendPortGroups,
    'Receive Ports': counts.receivePorts,
    'Receive Locations': counts.receiveLocations,
    Orchestrations: counts.orchestrations,
    Policies: counts.policies,
    Schemas: counts.schemas,
    Maps: counts.maps,
    Pipelines: counts.pipelines,
    Resources: counts.resources,
  };
}
