import { describe, expect, it } from "vitest";
import { fixWindows1252Text } from "../shared/windows-1252.js";
import { WINDOWS_1252_UNDEFINED } from "../spreadsheet/csv-decode.js";
import { repairMojibake } from "./mojibake.js";

/**
 * Encodes text as UTF-8 and reads the bytes back as Windows-1252, as the publisher's tool did,
 * then drops the bytes Windows-1252 leaves undefined, as the CSV reader does.
 */
function garble(text: string): string {
  const bytes = new TextEncoder().encode(text);
  return fixWindows1252Text(new TextDecoder("windows-1252").decode(bytes)).replace(
    WINDOWS_1252_UNDEFINED,
    "",
  );
}

describe("repairMojibake", () => {
  it.each([
    ["Arroyo Medrano â€“ Tramo 2", "Arroyo Medrano – Tramo 2"],
    ["Plazoleta â€œLos Andesâ€ reabierta", "Plazoleta “Los Andes” reabierta"],
    ["Giro a 90Â° en la esquina", "Giro a 90° en la esquina"],
    ["SuperficieÂ\u00a01.200 mÂ²", "Superficie\u00a01.200 m²"],
    ["EducaciÃ³n y niÃ±ez", "Educación y niñez"],
    ["Secretarí\u00ada de Transporte", "Secretaría de Transporte"],
    ["desagí¼es pluviales", "desagües pluviales"],
  ])("repairs %j", (garbled, expected) => {
    expect(repairMojibake(garbled)).toBe(expected);
  });

  it.each(["Año 2020", "Güemes", "São Paulo", "Plaza 25 de Mayo", "¿Dónde?", "50 °C"])(
    "leaves correct text %j alone",
    (text) => {
      expect(repairMojibake(text)).toBe(text);
    },
  );

  it("leaves pairs that decode to control characters alone", () => {
    expect(repairMojibake("Obra Âœ 3")).toBe("Obra Âœ 3");
  });

  it("undoes the garbling of any Spanish text", () => {
    const text = "Instalación eléctrica – “Etapa Ñ” · 1.º piso, ¿señalética? ½ m²";
    expect(repairMojibake(garble(text))).toBe(text);
  });
});
