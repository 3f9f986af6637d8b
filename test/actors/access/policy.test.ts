/**
 * The access policy's decision (`actors/access/policy.ts`) and the config sections it comes
 * from (`access-config.ts`): deny wins, globs over tool names, `<group>:<verb>` and resource
 * URIs, the default and anonymous roles, who may grant a role, and config errors naming paths.
 */
import { describe, expect, it } from 'vitest';
import { AccessConfigError, parseAccessConfig, parsePolicy } from '../../../actors/access/access-config.js';
import { decide, globMatches, mayGrant, type Principal } from '../../../actors/access/policy.js';

const policy = parsePolicy({
  roles: {
    coder: {
      allow: ['locks:*', 'send_message', 'memory__read_*', 'troupe://agents/*'],
      deny: ['force_release_lock'],
      grants: ['tester'],
    },
    reviewer: { allow: ['*:read', 'evaluate_contribution'], deny: ['troupe://agents/*/inbox'] },
    tester: { allow: ['run_workflow', 'workflows:execute'] },
    anonymous: { allow: ['health'] },
  },
  default_role: 'reviewer',
});
const agent = (roles: string[]): Principal => ({ kind: 'agent', agentId: 'a1', roles });

describe('decide', () => {
  it('allows what a role allows, by name, glob, group permission or resource URI', () => {
    expect(
      decide(policy, agent(['coder']), { name: 'send_message', permissions: ['messaging:write'] }).allowed,
    ).toBe(true);
    expect(
      decide(policy, agent(['coder']), { name: 'acquire_lock', permissions: ['locks:write'] }).allowed,
    ).toBe(true);
    expect(
      decide(policy, agent(['coder']), { name: 'memory__read_graph', permissions: ['gateway:call'] }).allowed,
    ).toBe(true);
    const read = { name: 'resources/read', permissions: ['agents:read'], resource: 'troupe://agents/a2' };
    expect(decide(policy, agent(['coder']), read).allowed).toBe(true);
  });

  it('refuses what no role allows with forbidden naming the permission, and a deny wins over an allow', () => {
    const refused = decide(policy, agent(['coder']), { name: 'create_task', permissions: ['tasks:write'] });
    expect(refused).toMatchObject({ allowed: false, code: 'forbidden', missing: 'create_task' });
    expect(refused.allowed ? '' : refused.message).toContain('permission create_task');
    const denied = decide(policy, agent(['coder']), {
      name: 'force_release_lock',
      permissions: ['locks:write'],
    });
    expect(denied).toMatchObject({ allowed: false, code: 'forbidden' });
    expect(denied.allowed ? '' : denied.message).toContain('deny: force_release_lock');
    const inbox = {
      name: 'resources/read',
      permissions: ['agents:read'],
      resource: 'troupe://agents/a2/inbox',
    };
    expect(decide(policy, agent(['reviewer']), inbox)).toMatchObject({
      allowed: false,
      missing: 'troupe://agents/a2/inbox',
    });
  });

  it('gives an agent without roles the default role, and a caller without identity the anonymous one', () => {
    expect(decide(policy, agent([]), { name: 'find_agents', permissions: ['agents:read'] }).allowed).toBe(
      true,
    );
    expect(
      decide(policy, agent([]), { name: 'send_message', permissions: ['messaging:write'] }).allowed,
    ).toBe(false);
    expect(
      decide(policy, { kind: 'anonymous' }, { name: 'health', permissions: ['health:read'] }).allowed,
    ).toBe(true);
    const withoutAnonymous = parsePolicy({ roles: { coder: { allow: ['*'] } } });
    expect(
      decide(withoutAnonymous, { kind: 'anonymous' }, { name: 'health', permissions: [] }),
    ).toMatchObject({
      allowed: false,
      code: 'unauthorized',
    });
    expect(
      decide(withoutAnonymous, { kind: 'operator' }, { name: 'set_policy', permissions: [] }).allowed,
    ).toBe(true);
  });

  it('lets only the operator or a role that grants it give a role', () => {
    expect(mayGrant(policy, agent(['coder']), ['tester']).allowed).toBe(true);
    expect(mayGrant(policy, agent(['coder']), ['coder'])).toMatchObject({
      allowed: false,
      missing: 'grant:coder',
    });
    expect(mayGrant(policy, { kind: 'anonymous' }, ['tester'])).toMatchObject({
      allowed: false,
      code: 'unauthorized',
    });
    expect(mayGrant(policy, { kind: 'operator' }, ['coder', 'reviewer']).allowed).toBe(true);
    expect(mayGrant(policy, { kind: 'operator' }, ['nosuch'])).toMatchObject({
      allowed: false,
      missing: 'grant:nosuch',
    });
  });

  it('matches globs literally except for *', () => {
    expect(globMatches('a.b*', 'a.bc')).toBe(true);
    expect(globMatches('a.b*', 'axbc')).toBe(false);
    expect(globMatches('(x)+', '(x)+')).toBe(true);
    expect(globMatches('*', '')).toBe(true);
  });
});

describe('the access config', () => {
  it('reads roles, the default role, lifetimes and retention', () => {
    const config = parseAccessConfig({
      roles: { coder: { allow: ['*'] } },
      default_role: 'coder',
      token_ttl: '24h',
      audit_retention: '30d',
    });
    expect(config.policy?.defaultRole).toBe('coder');
    expect(config.tokenTtlMs).toBe(86_400_000);
    expect(config.sessionTtlMs).toBe(3_600_000);
    expect(config.auditRetentionMs).toBe(30 * 86_400_000);
    expect(parseAccessConfig({ token_ttl: 1000 }).policy).toBeNull();
  });

  it('names the path of every problem', () => {
    const problems = (content: object) => {
      try {
        parseAccessConfig(content);
      } catch (error) {
        expect(error).toBeInstanceOf(AccessConfigError);
        return (error as AccessConfigError).issues.map((issue) => issue.path);
      }
      return [];
    };
    expect(problems({ roles: { coder: { allow: ['ok', 7] } } })).toEqual(['roles.coder.allow[1]']);
    expect(problems({ roles: { coder: { allow: [], alow: [] } } })).toEqual(['roles.coder.alow']);
    expect(problems({ roles: { coder: {} }, default_role: 'nobody' })).toEqual(['default_role']);
    expect(problems({ token_ttl: 'soon' })).toEqual(['token_ttl']);
    expect(problems({ default_role: 'coder' })).toEqual(['default_role']);
    expect(problems({ roles: { ['a'.repeat(65)]: {} } })).toEqual([`roles.${'a'.repeat(65)}`]);
    expect(problems(JSON.parse('{"roles":{"__proto__":{"allow":["x"]}}}'))).toEqual(['roles.__proto__']);
  });

  it('names the field an unknown one most likely meant', () => {
    expect(() => parseAccessConfig({ roles: { constructor: { alow: ['*'] } } })).toThrow(
      'roles.constructor.alow is not a known field (did you mean "allow"? known: allow, deny, grants)',
    );
  });

  it('keeps role names such as constructor as plain keys of a Map, and refuses __proto__', () => {
    const hostile = parsePolicy(
      JSON.parse('{"roles":{"constructor":{"allow":["y"]},"toString":{"deny":["y"]}}}'),
    );
    expect([...hostile.roles.keys()].sort()).toEqual(['constructor', 'toString']);
    expect(decide(hostile, agent(['constructor']), { name: 'y', permissions: [] }).allowed).toBe(true);
    expect(decide(hostile, agent(['hasOwnProperty']), { name: 'y', permissions: [] }).allowed).toBe(false);
    expect(() => parsePolicy(JSON.parse('{"roles":{"__proto__":{"allow":["x"]}}}'))).toThrow(
      AccessConfigError,
    );
  });
});

describe('checkPermission (the embedding API)', () => {
  it('answers the decision with its reason, a group permission included', async () => {
    const { access } = await import('../../../src/index.js');
    expect(access.checkPermission(policy, agent(['coder']), 'locks:write')).toEqual({
      allowed: true,
      reason: 'allowed by coder: locks:*',
    });
    const refused = access.checkPermission(policy, agent(['tester']), 'send_message');
    expect(refused.allowed).toBe(false);
    expect(refused.reason).toContain('permission send_message is missing');
    expect(
      access.checkPermission(policy, agent(['coder']), 'resources/read', 'troupe://agents/a1').allowed,
    ).toBe(true);
  });
});
