import { UnknownJurisdiction } from './errors.js';

export const JURISDICTION_LEVELS = ['province', 'city', 'county', 'township'] as const;
export type JurisdictionLevel = (typeof JURISDICTION_LEVELS)[number];

export interface JurisdictionNode {
  /** GB/T 2260 division code (6 digits), or a 9-digit township code. */
  code: string;
  name: string;
  level: JurisdictionLevel;
  parent?: string;
}

/**
 * The jurisdiction tree (province → city → county → township). Answers the
 * questions routing and access control ask: who is above whom, and what lies within.
 */
export class JurisdictionTree<N extends JurisdictionNode = JurisdictionNode> {
  private readonly byCode = new Map<string, N>();
  private readonly childrenOf = new Map<string, N[]>();

  constructor(nodes: readonly N[]) {
    for (const node of nodes) this.byCode.set(node.code, node);
    for (const node of nodes) {
      if (node.parent === undefined) continue;
      const siblings = this.childrenOf.get(node.parent) ?? [];
      siblings.push(node);
      this.childrenOf.set(node.parent, siblings);
    }
  }

  has(code: string): boolean {
    return this.byCode.has(code);
  }

  get(code: string): N {
    const node = this.byCode.get(code);
    if (!node) throw new UnknownJurisdiction(code);
    return node;
  }

  find(code: string): N | undefined {
    return this.byCode.get(code);
  }

  all(): N[] {
    return [...this.byCode.values()];
  }

  children(code: string): N[] {
    return this.childrenOf.get(code) ?? [];
  }

  /** The chain from the node's parent up to the root, nearest first. */
  ancestors(code: string): N[] {
    const chain: N[] = [];
    let parent = this.get(code).parent;
    while (parent !== undefined) {
      const node = this.get(parent);
      chain.push(node);
      parent = node.parent;
    }
    return chain;
  }

  /** The node itself and everything below it. */
  subtree(code: string): N[] {
    const result: N[] = [this.get(code)];
    for (let i = 0; i < result.length; i++) result.push(...this.children(result[i]!.code));
    return result;
  }

  /** True when `code` is `ancestor` itself or lies below it ("a higher level sees its subordinate levels"). */
  isWithin(code: string, ancestor: string): boolean {
    if (!this.has(code)) return false;
    return code === ancestor || this.ancestors(code).some((node) => node.code === ancestor);
  }

  parentOf(code: string): N | undefined {
    const parent = this.get(code).parent;
    return parent === undefined ? undefined : this.get(parent);
  }
}
