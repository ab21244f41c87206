import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.js";

describe("loadConfig", () => {
  it("uses the defaults for an empty environment", () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.dataDir).toBe(path.resolve("./data"));
    expect(config.databaseUrl).toBeUndefined();
    expect(config.loadDemo).toBe(true);
    expect(config.oc4idsSchema).toMatch(/project-schema\.json$/);
  });

  it("reads every variable", () => {
    const config = loadConfig({
      PORT: "8080",
      DATA_DIR: "/var/lib/ccs",
      DATABASE_URL: "postgres://ccs@db.internal:5432/ccs",
      OC4IDS_SCHEMA: "/srv/schema.json",
      MAP_TILE_URL: "https://tiles.example.org/{z}/{x}/{y}.png",
      LOAD_DEMO: "false",
      LOG_LEVEL: "warn",
    });
    expect(config.port).toBe(8080);
    expect(config.dataDir).toBe("/var/lib/ccs");
    expect(config.databaseUrl).toBe("postgres://ccs@db.internal:5432/ccs");
    expect(config.oc4idsSchema).toBe("/srv/schema.json");
    expect(config.mapTileUrl).toBe("https://tiles.example.org/{z}/{x}/{y}.png");
    expect(config.loadDemo).toBe(false);
    expect(config.logLevel).toBe("warn");
  });

  it("treats empty variables as unset", () => {
    expect(loadConfig({ PORT: "", DATABASE_URL: "" }).port).toBe(3000);
  });

  it.each([
    ["PORT", "eighty", /PORT/],
    ["PORT", "70000", /PORT/],
    ["DATABASE_URL", "mysql://localhost/x", /DATABASE_URL: must start with postgres:\/\//],
    ["MAP_TILE_URL", "https://tiles.example.org/tile.png", /MAP_TILE_URL: must contain \{z\}/],
    ["LOAD_DEMO", "maybe", /LOAD_DEMO/],
    ["LOG_LEVEL", "loud", /LOG_LEVEL/],
  ])("rejects %s=%s naming the variable", (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it("lists every bad variable at once", () => {
    expect(() => loadConfig({ PORT: "x", LOG_LEVEL: "loud" })).toThrow(/PORT[\s\S]*LOG_LEVEL/);
  });
});
