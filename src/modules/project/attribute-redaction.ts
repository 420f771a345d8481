import picomatch from 'picomatch';
import { badInput } from '../../core/errors';

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

/** A rule set's answers, one node per attribute path met, reached key by key (no path string is built twice). */
interface PathNode {
  path: string;
  hidden: boolean;
  children: Map<string, PathNode>;
}

export interface CompiledRules {
  /** Whether a dotted path is hidden (it or an ancestor matches a pattern). */
  hides(path: string): boolean;
  root: PathNode;
  /** Nodes kept under `root`. */
  size: number;
}

/** Rule sets kept per process (a project's rules as seen by one combination of roles), least recently used dropped. */
const COMPILED_LIMIT = 200;
/** Paths remembered per rule set: spans of one service repeat the same keys, so each is matched once; the bound caps memory. */
const PATHS_REMEMBERED = 2_000;
/** Deeper attributes are refused rather than walked (recursion depth, and no real span nests this far). */
export const MAX_ATTRIBUTE_DEPTH = 32;
const compiled = new Map<string, CompiledRules>();

/**
 * One matcher for a set of patterns, compiled once into a single regular expression and kept (by the
 * patterns themselves, so a rule change makes a new set rather than a stale hit). A path is hidden
 * when it or one of its ancestors matches, so hiding `llm.input` also hides `llm.input.text` given as
 * a flat dotted key.
 */
export function compilePatterns(patterns: readonly string[]): CompiledRules {
  const key = patterns.join('\n');
  let rules = compiled.get(key);
  if (rules) {
    // Most recently used last, so the eviction below drops the least recently used.
    compiled.delete(key);
    compiled.set(key, rules);
  } else {
    const regex = patterns.length ? new RegExp(patterns.map((pattern) => `(?:${picomatch.makeRe(toGlobPath(pattern), { dot: true }).source})`).join('|')) : null;
    const hides = (path: string): boolean => {
      if (!regex) return false;
      const glob = toGlobPath(path);
      if (regex.test(glob)) return true;
      for (let index = glob.indexOf('/'); index > 0; index = glob.indexOf('/', index + 1)) if (regex.test(glob.slice(0, index))) return true;
      return false;
    };
    rules = { hides, root: { path: '', hidden: false, children: new Map() }, size: 0 };
    if (compiled.size >= COMPILED_LIMIT) compiled.delete(compiled.keys().next().value!);
    compiled.set(key, rules);
  }
  return rules;
}

/** Marks a removed key while an object is rebuilt. */
const HIDDEN = Symbol('hidden');

const isPlainObject = (value: unknown): value is Attributes => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Removes hidden keys from nested objects and flat dotted keys alike; arrays are leaves. The input is
 * not changed: an object is copied only when something inside it is removed, the rest is shared.
 */
export function redact(attributes: Attributes, rules: CompiledRules): Redaction {
  const removed: string[] = [];
  const child = (node: PathNode, key: string): PathNode => {
    let found = node.children.get(key);
    if (!found) {
      const path = node.path ? `${node.path}.${key}` : key;
      found = { path, hidden: rules.hides(path), children: new Map() };
      // Attacker-chosen keys must not grow the tree without bound: past the limit, answers are not kept.
      if (rules.size < PATHS_REMEMBERED) {
        rules.size++;
        node.children.set(key, found);
      }
    }
    return found;
  };
  const walk = (object: Attributes, node: PathNode, depth: number): Attributes => {
    if (depth > MAX_ATTRIBUTE_DEPTH) throw badInput('attributes', `must not nest deeper than ${MAX_ATTRIBUTE_DEPTH} levels`);
    const keys = Object.keys(object);
    let out: Attributes | null = null;
    for (let index = 0; index < keys.length; index++) {
      const key = keys[index];
      const value = object[key];
      const next = child(node, key);
      let kept: unknown = value;
      if (next.hidden) {
        removed.push(next.path);
        kept = HIDDEN;
      } else if (isPlainObject(value)) kept = walk(value, next, depth + 1);
      if (kept !== value && out === null) {
        out = {};
        for (let before = 0; before < index; before++) out[keys[before]] = object[keys[before]];
      }
      if (out !== null && kept !== HIDDEN) out[key] = kept;
    }
    return out ?? object;
  };
  return { attributes: walk(attributes, rules.root, 1), removed };
}
