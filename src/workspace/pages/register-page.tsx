import type { Problem } from "../../http/errors.js";
import {
  CsrfField,
  ErrorSummary,
  Field,
  WorkspaceFrame,
  type FieldProps,
  type WorkspacePage,
} from "./frame.js";

/** The fields of the registration form. */
type FieldName =
  | "title"
  | "description"
  | "contractAmount"
  | "currency"
  | "startDate"
  | "plannedCompletionDate"
  | "locationDescription"
  | "locality"
  | "latitude"
  | "longitude"
  | "agencyId"
  | "jurisdictionId"
  | "projectId";

/** Renders the project registration form with the values sent and a problem per bad field. */
export function RegisterProjectPage(props: {
  page: WorkspacePage;
  values: Record<string, string>;
  problems: Problem[];
  organisations: { id: string; name: string }[];
  /** Jurisdictions a new project may join; demonstration ones are left out. */
  jurisdictions: { id: string; name: string }[];
  modeHint: string;
}) {
  const { page, values, problems } = props;
  const { w } = page;
  const labels: Record<FieldName, string> = {
    title: w.title,
    description: w.description,
    contractAmount: w.contractAmount,
    currency: w.currency,
    startDate: w.startDate,
    plannedCompletionDate: w.plannedCompletionDate,
    locationDescription: w.locationDescription,
    locality: w.locality,
    latitude: w.latitude,
    longitude: w.longitude,
    agencyId: w.agency,
    jurisdictionId: w.jurisdiction,
    projectId: w.existingProjectId,
  };
  const field = (name: FieldName, extra: Partial<FieldProps> = {}) => (
    <Field name={name} label={labels[name]} value={values[name]} problems={problems} {...extra} />
  );
  const agencyError = problems.find((problem) => problem.path === "agencyId");
  const jurisdictionError = problems.find((problem) => problem.path === "jurisdictionId");

  return (
    <WorkspaceFrame page={page} title={w.registerProject}>
      <h1>{w.registerProject}</h1>
      <p class="tagline">{w.registrationIntro}</p>
      <ErrorSummary problems={problems} w={w} labels={labels} />
      <form method="post" action="/workspace/projects" class="form" novalidate>
        <CsrfField token={page.csrfToken} />
        {field("title")}
        <div class="field">
          <label for="field-description">{w.description}</label>
          <textarea id="field-description" name="description" rows={3}>
            {values.description ?? ""}
          </textarea>
        </div>
        {field("contractAmount", { hint: w.contractAmountHint, inputmode: "decimal" })}
        {field("currency", { hint: w.currencyHint })}
        <p class="hint">{props.modeHint}</p>
        {field("startDate", { type: "date", hint: w.dateHint })}
        {field("plannedCompletionDate", { type: "date", hint: w.dateHint })}
        {field("locationDescription")}
        {field("locality")}
        {field("latitude", { inputmode: "decimal" })}
        {field("longitude", { inputmode: "decimal" })}
        <div class="field">
          <label for="field-agencyId">{w.agency}</label>
          <p class="hint" id="field-agencyId-hint">
            {w.agencyHint}
          </p>
          {agencyError ? <p class="field-error">{agencyError.message}</p> : null}
          <select
            id="field-agencyId"
            name="agencyId"
            aria-describedby="field-agencyId-hint"
            aria-invalid={agencyError ? "true" : undefined}
          >
            <option value="">{w.chooseAgency}</option>
            {props.organisations.map((organisation) => (
              <option value={organisation.id} selected={organisation.id === values.agencyId}>
                {organisation.name}
              </option>
            ))}
          </select>
        </div>
        {props.jurisdictions.length > 0 ? (
          <div class="field">
            <label for="field-jurisdictionId">{w.jurisdiction}</label>
            <p class="hint" id="field-jurisdictionId-hint">
              {w.jurisdictionHint}
            </p>
            {jurisdictionError ? <p class="field-error">{jurisdictionError.message}</p> : null}
            <select
              id="field-jurisdictionId"
              name="jurisdictionId"
              aria-describedby="field-jurisdictionId-hint"
              aria-invalid={jurisdictionError ? "true" : undefined}
            >
              <option value="">{w.noJurisdiction}</option>
              {props.jurisdictions.map((jurisdiction) => (
                <option
                  value={jurisdiction.id}
                  selected={jurisdiction.id === values.jurisdictionId}
                >
                  {jurisdiction.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        {field("projectId", { hint: w.existingProjectHint })}
        <div class="actions">
          <button type="submit">{w.submitRegistration}</button>
        </div>
      </form>
    </WorkspaceFrame>
  );
}
