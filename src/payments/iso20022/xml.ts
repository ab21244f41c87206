/**
 * A small XML writer for ISO 20022 messages: elements are built as a tree and serialised with
 * escaping, so no caller concatenates markup.
 */

/** An element with attributes and either text or child elements. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[] | string;
}

/** Builds an element; `content` is its text or its children (undefined children are dropped). */
export function element(
  name: string,
  content: string | (XmlElement | undefined)[],
  attributes: Record<string, string> = {},
): XmlElement {
  const children =
    typeof content === "string"
      ? content
      : content.filter((child): child is XmlElement => child !== undefined);
  return { name, attributes, children };
}

/** Serialises `root` as a UTF-8 XML document, indented by two spaces. */
export function serialiseDocument(root: XmlElement): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  writeElement(root, 0, lines);
  return `${lines.join("\n")}\n`;
}

function writeElement(node: XmlElement, depth: number, lines: string[]): void {
  const indent = "  ".repeat(depth);
  const attributes = Object.entries(node.attributes)
    .map(([name, value]) => ` ${name}="${escapeXml(value)}"`)
    .join("");
  if (typeof node.children === "string") {
    lines.push(`${indent}<${node.name}${attributes}>${escapeXml(node.children)}</${node.name}>`);
    return;
  }
  lines.push(`${indent}<${node.name}${attributes}>`);
  for (const child of node.children) writeElement(child, depth + 1, lines);
  lines.push(`${indent}</${node.name}>`);
}

/**
 * Escapes text for XML content and attribute values. Characters that XML 1.0 does not allow
 * at all (most C0 controls) become spaces, because no escape can carry them.
 */
export function escapeXml(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- the control characters are the target.
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, " ")
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/'/g, "&apos;")
  );
}
