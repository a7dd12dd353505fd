import { Kind, type DocumentNode, type FieldNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';

/** GitHub's limit on the nodes one query may ask for (first/last multiplied down nested connections). */
export const MAX_NODES = 500_000;

function limitOf(field: FieldNode, variables: Record<string, unknown>): number | undefined {
  for (const name of ['first', 'last']) {
    const arg = field.arguments?.find((a) => a.name.value === name);
    if (!arg) continue;
    if (arg.value.kind === Kind.INT) return Number(arg.value.value);
    if (arg.value.kind === Kind.VARIABLE) {
      const value = variables[arg.value.name.value];
      if (typeof value === 'number') return value;
    }
  }
  return undefined;
}

/**
 * The error GitHub answers when a query could return more than 500,000 nodes, or undefined.
 * Computed as GitHub documents it: each connection's first/last times those of the connections above it.
 */
export function nodeLimitError(document: DocumentNode, variables: Record<string, unknown>): string | undefined {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  let total = 0;
  let offender: { field: string; nodes: number } | undefined;
  const walk = (set: SelectionSetNode, multiplier: number, seen: Set<string>): void => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const limit = limitOf(selection, variables);
        const nodes = limit === undefined ? multiplier : multiplier * limit;
        if (limit !== undefined) {
          total += nodes;
          if (total > MAX_NODES && !offender) offender = { field: selection.name.value, nodes: total };
        }
        if (selection.selectionSet) walk(selection.selectionSet, nodes, seen);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet, multiplier, seen);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (fragment && !seen.has(fragment.name.value))
          walk(fragment.selectionSet, multiplier, new Set([...seen, fragment.name.value]));
      }
    }
  };
  for (const d of document.definitions) if (d.kind === Kind.OPERATION_DEFINITION) walk(d.selectionSet, 1, new Set());
  if (!offender) return undefined;
  return `By the time this query traverses to the ${offender.field} connection, it is requesting up to ${offender.nodes.toLocaleString('en-US')} possible nodes which exceeds the maximum limit of ${MAX_NODES.toLocaleString('en-US')}.`;
}
