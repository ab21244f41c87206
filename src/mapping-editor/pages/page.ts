import type { ImportMessages } from "../../i18n/imports.js";
import type { WorkspacePage } from "../../workspace/pages/frame.js";

/** Context of every import page: the workspace page context and the import labels. */
export interface ImportPage extends WorkspacePage {
  m: ImportMessages;
}
