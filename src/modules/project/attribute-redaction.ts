import picomatch from 'picomatch';

export interface VisibilityRule {
  pattern: string;
  /** Built-in role names and custom role ids the rule hides from. */
  roles: string[];
}

export type Attributes = Record<string, unknown>;

export interface Redaction {
  attributes: Attributes;
  /** Dotted paths removed, in the order met. */
  removed: string[];
}

/**
 * Attribute paths are dotted (`llm.input.messages`) while picomatch separates segments with `/`:
 * a path and a pattern are both translated, so `*` stays within one segment and `**` spans any depth.
 */
const toGlobPath = (path: string): string => path.replaceAll('/', '\u0000').replaceAll('.', '/');

export function isValidPattern(pattern: string): boolean {
  if (pattern.trim() !== pattern || pattern === '' || pattern.startsWith('.') || pattern.endsWith('.') || pattern.includes('..')) return false;
  try {
    picomatch.makeRe(toGlobPath(pattern));
    return true;
  } catch {
    return false;
  }
}

/** Rules that hide from at least one of the roles: a hide wins over any other role's view. */
export function rulesHidingFrom<R extends VisibilityRule>(rules: readonly R[], roles: readonly string[]): R[] {
  return rules.filter((rule) => rule.roles.some((role) => roles.includes(role)));
}

export type PathMatcher = (path: string) => boolean;

const COMPILED_LIMIT = 500;
const compiled = new Map<string, PathMatcher>();

/**
 * One matcher for a set of patterns, compiled once and kept (by the patterns themselves, so a rule
 * change makes a new set rather than a stale hit). A path is hidden when it or one of its ancestors
 * matches, so hiding `llm.input` also hides `llm.input.text` given as a flat dotted key.
 */
export function compilePatterns(patterns: readonly string[]): PathMatcher {
  const key = JSON.stringify([...patterns].sort());
  let matcher = compiled.get(key);
  if (!matcher) {
    const test = patterns.length ? picomatch(patterns.map(toGlobPath), { dot: true }) : () => false;
    matcher = (path) => {
      const glob = toGlobPath(path);
      if (test(glob)) return true;
      for (let index = glob.indexOf('/'); index > 0; index = glob.indexOf('/', index + 1)) if (test(glob.slice(0, index))) return true;
      return false;
    };
    if (compiled.size >= COMPILED_LIMIT) compiled.delete(compiled.keys().next().value!);
    compiled.set(key, matcher);
  }
  return matcher;
}

const isPlainObject = (value: unknown): value is Attributes => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Removes hidden keys from nested objects and flat dotted keys alike; arrays are leaves. The input is not changed. */
export function redact(attributes: Attributes, hidden: PathMatcher): Redaction {
  const removed: string[] = [];
  const walk = (object: Attributes, prefix: string): Attributes => {
    const out: Attributes = {};
    for (const [key, value] of Object.entries(object)) {
      const path = prefix ? `${prefix}.${key}` : key;
      if (hidden(path)) removed.push(path);
      else out[key] = isPlainObject(value) ? walk(value, path) : value;
    }
    return out;
  };
  return { attributes: walk(attributes, ''), removed };
}
