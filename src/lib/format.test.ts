import { describe, expect, it } from "vitest";
import { absoluteTime, plural, rangeText, relativeTime } from "./format";
import { initials } from "./initials";

describe("format", () => {
  it("writes counts with correct plurals", () => {
    expect(plural(1, "member")).toBe("1 member");
    expect(plural(0, "member")).toBe("0 members");
    expect(plural(1234, "person", "people")).toBe("1,234 people");
  });
  it("writes list ranges", () => {
    expect(rangeText(1, 50, 61)).toBe("1–50 of 61");
    expect(rangeText(51, 11, 61)).toBe("51–61 of 61");
    expect(rangeText(1, 0, 0)).toBe("No results");
  });
  it("writes times relative, with an absolute form", () => {
    const now = Date.parse("2026-11-29T12:00:00Z");
    expect(relativeTime("2026-11-29T11:59:50Z", now)).toBe("just now");
    expect(relativeTime("2026-11-29T09:00:00Z", now)).toBe("3 hours ago");
    expect(relativeTime("2026-12-05T12:00:00Z", now)).toBe("in 6 days");
    expect(absoluteTime("2026-11-29T09:05:00Z")).toBe("29 Nov 2026, 09:05 UTC");
  });
  it("takes initials from names, else from the address", () => {
    expect(initials("Ada King Lovelace")).toBe("AL");
    expect(initials("ada")).toBe("A");
    expect(initials("  ", "zoe@example.com")).toBe("Z");
    expect(initials("Émile Zola")).toBe("ÉZ");
  });
});
