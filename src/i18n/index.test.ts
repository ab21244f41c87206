import { describe, expect, it } from "vitest";
import { en } from "./en.js";
import { es } from "./es.js";
import { createTranslator, fillTemplate, humaniseCode, negotiateLanguage } from "./index.js";
import { ko } from "./ko.js";

describe("negotiateLanguage", () => {
  it.each([
    ["ko-KR,ko;q=0.9,en;q=0.8", "ko"],
    ["es-MX", "es"],
    ["fr;q=1, es;q=0.4, en;q=0.6", "en"],
    ["fr, de", undefined],
    ["en;q=0, ko;q=0.1", "ko"],
    ["", undefined],
    [undefined, undefined],
  ])("picks %s as %s", (header, expected) => {
    expect(negotiateLanguage(header)).toBe(expected);
  });
});

describe("dictionaries", () => {
  it("have no empty labels", () => {
    for (const dictionary of [en, es, ko]) {
      const labels = Object.values(dictionary).flatMap((value) =>
        typeof value === "string"
          ? [value]
          : Object.values(value).flatMap((codes) => Object.values(codes)),
      );
      for (const label of labels) expect(label.trim()).not.toBe("");
    }
  });

  it("keep the same placeholders", () => {
    const placeholders = (text: string) =>
      [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      const english = en[key];
      if (typeof english !== "string") continue;
      expect(placeholders(es[key] as string), `es.${key}`).toEqual(placeholders(english));
      expect(placeholders(ko[key] as string), `ko.${key}`).toEqual(placeholders(english));
    }
  });
});

describe("translator", () => {
  it("translates codes and falls back", () => {
    const t = createTranslator("ko");
    expect(t.code("status", "implementation")).toBe("공사 중");
    expect(t.code("documentType", "ghgEmissionsForecast")).toBe("Ghg emissions forecast");
    expect(t.code("status", null)).toBe("정보 없음");
  });

  it("fills templates", () => {
    expect(fillTemplate("{count} projects, {missing}", { count: 3 })).toBe("3 projects, {missing}");
    expect(humaniseCode("transport.road")).toBe("Transport road");
  });
});
