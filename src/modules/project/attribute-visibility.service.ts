import type { DataSource } from 'typeorm';
import type { Actor } from '../../auth/actor';
import { badInput } from '../../core/errors';
import { inTransaction } from '../../db/transaction';
import { compilePatterns, isValidPattern, redact, rulesHidingFrom, type Attributes, type Redaction, type VisibilityRule } from './attribute-redaction';
import { AttributeVisibilityRuleEntity } from './attribute-visibility-rule.entity';
import type { ProjectService } from './project.service';
import { findVisibilityRules } from './project.queries';

export const MAX_RULES = 200;

export interface AttributeExplanation {
  path: string;
  hidden: boolean;
  /** The rules that hide the path from the roles asked about (empty when visible). */
  hiddenBy: VisibilityRule[];
}

/** The Attribute Visibility tab: rules per project, applied at read time per role, where a hide wins. */
export class AttributeVisibilityService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly projects: ProjectService,
  ) {}

  async rules(projectId: string): Promise<VisibilityRule[]> {
    return (await findVisibilityRules(this.dataSource.manager, [projectId]))[0];
  }

  /** Replaces the project's rules as a whole, audited with before and after. */
  async replace(actor: Actor, projectId: string, rules: VisibilityRule[]): Promise<VisibilityRule[]> {
    if (rules.length > MAX_RULES) throw badInput('rules', `at most ${MAX_RULES} rules`);
    rules.forEach((rule, index) => {
      if (!isValidPattern(rule.pattern)) throw badInput(`rules.${index}.pattern`, 'must be a glob over dotted paths such as llm.input.*, llm.** or an exact key');
      if (rule.roles.length === 0) throw badInput(`rules.${index}.roles`, 'must name at least one role');
    });
    return inTransaction(this.dataSource, async (manager) => {
      const project = await this.projects.lock(manager, projectId);
      const known = await this.projects.roleIds(manager, project.id);
      rules.forEach((rule, index) => {
        const unknown = rule.roles.filter((role) => !known.has(role));
        if (unknown.length) throw badInput(`rules.${index}.roles`, `unknown roles: ${unknown.join(', ')}`);
      });
      const [before] = await findVisibilityRules(manager, [project.id]);
      const after = rules.map((rule) => ({ pattern: rule.pattern, roles: [...new Set(rule.roles)] }));
      await manager.delete(AttributeVisibilityRuleEntity, { projectId: project.id });
      if (after.length) await manager.insert(AttributeVisibilityRuleEntity, after.map((rule, position) => ({ ...rule, position, projectId: project.id, workspaceId: project.workspaceId })));
      await this.projects.record(manager, actor, project, 'attribute_visibility.updated', { type: 'project', id: project.id }, { before, after });
      return after;
    });
  }

  /** The rules that apply to someone holding all of `roles`. */
  async hiddenFor(projectId: string, roles: readonly string[]): Promise<VisibilityRule[]> {
    return rulesHidingFrom(await this.rules(projectId), roles);
  }

  async redact(projectId: string, roles: readonly string[], attributes: Attributes): Promise<Redaction> {
    const hidden = await this.hiddenFor(projectId, roles);
    return redact(attributes, compilePatterns(hidden.map((rule) => rule.pattern)));
  }

  async explain(projectId: string, path: string, roles: readonly string[]): Promise<AttributeExplanation> {
    const hiddenBy = (await this.hiddenFor(projectId, roles)).filter((rule) => compilePatterns([rule.pattern]).hides(path));
    return { path, hidden: hiddenBy.length > 0, hiddenBy };
  }
}
