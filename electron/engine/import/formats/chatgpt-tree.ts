/*
 * Ordering of a ChatGPT conversation's `mapping` tree. Every edit or regeneration forks
 * it; the branch on screen is the path from the root to `current_node`.
 */

export interface TreeNode {
  parent?: string | null;
  children?: string[] | null;
}

export interface ThreadOrder {
  /** Node ids, parents before their children: the main thread first, then the other branches. */
  order: string[];
  main: Set<string>;
}

const has = (mapping: Record<string, TreeNode>, id: string | null | undefined): id is string =>
  typeof id === 'string' && Object.hasOwn(mapping, id);

/** Children by the parent links (what the main thread follows too), sorted as in `children`. */
function childrenByParent(mapping: Record<string, TreeNode>): Map<string, string[]> {
  const childrenOf = new Map<string, string[]>();
  for (const id of Object.keys(mapping)) {
    const parent = mapping[id].parent;
    if (!has(mapping, parent) || parent === id) continue;
    const kids = childrenOf.get(parent);
    if (kids) kids.push(id);
    else childrenOf.set(parent, [id]);
  }
  for (const [parent, kids] of childrenOf) {
    const listed = mapping[parent].children ?? [];
    const rank = (k: string): number => (listed.includes(k) ? listed.indexOf(k) : Number.MAX_SAFE_INTEGER);
    kids.sort((a, b) => rank(a) - rank(b));
  }
  return childrenOf;
}

/** Walks down the newest (last) child from the first root: the leaf the UI would show. */
function newestLeaf(roots: string[], childrenOf: Map<string, string[]>): string | undefined {
  let cursor = roots[0];
  const seen = new Set<string>();
  while (cursor !== undefined && !seen.has(cursor)) {
    seen.add(cursor);
    const kids = childrenOf.get(cursor) ?? [];
    if (kids.length === 0) return cursor;
    cursor = kids[kids.length - 1];
  }
  return cursor;
}

export function threadOrder(mapping: Record<string, TreeNode>, current: string | null | undefined): ThreadOrder {
  const roots = Object.keys(mapping).filter((id) => !has(mapping, mapping[id].parent));
  const childrenOf = childrenByParent(mapping);

  // Main thread: from the current node up the parents; a cycle guard stops corrupt links.
  const leaf = has(mapping, current) ? current : newestLeaf(roots, childrenOf);
  const up: string[] = [];
  const main = new Set<string>();
  for (let id: string | null | undefined = leaf; has(mapping, id) && !main.has(id); id = mapping[id].parent) {
    main.add(id);
    up.push(id);
  }
  const order = up.reverse();

  // Other branches, depth first so each parent precedes its children. Nodes caught in a
  // parent cycle with no root are unreachable and left out.
  const visited = new Set<string>();
  const stack = [...roots].reverse();
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (visited.has(id)) continue;
    visited.add(id);
    if (!main.has(id)) order.push(id);
    const kids = childrenOf.get(id) ?? [];
    for (let i = kids.length - 1; i >= 0; i--) if (!visited.has(kids[i])) stack.push(kids[i]);
  }
  return { order, main };
}
