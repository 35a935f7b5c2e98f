import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as ts from "typescript";

export interface PropDoc {
  /** The doc comment without its tags, on one line. */
  readonly summary: string;
  /** The `@default` text. */
  readonly defaultText?: string;
}

const flatten = (comment: string | ts.NodeArray<ts.JSDocComment> | undefined): string =>
  (typeof comment === "string" ? comment : (comment ?? []).map((part) => part.text).join("")).replace(/\s+/g, " ").trim();

/** The doc comments of `ClaimCheckProps`, read from props.ts so the module's descriptions are the construct's. */
export function readPropDocs(
  propsFile = join(__dirname, "..", "..", "modules", "claim-check", "spec", "props.ts"),
): Record<string, PropDoc> {
  const source = ts.createSourceFile(propsFile, readFileSync(propsFile, "utf8"), ts.ScriptTarget.ES2022, true);
  const docs: Record<string, PropDoc> = {};
  source.forEachChild((node) => {
    if (!ts.isInterfaceDeclaration(node) || node.name.text !== "ClaimCheckProps") return;
    for (const member of node.members) {
      if (!ts.isPropertySignature(member) || !ts.isIdentifier(member.name)) continue;
      const jsDoc = ts.getJSDocCommentsAndTags(member).find(ts.isJSDoc);
      const defaultTag = jsDoc?.tags?.find((tag) => tag.tagName.text === "default");
      docs[member.name.text] = {
        summary: flatten(jsDoc?.comment),
        defaultText: defaultTag ? flatten(defaultTag.comment) : undefined,
      };
    }
  });
  return docs;
}
