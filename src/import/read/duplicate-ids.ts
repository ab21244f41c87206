import type { ImportProblem } from "../types.js";
import type { ReadItem } from "../read-source.js";

/**
 * Returns a check to call on every item of one source, in order: it returns a
 * `duplicate-project-id` problem, naming both places, for each project whose id appeared
 * earlier in the same source. Items that are not projects, or have no string id, pass.
 */
export function createDuplicateProjectIdCheck(): (item: ReadItem) => ImportProblem | undefined {
  const firstSeen = new Map<string, string>();

  return (item) => {
    if (item.kind !== "project") return undefined;
    const id = item.project.id;
    if (typeof id !== "string") return undefined;

    const here = describePlace(item);
    const earlier = firstSeen.get(id);
    if (earlier === undefined) {
      firstSeen.set(id, here);
      return undefined;
    }
    return {
      ...item.location,
      projectId: id,
      pointer: "/id",
      code: "duplicate-project-id",
      message: `the project id "${id}" appears twice in the source: at ${earlier} and at ${here}`,
    };
  };
}

function describePlace(item: ReadItem): string {
  return item.itemPointer ? `${item.location.source}#${item.itemPointer}` : item.location.source;
}
