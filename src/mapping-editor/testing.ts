import type { Kysely } from "kysely";
import { CSRF_FIELD, SESSION_COOKIE } from "../accounts/middleware.js";
import { createSession } from "../accounts/sessions.js";
import { createUser } from "../accounts/users.js";
import type { DB } from "../db/types.js";
import type { JurisdictionRole } from "../db/types-accounts.js";
import { uniqueId } from "../testing/factories.js";

/** A signed-in test user: its cookie header and the CSRF token its forms need. */
export interface SignedIn {
  userId: number;
  email: string;
  password: string;
  cookie: string;
  csrfToken: string;
}

/** Creates a user with the given jurisdiction roles and starts a web session for it. */
export async function signInAs(db: Kysely<DB>, roles: JurisdictionRole[]): Promise<SignedIn> {
  const email = `${uniqueId("user")}@example.org`;
  const password = "correct horse battery staple";
  const user = await createUser(
    db,
    {
      email,
      displayName: `Test ${roles.join(" ") || "member"}`,
      password,
      jurisdictionRoles: roles,
    },
    { userId: null },
  );
  const session = await createSession(db, user.id, new Date(), 8);
  return {
    userId: user.id,
    email,
    password,
    cookie: `${SESSION_COOKIE}=${session.sessionId}`,
    csrfToken: session.csrfToken,
  };
}

/** Five public works in a Spanish stage vocabulary with decimal-comma amounts, `;` separated. */
export const SAMPLE_CSV = [
  "codigo;nombre;etapa;monto;fecha_inicio;lat;lng",
  "1;Plaza Central;En ejecución;1.234.567,89;05/03/2023;-34,6037;-58,3816",
  "2;Escuela N° 12;Finalizada;980.000,50;10/01/2022;-34,6158;-58,4333",
  "3;Hospital Norte;En licitación;2.500.000,00;;-34,5711;-58,4233",
  "4;Puente Sur;Desestimada;450.000;01/07/2021;-34,6500;-58,4000",
  "5;Parque Este;En ejecución;a definir;15/09/2023;-34,6100;-58,3700",
  "",
].join("\n");

/** Returns the form fields that map SAMPLE_CSV completely, as the mapping page posts them. */
export function sampleForm(csrfToken: string, name = "ba-obras-test"): Record<string, string> {
  return {
    [CSRF_FIELD]: csrfToken,
    base: "{}",
    name,
    "source.key": "test-ba-obras",
    "source.asOf": "2024-05-01",
    "project.id.prefix": "oc4ids-test01",
    "project.id.column": "codigo",
    "project.currency": "ARS",
    "project.minorDigits": "2",
    "project.country": "AR",
    "project.language": "es",
    "project.publisher.name": "Ciudad de Prueba",
    onProblem: "warn",
    "field.title.column": "nombre",
    "field.title.required": "on",
    "field.status.column": "etapa",
    "field.status.word.0": "En ejecución",
    "field.status.code.0": "implementation",
    "field.status.word.1": "Finalizada",
    "field.status.code.1": "completion",
    "field.status.word.2": "En licitación",
    "field.status.code.2": "preparation",
    "field.status.word.3": "Desestimada",
    "field.status.code.3": "cancelled",
    "field.budget.amount.column": "monto",
    "field.budget.amount.decimal": ",",
    "field.budget.amount.thousands": ".",
    "field.period.startDate.column": "fecha_inicio",
    "field.period.startDate.formats": "DD/MM/YYYY",
    "field.location.latitude.column": "lat",
    "field.location.latitude.decimal": ",",
    "field.location.longitude.column": "lng",
    "field.location.longitude.decimal": ",",
  };
}
