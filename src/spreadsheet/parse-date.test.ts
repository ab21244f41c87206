import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { excelSerialToIso, excelSerialToTime } from "./excel-date.js";
import { checkDateFormat, parseDate } from "./parse-date.js";

describe("parseDate", () => {
  it.each([
    ["2013-12-01", ["YYYY-MM-DD"], "2013-12-01"],
    ["22/05/2019", ["DD/MM/YYYY"], "2019-05-22"],
    ["31/07/2023", ["YYYY-MM-DD", "DD/MM/YYYY"], "2023-07-31"],
    ["5/7/2019", ["D/M/YYYY"], "2019-07-05"],
    ["05/22/2019", ["MM/DD/YYYY"], "2019-05-22"],
    ["22.05.2019", ["DD.MM.YYYY"], "2019-05-22"],
    ["20190522", ["YYYYMMDD"], "2019-05-22"],
    ["29/02/2020", ["DD/MM/YYYY"], "2020-02-29"],
    [" 2013-12-01\u00a0", ["YYYY-MM-DD"], "2013-12-01"],
    ["01/02/70", ["DD/MM/YY"], "1970-02-01"],
    ["01/02/68", ["DD/MM/YY"], "2068-02-01"],
  ])("reads %j with %j", (text, formats, expected) => {
    expect(parseDate(text, formats)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ["5/22", "2022-05-01"],
    ["05/21", "2021-05-01"],
    ["12/22", "2022-12-01"],
  ])("reads month-only %j as the first of the month", (text, expected) => {
    expect(parseDate(text, ["YYYY-MM-DD", "M/YY"])).toEqual({
      ok: true,
      value: expected,
      repaired: "month only: read as the first day of the month",
    });
  });

  it("reads a year alone as 1 January", () => {
    expect(parseDate("2019", ["YYYY"])).toEqual({
      ok: true,
      value: "2019-01-01",
      repaired: "year only: read as 1 January",
    });
  });

  it.each([
    ["31/02/2020", ["DD/MM/YYYY"], "31/02/2020 is not a calendar date"],
    ["29/02/2019", ["DD/MM/YYYY"], "29/02/2019 is not a calendar date"],
    ["29/02/1900", ["DD/MM/YYYY"], "29/02/1900 is not a calendar date"],
    ["13/13/2020", ["MM/DD/YYYY", "DD/MM/YYYY"], "13/13/2020 is not a calendar date"],
    ["A/D", ["YYYY-MM-DD", "M/YY"], "A/D does not match YYYY-MM-DD or M/YY"],
    ["2019-5-22", ["YYYY-MM-DD"], "2019-5-22 does not match YYYY-MM-DD"],
    ["2020-02-30", ["iso"], "2020-02-30 is not a calendar date"],
  ])("rejects %j with %j", (text, formats, reason) => {
    expect(parseDate(text, formats)).toEqual({ ok: false, reason });
  });

  it("reports blank text as empty", () => {
    expect(parseDate(" \u00a0", ["iso"])).toEqual({ ok: false, reason: "empty" });
  });

  it("checks the range", () => {
    const range = { min: "1950-01-01", max: "2100-12-31" };
    expect(parseDate("1905-01-01", ["YYYY-MM-DD"], range)).toEqual({
      ok: false,
      reason: "before 1950-01-01",
    });
    expect(parseDate("2101-01-01", ["YYYY-MM-DD"], range)).toEqual({
      ok: false,
      reason: "after 2100-12-31",
    });
    expect(parseDate("1950-01-01", ["YYYY-MM-DD"], range)).toEqual({
      ok: true,
      value: "1950-01-01",
    });
  });

  it.each([
    ["2020-05-01", "2020-05-01"],
    ["2020-05-01T23:30:00-03:00", "2020-05-01"],
    ["2020-05-01T00:30:00+09:00", "2020-05-01"],
    ["2020-05-01T12:00:00Z", "2020-05-01"],
    ["2020-05-01 12:00", "2020-05-01"],
    ["2020-05-01T12:00:00.123+0530", "2020-05-01"],
  ])("reads ISO 8601 %j as its own date", (text, expected) => {
    expect(parseDate(text, ["iso"])).toEqual({ ok: true, value: expected });
  });

  it("rejects an ISO date-time with an invalid time", () => {
    expect(parseDate("2020-05-01T25:00:00Z", ["iso"])).toEqual({
      ok: false,
      reason: "2020-05-01T25:00:00Z has an invalid time of day",
    });
  });

  it.each([
    ["1", "1900-01-01"],
    ["59", "1900-02-28"],
    ["61", "1900-03-01"],
    ["43831", "2020-01-01"],
    ["43831.75", "2020-01-01"],
    ["2958465", "9999-12-31"],
  ])("reads Excel day number %s", (text, expected) => {
    expect(parseDate(text, ["excel-serial"])).toEqual({ ok: true, value: expected });
  });

  it.each([
    ["60", "day number 60 is 1900-02-29, a day that did not exist"],
    ["0", "day number 0 is outside 1..2958465"],
    ["2958466", "day number 2958466 is outside 1..2958465"],
  ])("rejects Excel day number %s", (text, reason) => {
    expect(parseDate(text, ["excel-serial"])).toEqual({ ok: false, reason });
  });

  it("tries formats in order", () => {
    expect(parseDate("01/02/2020", ["MM/DD/YYYY", "DD/MM/YYYY"])).toEqual({
      ok: true,
      value: "2020-01-02",
    });
    expect(parseDate("01/02/2020", ["DD/MM/YYYY", "MM/DD/YYYY"])).toEqual({
      ok: true,
      value: "2020-02-01",
    });
  });

  it("reads back every day it formats", () => {
    const day = fc.date({
      min: new Date("1900-03-01"),
      max: new Date("2199-12-31"),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(day, (date) => {
        const iso = date.toISOString().slice(0, 10);
        const [year, month, dayOfMonth] = iso.split("-");
        const text = `${Number(dayOfMonth)}/${Number(month)}/${year}`;
        expect(parseDate(text, ["D/M/YYYY"])).toEqual({ ok: true, value: iso });
        const serial = Math.round((Date.parse(iso) - Date.UTC(1899, 11, 30)) / 86_400_000);
        expect(parseDate(String(serial), ["excel-serial"])).toEqual({ ok: true, value: iso });
      }),
    );
  });
});

describe("checkDateFormat", () => {
  it.each([
    ["DD/MM/YYYY", undefined],
    ["iso", undefined],
    ["excel-serial", undefined],
    ["DD/MM", "date format DD/MM has no year"],
    ["YYYY-DD", "date format YYYY-DD has a day but no month"],
    ["DD/MM/YYYY hh", "date format DD/MM/YYYY hh has letters other than YYYY, YY, M, MM, D, DD"],
    ["YYYY-MM-MM", "date format YYYY-MM-MM repeats a part"],
    ["MM/DD/YYYY", undefined],
    ["M/YY", undefined],
    [
      "MM-YYYY-DD",
      "date format MM-YYYY-DD orders its parts month-year-day; " +
        "expected year-month-day, day-month-year or month-day-year",
    ],
    [
      "YYYY-DD-MM",
      "date format YYYY-DD-MM orders its parts year-day-month; " +
        "expected year-month-day, day-month-year or month-day-year",
    ],
  ])("checks %j", (format, problem) => {
    expect(checkDateFormat(format)).toBe(problem);
  });

  it("makes parseDate name the invalid format", () => {
    expect(parseDate("01/02", ["DD/MM"])).toEqual({
      ok: false,
      reason: "date format DD/MM has no year",
    });
  });
});

describe("excelSerialToIso", () => {
  it("reads the 1904 date system", () => {
    expect(excelSerialToIso(0, { date1904: true })).toEqual({ ok: true, value: "1904-01-01" });
    expect(excelSerialToIso(42369, { date1904: true })).toEqual({ ok: true, value: "2020-01-01" });
  });

  it("keeps the time of day when asked", () => {
    expect(excelSerialToIso(43831.5, { withTime: true })).toEqual({
      ok: true,
      value: "2020-01-01T12:00:00",
    });
    expect(excelSerialToIso(43831.99999999, { withTime: true })).toEqual({
      ok: true,
      value: "2020-01-02T00:00:00",
    });
  });

  it("formats a time of day", () => {
    expect(excelSerialToTime(0.75)).toBe("18:00:00");
    expect(excelSerialToTime(1.5)).toBe("36:00:00");
  });
});
