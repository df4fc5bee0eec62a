/**
 * Numbers as one PostgreSQL array literal ('{1,2,NULL}'), for a `?::int[]` or `?::float8[]`
 * parameter. The driver writes a JavaScript array element by element (each turned to text and
 * escaped) and knex walks it for undefined values first; a month's recheck sends arrays of
 * thousands of ids to a dozen statements per batch (bench:verify).
 */
export function numbers(values: readonly (number | null)[]): string {
  // join() writes a number as String() does, and null as nothing: only then is each one looked at.
  return `{${values.includes(null) ? values.map((v) => (v === null ? 'NULL' : String(v))).join(',') : values.join(',')}}`;
}
