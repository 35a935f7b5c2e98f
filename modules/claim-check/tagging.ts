import { IAspect } from "cdktf";
import { IConstruct } from "constructs";

interface Taggable {
  tags?: Record<string, string>;
  readonly tagsInput?: Record<string, string>;
}

const isTaggable = (node: IConstruct): node is IConstruct & Taggable => "tagsInput" in node && "tags" in node;

/**
 * Adds a tag map to every taggable resource in a scope at synth, so a resource added later cannot
 * forget its tags. Tags set on the resource itself win over the aspect's.
 */
export class TagsAspect implements IAspect {
  constructor(private readonly tags: Readonly<Record<string, string>>) {}

  visit(node: IConstruct): void {
    if (isTaggable(node)) {
      node.tags = { ...this.tags, ...(node.tagsInput ?? {}) };
    }
  }
}
