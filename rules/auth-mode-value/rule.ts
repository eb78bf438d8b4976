import { schemaRefusal, termsOf } from '../../src/cluster/terms.js';
import { AUTH_MODES, type Cluster } from '../../src/model.js';
import { defineRule } from '../../src/rule.js';
import { walkNodes, type SourceNode } from '../../src/source-node.js';
import type { Span } from '../../src/span.js';
import { closest } from '../../src/util/suggest.js';

export default defineRule({
  id: 'auth-mode-value',
  level: 'error',
  tags: ['correctness'],
  summary: 'A cluster authenticationMode that is not CONFIG_MAP, API_AND_CONFIG_MAP or API.',
  description:
    'EKS knows exactly three authentication modes, written in upper case: CONFIG_MAP, API_AND_CONFIG_MAP and API. ' +
    'eksctl passes the value on unchecked, so any other spelling (api, ApiAndConfigMap, API_AND_CONFIGMAP) makes ' +
    'the EKS API reject the cluster at creation or update.',
  check(model, context) {
    for (const cluster of model.clusters) {
      const { node, source } = cluster.authMode;
      if (source !== 'explicit' || node === undefined || node.kind === 'opaque') continue;
      const written = node.kind === 'scalar' ? node.value : undefined;
      if (typeof written === 'string' && (AUTH_MODES as readonly string[]).includes(written)) continue;
      // eksctl reads "" as unset and fills in its default.
      if (written === '' && cluster.carrier === 'eksctl') continue;
      // A list or mapping spans lines: point at its key instead.
      const span = node.kind === 'scalar' ? node.span : (keyOf(cluster, node) ?? node.span);
      context.report({ span, message: messageFor(cluster, node) });
    }
  },
});

function messageFor(cluster: Cluster, node: SourceNode): string {
  const allowed = `one of ${AUTH_MODES.join(', ')} (exact case)`;
  const eksctl = cluster.carrier === 'eksctl';
  const { accessConfig, authenticationMode: key } = termsOf(cluster);
  if (node.kind !== 'scalar' || typeof node.value !== 'string') {
    const shown = node.kind === 'scalar' ? node.text : `a ${eksctl ? 'YAML ' : ''}${node.kind === 'map' ? 'mapping' : 'list'}`;
    const effect = eksctl ? 'eksctl cannot load the file' : 'the cluster cannot be created';
    return `${key} ${shown} is not a string, so ${effect}; it must be ${allowed}.`;
  }
  const tool = eksctl
    ? 'eksctl passes it on unchecked, so the cluster\'s CloudFormation stack fails'
    : cluster.carrier === 'cloudformation'
      ? schemaRefusal(`${accessConfig}.${key}: enum ${AUTH_MODES.join(' | ')}`)
      : 'the EKS API rejects it';
  const suggestion = suggest(node.value);
  const fix = suggestion === undefined ? `Use one of ${AUTH_MODES.join(', ')}.` : `Did you mean ${suggestion}?`;
  return `${key} "${node.value}" is not a valid mode: it must be ${allowed}, and ${tool}. ${fix}`;
}

function keyOf(cluster: Cluster, node: SourceNode): Span | undefined {
  let found: Span | undefined;
  if (cluster.node !== undefined) {
    walkNodes(cluster.node, (n) => {
      if (n.kind === 'map') found ??= n.entries.find((e) => e.value === node)?.keySpan;
    });
  }
  return found;
}

/** The intended mode: same letters ignoring case and separators, else the nearest (longest on a tie). */
function suggest(value: string): string | undefined {
  const wanted = value.replace(/[^A-Za-z]/g, '');
  if (wanted === '') return undefined;
  // Longest first: on a tie the longer mode wins.
  const modes = [...AUTH_MODES].sort((a, b) => b.length - a.length);
  return closest(wanted, modes, Math.max(1, Math.floor(wanted.length / 3)));
}
