import type { Node } from './nodes.js';
import { childrenOf } from './nodes.js';

/**
 * Hash-consing: structurally equal expressions map to one canonical object and one small id.
 * This is the common-subexpression elimination every pass builds on.
 */
export class Interner {
  private readonly idsByKey = new Map<string, number>();
  private readonly canonicalById: Node[] = [];
  private readonly idByNode = new WeakMap<Node, number>();

  idOf(node: Node): number {
    const known = this.idByNode.get(node);
    if (known !== undefined) return known;
    const key = this.keyOf(node);
    let id = this.idsByKey.get(key);
    if (id === undefined) {
      id = this.canonicalById.length;
      this.idsByKey.set(key, id);
      this.canonicalById.push(node);
    }
    this.idByNode.set(node, id);
    return id;
  }

  /** The canonical object for this expression: equal expressions share it. */
  canonical<T extends Node>(node: T): T {
    const canonical = this.canonicalById[this.idOf(node)];
    // The canonical node has the same key, hence the same op and therefore the same type.
    return canonical as T;
  }

  equal(a: Node, b: Node): boolean {
    return this.idOf(a) === this.idOf(b);
  }

  private keyOf(node: Node): string {
    switch (node.op) {
      case 'const':
        return `c:${Object.is(node.value, -0) ? '-0' : String(node.value)}`;
      case 'param':
        return `p:${node.name}`;
      case 'input':
      case 'output':
      case 'uniform':
        return node.op;
      default:
        return `${node.op}(${childrenOf(node).map((child) => this.idOf(child)).join(',')})`;
    }
  }
}
