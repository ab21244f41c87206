/**
 * "What waits for me": the items across a user's projects that the user is the one to act on.
 * Which kinds a user sees in which project follows the role × action table alone: a kind
 * appears where `can` grants its source's action.
 */
import type { Kysely } from "kysely";
import { can, PERMISSIONS, type Principal, type ProjectAccess } from "../accounts/permissions.js";
import { addDays, dateOf } from "../claims/deadlines.js";
import type { DB } from "../db/types.js";
import type { ProjectMode, ProjectRole } from "../db/types-accounts.js";
import { actionPage } from "./links.js";
import {
  WAITING_KINDS,
  WAITING_SOURCES,
  type WaitingKind,
  type WaitingRow,
} from "./waiting-sources.js";

/** One item waiting for the user, with where to act on it. */
export interface WaitingItem extends WaitingRow {
  kind: WaitingKind;
  projectTitle: string;
  /** True when the due date has passed. */
  overdue: boolean;
  /** The workspace page where the user acts, or the project page where there is none yet. */
  href: string;
}

/** The count of waiting items in one project. */
export interface ProjectWaitingCount {
  projectId: string;
  projectTitle: string;
  waiting: number;
  overdue: number;
}

/** Everything waiting for a user. */
export interface Waiting {
  today: string;
  /** Overdue items first, then by due date, then the longest waiting. */
  items: WaitingItem[];
  /** Per project with at least one item, in the order of its first item. */
  projects: ProjectWaitingCount[];
}

interface CandidateProject {
  id: string;
  title: string;
  mode: ProjectMode;
}

/**
 * Lists what waits for `principal` on `now`'s UTC day. A decision (approval, review,
 * verification) is due `approvalDays` after it started waiting; directives, safety findings and
 * payments carry their own due dates. Runs one query per kind of item, whatever the number of
 * projects.
 */
export async function listWaiting(
  db: Kysely<DB>,
  principal: Principal,
  now: Date,
  approvalDays: number,
): Promise<Waiting> {
  const today = dateOf(now);
  const { projects, rolesByProject } = await candidateProjects(db, principal);
  const titles = new Map(projects.map((project) => [project.id, project.title]));

  const items: WaitingItem[] = [];
  for (const source of WAITING_SOURCES) {
    const projectIds = projects
      .filter((project) => can(principal, source.action, accessOf(project, rolesByProject)))
      .map((project) => project.id);
    if (projectIds.length === 0) continue;

    const rows = await source.load(db, { principal, projectIds, rolesByProject, today });
    for (const found of rows) {
      const dueDate =
        source.dueAfterApprovalDays && found.since
          ? addDays(dateOf(found.since), approvalDays)
          : found.dueDate;
      items.push({
        ...found,
        kind: source.kind,
        dueDate,
        overdue: dueDate !== null && dueDate < today,
        projectTitle: titles.get(found.projectId) ?? found.projectId,
        href: actionPage(source.kind, found.projectId, found.itemId),
      });
    }
  }

  items.sort(compareItems);
  return { today, items, projects: countByProject(items) };
}

/**
 * Loads the projects the principal could act in: its memberships, and every registered project when
 * one of its jurisdiction roles grants an action that a waiting kind needs.
 */
async function candidateProjects(db: Kysely<DB>, principal: Principal) {
  const memberships = await db
    .selectFrom("project_memberships")
    .select(["project_id", "role"])
    .where("user_id", "=", principal.userId)
    .execute();
  const rolesByProject = new Map<string, ProjectRole[]>();
  for (const membership of memberships) {
    const roles = rolesByProject.get(membership.project_id) ?? [];
    rolesByProject.set(membership.project_id, [...roles, membership.role]);
  }

  const everywhere = WAITING_SOURCES.some((source) =>
    principal.jurisdictionRoles.some((role) =>
      (PERMISSIONS[source.action].jurisdiction as readonly string[]).includes(role),
    ),
  );
  if (!everywhere && rolesByProject.size === 0) return { projects: [], rolesByProject };

  let query = db
    .selectFrom("workspace_projects")
    .innerJoin("projects", "projects.id", "workspace_projects.project_id")
    .select(["projects.id", "projects.title", "workspace_projects.mode"]);
  if (!everywhere) query = query.where("projects.id", "in", [...rolesByProject.keys()]);
  const projects: CandidateProject[] = await query.execute();
  return { projects, rolesByProject };
}

function accessOf(
  project: CandidateProject,
  rolesByProject: ReadonlyMap<string, readonly ProjectRole[]>,
): ProjectAccess {
  return { projectId: project.id, mode: project.mode, roles: rolesByProject.get(project.id) ?? [] };
}

/** Overdue first, then the earliest due date (none last), then the longest waiting. */
function compareItems(a: WaitingItem, b: WaitingItem): number {
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
  if (a.dueDate !== b.dueDate) {
    if (a.dueDate === null) return 1;
    if (b.dueDate === null) return -1;
    return a.dueDate < b.dueDate ? -1 : 1;
  }
  const since = (a.since?.getTime() ?? Infinity) - (b.since?.getTime() ?? Infinity);
  if (since !== 0 && !Number.isNaN(since)) return since;
  return (
    a.projectTitle.localeCompare(b.projectTitle) ||
    WAITING_KINDS.indexOf(a.kind) - WAITING_KINDS.indexOf(b.kind) ||
    a.itemId.localeCompare(b.itemId, undefined, { numeric: true })
  );
}

function countByProject(items: WaitingItem[]): ProjectWaitingCount[] {
  const counts = new Map<string, ProjectWaitingCount>();
  for (const item of items) {
    const entry = counts.get(item.projectId) ?? {
      projectId: item.projectId,
      projectTitle: item.projectTitle,
      waiting: 0,
      overdue: 0,
    };
    entry.waiting += 1;
    if (item.overdue) entry.overdue += 1;
    counts.set(item.projectId, entry);
  }
  return [...counts.values()];
}
