import { exactEdit, sectionEdit } from '../../src/fix/edits.js';
import { defineRule, type RuleContext, type TextEdit } from '../../src/rule.js';
import type { AwsAuthSection } from '../../src/model.js';
import type { Span } from '../../src/span.js';
import type { MapNode } from '../../src/source-node.js';

const ENTRY_KEYS = {
  role: ['rolearn', 'username', 'groups', 'userid', 'sso'],
  user: ['userarn', 'username', 'groups', 'userid'],
} as const;
const SSO_KEYS = ['permissionSetName', 'accountID', 'partition'];

/** What an entry loses when the case-sensitive parser skips the key. */
const LOSS: Readonly<Record<string, string>> = {
  rolearn: 'its ARN and matches nobody',
  userarn: 'its ARN and matches nobody',
  username: 'its username (it becomes "")',
  groups: 'all its groups',
  userid: 'its userid',
};
/** sso exists only in the newer parser, which folds case: there the spelling is hygiene, not a loss. */
const SSO_NOTE =
  'only the newer parser reads sso blocks and it matches their keys case-insensitively, but the documented spelling is the one every reader of aws-auth agrees on';

export default defineRule({
  id: 'field-key-case',
  level: 'error',
  tags: ['lockout'],
  summary: 'An aws-auth entry key is not spelled in its exact case (roleARN, UserName, Groups).',
  description:
    'The newer authenticator parser matches keys case-insensitively, but the parser generation EKS has also run ' +
    '(yaml.v2, release-0.5) is case-sensitive and ignores roleARN, userARN, UserName or Groups: the entry loses its ' +
    'ARN, name or groups. Only the exact spellings are safe on every control plane.',
  check(model, context) {
    for (const mapping of model.mappings) {
      const section = mapping.section;
      check(mapping.node, ENTRY_KEYS[mapping.kind], context, section, (canonical) =>
        canonical === 'sso' ? SSO_NOTE : `the case-sensitive parser generation EKS has run ignores it, so the entry loses ${LOSS[canonical] ?? `its ${canonical}`}`);
      for (const entry of mapping.node.entries) {
        if (mapping.kind !== 'role' || entry.key.toLowerCase() !== 'sso' || entry.value.kind !== 'map') continue;
        check(entry.value, SSO_KEYS, context, section, () => SSO_NOTE);
      }
    }
  },
});

/** Reports keys of one mapping that are a case variant of a key known at that place. Others are unknown-field's. */
function check(map: MapNode, known: readonly string[], context: RuleContext, section: AwsAuthSection, consequence: (canonical: string) => string): void {
  for (const entry of map.entries) {
    if (entry.merged === true) continue; // reported where the anchored mapping is written
    const canonical = known.find((k) => k.toLowerCase() === entry.key.toLowerCase());
    if (canonical === undefined || canonical === entry.key) continue;
    // With another spelling of the key beside it, a rename would write a duplicate key, which YAML and HCL reject.
    const twin = map.entries.some((other) => other !== entry && other.key.toLowerCase() === entry.key.toLowerCase());
    const edit = twin ? undefined : sectionEdit(context, section, keyEdit(context, entry.keySpan, entry.key, canonical));
    context.report({
      span: entry.keySpan,
      message: `Key "${entry.key}" must be written "${canonical}": ${consequence(canonical)}.`,
      ...(edit === undefined ? {} : { fix: { description: `Rename the key "${entry.key}" to "${canonical}".`, edits: [edit] } }),
    });
  }
}

/** Replaces the key's characters only, inside its quotes when it is quoted. */
function keyEdit(context: RuleContext, keySpan: Span, key: string, canonical: string): TextEdit | undefined {
  const quotedKey = keySpan.endOffset - keySpan.startOffset === key.length + 2 && keySpan.start.line === keySpan.end.line;
  if (!quotedKey) return exactEdit(context, keySpan, key, canonical);
  const inner: Span = {
    file: keySpan.file,
    start: { line: keySpan.start.line, column: keySpan.start.column + 1 },
    end: { line: keySpan.end.line, column: keySpan.end.column - 1 },
    startOffset: keySpan.startOffset + 1,
    endOffset: keySpan.endOffset - 1,
  };
  const text = context.sourceText?.(keySpan.file);
  const quote = text?.charAt(keySpan.startOffset);
  if ((quote !== '"' && quote !== "'") || text?.charAt(keySpan.endOffset - 1) !== quote) return undefined;
  return exactEdit(context, inner, key, canonical);
}
