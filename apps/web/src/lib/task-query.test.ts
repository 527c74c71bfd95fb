import { describe, expect, it } from "vitest";
import { EMPTY_QUERY, isFiltered, parseTaskQuery, taskQueryToSearch, toTaskFilter } from "./task-query";

const parse = (search: string) => parseTaskQuery(new URLSearchParams(search));

describe("parseTaskQuery", () => {
  it("reads every part", () => {
    expect(
      parse("q=job-7&type=demo.count&status=FAILED&from=2026-01-01T10:00:00.000Z&sort=finished"),
    ).toEqual({
      search: "job-7",
      type: "demo.count",
      status: "FAILED",
      from: "2026-01-01T10:00:00.000Z",
      to: "",
      sort: "finished",
    });
  });

  it("falls back to defaults for unknown or malformed values", () => {
    expect(parse("status=DONE&from=yesterday&sort=random&q=%20%20&type=Not%20A%20Type")).toEqual(EMPTY_QUERY);
  });
});

describe("taskQueryToSearch", () => {
  it("leaves defaults out", () => {
    expect(taskQueryToSearch(EMPTY_QUERY)).toBe("");
  });

  it("round-trips through parseTaskQuery", () => {
    const query = {
      ...EMPTY_QUERY,
      search: "a b&c",
      type: "img.resize",
      status: "PENDING" as const,
      to: "2026-02-03T04:05:00.000Z",
    };
    expect(parse(taskQueryToSearch(query).slice(1))).toEqual(query);
  });

  it("keeps unrelated parameters such as live=poll", () => {
    const search = taskQueryToSearch(
      { ...EMPTY_QUERY, status: "FAILED" },
      new URLSearchParams("live=poll&q=x"),
    );
    expect(search).toBe("?live=poll&status=FAILED");
  });
});

describe("toTaskFilter", () => {
  const query = {
    ...EMPTY_QUERY,
    search: "#12",
    type: "sleep",
    status: "CANCELED" as const,
    from: "2026-01-01T10:00:00Z",
  };

  it("maps the query to the API filter", () => {
    expect(toTaskFilter(query)).toEqual({
      search: "#12",
      type: "sleep",
      status: "CANCELED",
      createdFrom: "2026-01-01T10:00:00.000Z",
    });
  });

  it("can leave the status out", () => {
    expect(toTaskFilter(query, false)).not.toHaveProperty("status");
  });

  it("says whether anything narrows the list", () => {
    expect(isFiltered(EMPTY_QUERY)).toBe(false);
    expect(isFiltered({ ...EMPTY_QUERY, sort: "finished" })).toBe(false);
    expect(isFiltered(query)).toBe(true);
    expect(isFiltered({ ...EMPTY_QUERY, type: "sleep" })).toBe(true);
  });
});
