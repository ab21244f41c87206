import type { Codelist, TextKey, Translator } from "../i18n/index.js";
import type { ProjectFacets, ProjectSort } from "../projects/search.js";

/** Sort orders the form offers, with the label of each; the first is the default. */
const SORT_OPTIONS: [ProjectSort, TextKey][] = [
  ["-updated", "sortUpdated"],
  ["-budget", "sortBudgetDesc"],
  ["budget", "sortBudgetAsc"],
  ["-start", "sortStartDesc"],
  ["title", "sortTitle"],
];

/** Form values as the visitor sent them, so that the form shows what was asked. */
export type FormValues = Record<string, string | undefined>;

function CodeSelect(props: {
  name: string;
  label: string;
  codelist: Codelist;
  facets: { value: string; count: number }[];
  selected: string | undefined;
  t: Translator;
}) {
  const { name, label, codelist, facets, selected, t } = props;
  return (
    <div class="field">
      <label for={`filter-${name}`}>{label}</label>
      <select id={`filter-${name}`} name={name}>
        <option value="">{t.messages.filterAny}</option>
        {facets.map((facet) => (
          <option value={facet.value} selected={facet.value === selected}>
            {`${t.code(codelist, facet.value)} (${facet.count})`}
          </option>
        ))}
      </select>
    </div>
  );
}

function OptionSelect(props: {
  name: string;
  label: string;
  options: { value: string; label: string }[];
  selected: string | undefined;
  t: Translator;
}) {
  const { name, label, options, selected, t } = props;
  return (
    <div class="field">
      <label for={`filter-${name}`}>{label}</label>
      <select id={`filter-${name}`} name={name}>
        <option value="">{t.messages.filterAny}</option>
        {options.map((option) => (
          <option value={option.value} selected={option.value === selected}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function InputField(props: {
  name: string;
  label: string;
  type: "search" | "number" | "date";
  value: string | undefined;
  hint?: string | undefined;
  invalid: boolean;
}) {
  const { name, label, type, value, hint, invalid } = props;
  const hintId = hint ? `filter-${name}-hint` : undefined;
  return (
    <div class="field">
      <label for={`filter-${name}`}>{label}</label>
      {hint ? (
        <span class="hint" id={hintId}>
          {hint}
        </span>
      ) : null}
      <input
        id={`filter-${name}`}
        name={name}
        type={type}
        value={value ?? ""}
        min={type === "number" ? "0" : undefined}
        step={type === "number" ? "any" : undefined}
        aria-describedby={hintId}
        aria-invalid={invalid ? "true" : undefined}
      />
    </div>
  );
}

/** The project search form: plain GET, so it works without a script. */
export function SearchForm(props: {
  values: FormValues;
  facets: ProjectFacets;
  invalidFields: Set<string>;
  t: Translator;
}) {
  const { values, facets, invalidFields, t } = props;
  const m = t.messages;
  const organisationOptions = (list: ProjectFacets["agencies"]) =>
    list.map((organisation) => ({
      value: organisation.id,
      label: `${organisation.name} (${organisation.count})`,
    }));
  return (
    <form method="get" action="/" class="search" role="search" aria-labelledby="search-heading">
      <h2 id="search-heading">{m.searchHeading}</h2>
      <div class="field field-wide">
        <label for="filter-q">{m.searchText}</label>
        <span class="hint" id="filter-q-hint">
          {m.searchTextHint}
        </span>
        <input
          id="filter-q"
          name="q"
          type="search"
          value={values.q ?? ""}
          aria-describedby="filter-q-hint"
        />
      </div>
      <div class="filters">
        <CodeSelect
          name="status"
          label={m.filterStatus}
          codelist="status"
          facets={facets.statuses}
          selected={values.status}
          t={t}
        />
        <CodeSelect
          name="sector"
          label={m.filterSector}
          codelist="sector"
          facets={facets.sectors}
          selected={values.sector}
          t={t}
        />
        <CodeSelect
          name="type"
          label={m.filterType}
          codelist="type"
          facets={facets.types}
          selected={values.type}
          t={t}
        />
        <OptionSelect
          name="district"
          label={m.filterDistrict}
          options={facets.districts.map((facet) => ({
            value: facet.value,
            label: `${facet.value} (${facet.count})`,
          }))}
          selected={values.district}
          t={t}
        />
        <OptionSelect
          name="agency"
          label={m.filterAgency}
          options={organisationOptions(facets.agencies)}
          selected={values.agency}
          t={t}
        />
        <OptionSelect
          name="contractor"
          label={m.filterContractor}
          options={organisationOptions(facets.contractors)}
          selected={values.contractor}
          t={t}
        />
        <InputField
          name="budgetMin"
          label={m.filterBudgetMin}
          type="number"
          value={values.budgetMin}
          hint={m.filterBudgetHint}
          invalid={invalidFields.has("budgetMin")}
        />
        <InputField
          name="budgetMax"
          label={m.filterBudgetMax}
          type="number"
          value={values.budgetMax}
          hint={m.filterBudgetHint}
          invalid={invalidFields.has("budgetMax")}
        />
        <InputField
          name="from"
          label={m.filterPeriodFrom}
          type="date"
          value={values.from}
          invalid={invalidFields.has("from")}
        />
        <InputField
          name="to"
          label={m.filterPeriodTo}
          type="date"
          value={values.to}
          invalid={invalidFields.has("to")}
        />
        <div class="field">
          <label for="filter-sort">{m.sortLabel}</label>
          <select id="filter-sort" name="sort">
            {SORT_OPTIONS.map(([value, label]) => (
              <option value={value} selected={value === (values.sort ?? "-updated")}>
                {t.text(label)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div class="actions">
        <button type="submit">{m.searchSubmit}</button>
        <a href="/">{m.searchReset}</a>
      </div>
    </form>
  );
}
