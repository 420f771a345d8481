import { MAX_ATTRIBUTE_DEPTH, compilePatterns, isValidPattern, redact, rulesHidingFrom } from './attribute-redaction';

const span = {
  'llm.input.messages': 'flat prompt',
  'llm.output.text': 'flat answer',
  llm: { input: { text: 'nested prompt', meta: { tokens: 3 } }, model: 'gpt' },
  'http.status': 200,
};

const hide = (patterns: string[]) => redact(span, compilePatterns(patterns));

describe('attribute redaction', () => {
  it('removes nested keys and flat dotted keys alike', () => {
    const { attributes, removed } = hide(['llm.input.**']);
    expect(removed.sort()).toEqual(['llm.input', 'llm.input.messages'].sort());
    expect(attributes).toEqual({ 'llm.output.text': 'flat answer', llm: { model: 'gpt' }, 'http.status': 200 });
  });

  it('`*` matches one segment, `**` any depth', () => {
    expect(hide(['llm.*.text']).removed.sort()).toEqual(['llm.input.text', 'llm.output.text']);
    expect(hide(['llm.*.tokens']).removed).toEqual([]);
    expect(hide(['llm.**.tokens']).removed).toEqual(['llm.input.meta.tokens']);
    expect(hide(['llm.input.*']).removed.sort()).toEqual(['llm.input.messages', 'llm.input.meta', 'llm.input.text']);
    expect(hide(['llm.**']).removed.sort()).toEqual(['llm', 'llm.input.messages', 'llm.output.text']);
  });

  it('matches exact keys, and hides what lies below a hidden key', () => {
    const { attributes, removed } = hide(['llm.input']);
    expect(removed.sort()).toEqual(['llm.input', 'llm.input.messages']);
    expect(attributes.llm).toEqual({ model: 'gpt' });
  });

  it('leaves everything when nothing matches, and nothing when everything does', () => {
    expect(hide(['db.statement'])).toEqual({ attributes: span, removed: [] });
    expect(hide([])).toEqual({ attributes: span, removed: [] });
    expect(hide(['**']).attributes).toEqual({});
  });

  it('refuses attributes nested too deep', () => {
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let level = 0; level < MAX_ATTRIBUTE_DEPTH; level++) deep = { level: deep };
    expect(() => redact(deep, compilePatterns(['x']))).toThrow('attributes: must not nest deeper');
  });

  it('does not change its input', () => {
    const copy = structuredClone(span);
    hide(['llm.**']);
    expect(span).toEqual(copy);
  });

  it('a hide wins: a rule for any role held applies', () => {
    const rules = [
      { pattern: 'llm.input.**', roles: ['VIEWER'] },
      { pattern: 'http.*', roles: ['MEMBER'] },
    ];
    expect(rulesHidingFrom(rules, ['PROJECT_ADMIN', 'VIEWER']).map((rule) => rule.pattern)).toEqual(['llm.input.**']);
    expect(rulesHidingFrom(rules, ['PROJECT_ADMIN'])).toEqual([]);
  });

  it('refuses patterns that are not dotted-path globs', () => {
    expect(['llm.input.*', 'llm.**', 'http.status', '**'].every(isValidPattern)).toBe(true);
    expect(['', ' llm', 'llm.', '.llm', 'llm..x'].some(isValidPattern)).toBe(false);
  });
});
