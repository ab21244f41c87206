/**
 * The safety pages of a project: the overview of findings, inspections and incidents, the
 * inspection checklist form, a finding's corrective action and its check, and incident reports.
 */
import type { Hono } from "hono";
import type { WorkspaceEnv } from "../accounts/middleware.js";
import { problemsFromZodError } from "../api/problems.js";
import { errors, type Problem } from "../http/errors.js";
import type { SiteContext, SiteTools } from "../workspace/site-routes.js";
import { listIncidents, reportIncident } from "./incidents.js";
import { listFindings, listInspections, moveFinding, recordInspection } from "./inspections.js";
import {
  FindingPage,
  IncidentFormPage,
  InspectionFormPage,
  InspectionPage,
  SafetyPage,
  type Organisation,
} from "./pages.js";
import {
  actionReportInput,
  incidentInput,
  inspectionInput,
  verificationInput,
} from "./safety-input.js";

/** Adds the safety pages to the project router. */
export function addSafetyPages(router: Hono<WorkspaceEnv>, tools: SiteTools): void {
  const { accounts } = tools;
  const { db } = accounts;
  const view = tools.read("project.view");
  const today = () => accounts.clock().toISOString().slice(0, 10);

  router.get("/:id/safety", view, async (context) => {
    const projectId = tools.projectIdOf(context);
    const now = accounts.clock();
    const [findings, inspections, incidents] = await Promise.all([
      listFindings(db, { projectIds: [projectId] }, now),
      listInspections(db, projectId, now),
      listIncidents(db, projectId),
    ]);
    return context.html(
      <SafetyPage
        page={await tools.pageOf(context)}
        findings={findings}
        inspections={inspections}
        incidents={incidents}
        canInspect={tools.may(context, "safety.inspect")}
        canReport={tools.may(context, "safety.report")}
      />,
    );
  });

  // Inspections.
  const showInspectionForm = async (
    context: SiteContext,
    values: Record<string, string>,
    problems: Problem[],
  ) =>
    context.html(
      <InspectionFormPage
        page={await tools.pageOf(context)}
        organisations={await organisationsOf(tools, tools.projectIdOf(context))}
        values={values}
        problems={problems}
      />,
      problems.length > 0 ? 400 : 200,
    );
  router.get("/:id/safety/inspections/new", tools.read("safety.inspect"), (context) =>
    showInspectionForm(context, { date: today() }, []),
  );
  router.post("/:id/safety/inspections", tools.post("safety.inspect"), async (context) => {
    const values = await tools.formOf(context);
    const { input, rename } = inspectionFromForm(values);
    const parsed = inspectionInput.safeParse(input);
    let problems: Problem[];
    if (parsed.success) {
      try {
        const inspection = await recordInspection(
          db,
          tools.projectIdOf(context),
          parsed.data,
          tools.actorOf(context),
        );
        return tools.redirectTo(context, `/safety/inspections/${inspection.id}`);
      } catch (error) {
        problems = tools.inputProblems(error);
      }
    } else {
      problems = problemsFromZodError(parsed.error);
    }
    return showInspectionForm(context, values, problems.map(rename));
  });
  router.get("/:id/safety/inspections/:inspectionId{[0-9]+}", view, async (context) => {
    const [inspection] = await listInspections(
      db,
      tools.projectIdOf(context),
      accounts.clock(),
      Number(context.req.param("inspectionId")),
    );
    if (!inspection) throw errors.notFound(`Inspection ${context.req.param("inspectionId")}`);
    return context.html(
      <InspectionPage page={await tools.pageOf(context)} inspection={inspection} />,
    );
  });

  // Findings.
  const showFinding = async (
    context: SiteContext,
    values: Record<string, string>,
    problems: Problem[],
    status: 200 | 400 | 409 = problems.length > 0 ? 400 : 200,
  ) => {
    const [finding] = await listFindings(
      db,
      {
        projectIds: [tools.projectIdOf(context)],
        findingId: Number(context.req.param("findingId")),
      },
      accounts.clock(),
    );
    if (!finding) throw errors.notFound(`Safety finding ${context.req.param("findingId")}`);
    return context.html(
      <FindingPage
        page={await tools.pageOf(context)}
        finding={finding}
        canReportAction={tools.may(context, "safety.report")}
        canVerify={tools.may(context, "safety.inspect")}
        values={values}
        problems={problems}
      />,
      status,
    );
  };
  const moveOrShow = async (
    context: SiteContext,
    values: Record<string, string>,
    step: Parameters<typeof moveFinding>[3],
  ) => {
    const findingId = Number(context.req.param("findingId"));
    try {
      await moveFinding(db, tools.projectIdOf(context), findingId, step, tools.actorOf(context));
    } catch (error) {
      const problems = tools.inputProblems(error);
      return showFinding(
        context,
        values,
        problems,
        problems.length > 0 && (error as { status?: number }).status === 409 ? 409 : 400,
      );
    }
    return tools.redirectTo(context, `/safety/findings/${findingId}`);
  };
  router.get("/:id/safety/findings/:findingId{[0-9]+}", view, (context) =>
    showFinding(context, {}, []),
  );
  router.post(
    "/:id/safety/findings/:findingId{[0-9]+}/action-report",
    tools.post("safety.report"),
    async (context) => {
      const values = await tools.formOf(context);
      const parsed = actionReportInput.safeParse({ action: values.action ?? "" });
      if (!parsed.success) return showFinding(context, values, problemsFromZodError(parsed.error));
      return moveOrShow(context, values, { kind: "report", action: parsed.data.action });
    },
  );
  router.post(
    "/:id/safety/findings/:findingId{[0-9]+}/verify",
    tools.post("safety.inspect"),
    async (context) => {
      const values = await tools.formOf(context);
      // The form's two buttons send accepted=true or accepted=false.
      let accepted: boolean | undefined;
      if (values.accepted === "true") accepted = true;
      if (values.accepted === "false") accepted = false;
      const parsed = verificationInput.safeParse({ accepted, note: values.note ?? "" });
      if (!parsed.success) return showFinding(context, values, problemsFromZodError(parsed.error));
      const { note } = parsed.data;
      return moveOrShow(context, values, {
        kind: "verify",
        accepted: parsed.data.accepted,
        ...(note === undefined ? {} : { note }),
      });
    },
  );

  // Incidents.
  const showIncidentForm = async (
    context: SiteContext,
    values: Record<string, string>,
    problems: Problem[],
  ) =>
    context.html(
      <IncidentFormPage page={await tools.pageOf(context)} values={values} problems={problems} />,
      problems.length > 0 ? 400 : 200,
    );
  router.get("/:id/safety/incidents/new", tools.read("safety.report"), (context) =>
    showIncidentForm(context, { date: today() }, []),
  );
  router.post("/:id/safety/incidents", tools.post("safety.report"), async (context) => {
    const values = await tools.formOf(context);
    const parsed = incidentInput.safeParse(values);
    let problems: Problem[];
    if (parsed.success) {
      try {
        await reportIncident(db, tools.projectIdOf(context), parsed.data, tools.actorOf(context));
        return tools.redirectTo(context, "/safety");
      } catch (error) {
        problems = tools.inputProblems(error);
      }
    } else {
      problems = problemsFromZodError(parsed.error);
    }
    return showIncidentForm(context, values, problems);
  });
}

/**
 * Turns the inspection form into the JSON shape of `inspectionInput`. Rows whose result is not
 * chosen are left out; `rename` points a problem of the kept rows back at the form's row.
 */
export function inspectionFromForm(form: Record<string, string>): {
  input: Record<string, unknown>;
  rename: (problem: Problem) => Problem;
} {
  const rows = new Map<number, Record<string, string>>();
  for (const [name, value] of Object.entries(form)) {
    const match = /^items\.(\d+)\.(\w+)$/.exec(name);
    if (!match) continue;
    const row = rows.get(Number(match[1])) ?? {};
    row[match[2]!] = value;
    rows.set(Number(match[1]), row);
  }
  const kept = [...rows].sort((a, b) => a[0] - b[0]).filter(([, row]) => (row.result ?? "") !== "");
  const input = {
    date: form.date ?? "",
    note: form.note ?? "",
    items: kept.map(([, row]) => ({
      item: row.item ?? "",
      result: row.result,
      note: row.note ?? "",
      correctiveAction: row.correctiveAction ?? "",
      responsibleOrganisationId: row.responsibleOrganisationId ?? "",
      deadline: row.deadline ?? "",
    })),
  };
  const rename = (problem: Problem): Problem => {
    const match = /^items\.(\d+)(\..*)?$/.exec(problem.path);
    const original = match ? kept[Number(match[1])]?.[0] : undefined;
    if (!match || original === undefined) return problem;
    return { ...problem, path: `items.${original}${match[2] ?? ""}` };
  };
  return { input, rename };
}

/** Lists the organisations of the project's agency and members, by name. */
async function organisationsOf(tools: SiteTools, projectId: string): Promise<Organisation[]> {
  const { db } = tools.accounts;
  const rows = await db
    .selectFrom("organisations")
    .select(["organisations.id", "organisations.name"])
    .where((eb) =>
      eb.or([
        eb(
          "organisations.id",
          "in",
          eb
            .selectFrom("project_memberships")
            .innerJoin("users", "users.id", "project_memberships.user_id")
            .select("users.organisation_id")
            .where("project_memberships.project_id", "=", projectId)
            .where("users.organisation_id", "is not", null),
        ),
        eb(
          "organisations.id",
          "in",
          eb
            .selectFrom("workspace_projects")
            .select("agency_id")
            .where("project_id", "=", projectId),
        ),
      ]),
    )
    .orderBy("organisations.name")
    .execute();
  return rows;
}
