import { parseArn } from '../../src/arn.js';
import { principals, type Principal } from '../../src/cluster/principals.js';
import { replaceInValue, sectionEdit } from '../../src/fix/edits.js';
import { fixWouldCollide } from '../../src/fix/principal-collision.js';
import { defineRule, type Fix, type RuleContext } from '../../src/rule.js';

export default defineRule({
  id: 'assumed-role-arn',
  level: 'error',
  tags: ['lockout'],
  summary: 'An STS assumed-role ARN is used where an IAM role ARN is expected.',
  description:
    'aws sts get-caller-identity prints arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION. The authenticator turns ' +
    'the caller into arn:aws:iam::ACCOUNT:role/NAME before matching, so a mapping written with the assumed-role ' +
    'ARN (one session of the role) never matches. Map the role itself. The access entries API rejects such a ' +
    'principal: sessions are temporary identities.',
  check(model, context) {
    for (const principal of principals(model)) {
      const scalar = principal.scalar;
      // Matching is case-insensitive: classify an ASCII-lowercased copy (same offsets), keep the written name.
      const text = scalar.value.trim();
      const arn = parseArn(text.replace(/[A-Z]/g, (c) => c.toLowerCase()));
      if (arn?.kind !== 'assumed-role') continue;
      const nameStart = arn.offsets.resource + 'assumed-role/'.length;
      const fixed = `arn:${arn.partition}:iam::${arn.accountId}:role/${text.slice(nameStart, nameStart + arn.name.length)}`;
      const fix = principal.carrier === 'aws-auth' && principal.mapping.kind === 'role' && !fixWouldCollide(model, principal.mapping) ? roleArnFix(context, principal, text, nameStart + arn.name.length) : undefined;
      context.report({
        ...(fix === undefined ? {} : { fix }),
        span: scalar.span,
        message: principal.carrier === 'access-entry'
          ? `"${scalar.value}" is an STS assumed-role (session) ARN: the access entries API accepts only IAM roles and users, so this entry cannot be created${principal.entry.carrier === 'cloudformation' ? ' and the stack rolls back' : ''}. Use "${forAccessEntry(fixed, arn.name)}".`
          : `"${scalar.value}" is an STS assumed-role (session) ARN: the authenticator matches callers as the role ARN, so this never matches. Use "${fixed}"${principal.mapping.kind === 'user' ? ' under mapRoles' : ''}.`,
      });
    }
  },
});

/** Access entries keep role paths, and IAM Identity Center roles need theirs, which a session ARN never shows. */
function forAccessEntry(roleArn: string, name: string): string {
  return /^AWSReservedSSO_/i.test(name) ? roleArn.replace(/:role\//, ':role/aws-reserved/sso.amazonaws.com/REGION/') : roleArn;
}

/**
 * Rewrites the session ARN of a mapRoles entry as its role ARN, keeping the written partition and account.
 * Only there: a mapUsers entry would still need moving, and an access entry needs the role's path, which
 * a session ARN does not show.
 */
function roleArnFix(context: RuleContext, principal: Extract<Principal, { carrier: 'aws-auth' }>, text: string, nameEnd: number): Fix | undefined {
  const scalar = principal.scalar;
  const head = /^arn:[^:]*:/i.exec(text)?.[0];
  // IAM ARNs have no region: a region written in the session ARN is dropped.
  const tail = /^sts:[^:]*:([^:]*):assumed-role\//i.exec(text.slice(head?.length ?? 0));
  if (head === undefined || tail === null) return undefined;
  const start = scalar.value.length - scalar.value.trimStart().length;
  const replacement = `${head}iam::${tail[1] ?? ''}:role/${text.slice(head.length + tail[0].length, nameEnd)}`;
  const edit = sectionEdit(context, principal.mapping.section, replaceInValue(context, scalar, start, start + text.length, replacement));
  return edit === undefined ? undefined : { description: `Replace the session ARN with the role ARN ${replacement}.`, edits: [edit] };
}
