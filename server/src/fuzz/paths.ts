import { RawJson } from './http';

/** Where a value sits inside an input: object keys and array indexes, outermost first. */
export type Path = Array<string | number>;

/** An object with the given own keys, "__proto__" included, without touching any prototype. */
export function objectOf(entries: Array<[string, unknown]>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return result;
}

/** Every path into the sample, leaves and containers alike. */
export function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object' || value instanceof RawJson) return [];
  const keys = Array.isArray(value) ? value.map((_, index) => index) : Object.keys(value);
  return keys.flatMap((key) => {
    const path = [...prefix, key];
    return [path, ...pathsOf((value as Record<string | number, unknown>)[key], path)];
  });
}

export function valueAt(value: unknown, path: Path): unknown {
  return path.reduce<unknown>((current, key) => (current as Record<string | number, unknown>)[key], value);
}

/** Passed to withAt to drop the field instead of replacing it. */
export const remove = Symbol('remove');

/** A copy of `value` with `path` set to `replacement`, or removed when `replacement` is `remove`. */
export function withAt(value: unknown, path: Path, replacement: unknown): unknown {
  const [key, ...rest] = path;
  if (key === undefined) return replacement;
  if (Array.isArray(value)) {
    const copy = [...value];
    if (rest.length === 0 && replacement === remove) copy.splice(Number(key), 1);
    else copy[Number(key)] = withAt(copy[Number(key)], rest, replacement);
    return copy;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  const next: Array<[string, unknown]> = [];
  for (const [name, field] of entries) {
    if (name !== String(key)) next.push([name, field]);
    else if (!(rest.length === 0 && replacement === remove)) next.push([name, withAt(field, rest, replacement)]);
  }
  return objectOf(next);
}
