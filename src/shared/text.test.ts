import { describe, expect, it } from "vitest";
import { escapeLikePattern, foldForSearch } from "./text.js";

describe("foldForSearch", () => {
  it("drops accents and case", () => {
    expect(foldForSearch("Construcción  de la ESFERA")).toBe("construccion de la esfera");
    expect(foldForSearch("Nuevo León")).toBe(foldForSearch("nuevo leon"));
  });

  it("keeps Hangul syllables whole", () => {
    expect(foldForSearch("강남구 도로 정비")).toBe("강남구 도로 정비");
  });
});

describe("escapeLikePattern", () => {
  it("escapes wildcards", () => {
    expect(escapeLikePattern("50%_a\\b")).toBe("50\\%\\_a\\\\b");
  });
});
