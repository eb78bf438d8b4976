import { TEMPLATES, templateTokens } from '../aws-auth/identity.js';
import type { Caller } from './types.js';

export interface Rendered {
  /** The rendered text; a token whose value is not known here stays as written. */
  readonly value: string;
  /** Whether every token was replaced by a known value. */
  readonly known: boolean;
  /** The authenticator refuses to render it, and denies the request. */
  readonly error: string | undefined;
  readonly notes: readonly string[];
}

/** EC2 instance ids, as the authenticator checks the session name before it looks the instance up. */
const INSTANCE_ID = /^i-(\w{8}|\w{17})$/;

/**
 * Renders a username or group template as the authenticator does: plain replacement of the exact tokens;
 * anything else in braces stays literally.
 */
export function renderTemplate(template: string, caller: Caller): Rendered {
  const notes: string[] = [];
  let known = true;
  let error: string | undefined;
  let value = '';
  let last = 0;
  for (const token of templateTokens(template)) {
    value += template.slice(last, token.start);
    last = token.end;
    const replaced = replacement(token.text, template, caller);
    if (replaced.error !== undefined) error ??= replaced.error;
    if (replaced.note !== undefined) notes.push(replaced.note);
    if (replaced.value === undefined) {
      // An unknown token is the value itself; a known one just cannot be filled in here.
      if (TEMPLATES.includes(token.text)) known = false;
      value += token.text;
    } else value += replaced.value;
  }
  value += template.slice(last);
  return { value, known, error, notes };
}

function replacement(token: string, template: string, caller: Caller): { value?: string; note?: string; error?: string } {
  const session = caller.sessionName;
  switch (token) {
    case '{{AccountID}}':
      return { value: caller.accountId };
    case '{{SessionName}}':
      return session === null ? { note: '{{SessionName}} is the role session name, which the caller chooses' } : { value: session.replaceAll('@', '-') };
    case '{{SessionNameRaw}}':
      return session === null ? { note: '{{SessionNameRaw}} is the role session name, which the caller chooses' } : { value: session };
    case '{{AccessKeyID}}':
      return caller.accessKeyId === null ? { note: "{{AccessKeyID}} is the caller's access key id, not known from the ARN" } : { value: caller.accessKeyId };
    case '{{EC2PrivateDNSName}}':
      if (session === null) return { note: '{{EC2PrivateDNSName}} needs a session name that is an EC2 instance id' };
      if (!INSTANCE_ID.test(session)) {
        return {
          error: `the template {{EC2PrivateDNSName}} (in "${template}") needs a session name that is an EC2 instance id, and "${session}" is not one: the authenticator fails with "SessionName did not contain an instance id" and denies the request`,
        };
      }
      return { note: `{{EC2PrivateDNSName}} becomes the private DNS name of instance ${session}, which the authenticator looks up with ec2:DescribeInstances` };
    default:
      return { note: `${token} is not a template the authenticator knows: it stays in the name literally` };
  }
}

/** The note for a username or groups that only the deployment fills in (a Terraform variable, a CloudFormation reference). */
export function deployTimeNote(username: boolean, groups: boolean): string[] {
  if (!username && !groups) return [];
  return [`${username ? (groups ? 'The username and some groups are' : 'The username is') : 'Some groups are'} known only at deploy time.`];
}
