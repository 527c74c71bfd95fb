/** The task filter's fields, each a query parameter of its own (not a nested `filter`). */
export const FILTER_QUERY_PARAMS = ["status", "type", "search", "createdFrom", "createdTo"] as const;

/** The query parameters `GET /tasks` takes, in the order the OpenAPI document lists them. */
export const LIST_QUERY_PARAMS = [...FILTER_QUERY_PARAMS, "sort", "cursor", "limit"] as const;

/** `GET /dead-letters`: how many messages to show. */
export const DEAD_LETTER_QUERY_PARAMS = ["limit"] as const;

const FILTER = new Set<string>(FILTER_QUERY_PARAMS);
/** Parameters that are numbers in the procedure's input; a non-number reaches zod as NaN and is refused. */
const NUMERIC = new Set(["limit"]);

/**
 * A query string as a procedure's input: the filter's fields gathered under `filter`, the other
 * known parameters as they are. A parameter the endpoint does not know is passed on as a key of its
 * own, which the procedure's strict input refuses by name (a misspelt filter must not list everything).
 */
export function inputFromQuery(query: URLSearchParams, params: readonly string[]): Record<string, unknown> {
  const known = new Set(params);
  const unknown = Object.fromEntries(
    [...query.keys()].filter((k) => !known.has(k)).map((k) => [k, query.get(k)]),
  );
  const get = (name: string) => query.get(name) ?? undefined;
  const present = (names: string[]) =>
    names.flatMap((name) => (get(name) === undefined ? [] : [[name, get(name)] as const]));
  const filterParams = params.filter((p) => FILTER.has(p));
  const others = params
    .filter((p) => !FILTER.has(p))
    .map((p) => {
      const value = get(p);
      return [p, value !== undefined && NUMERIC.has(p) ? Number(value) : value] as const;
    });
  return {
    ...unknown,
    ...(filterParams.length ? { filter: Object.fromEntries(present(filterParams)) } : {}),
    ...Object.fromEntries(others),
  };
}

/** Query parameters of `GET /tasks`, as the list procedure's input (zod validates and reports). */
export const listInputFromQuery = (query: URLSearchParams) => inputFromQuery(query, LIST_QUERY_PARAMS);
