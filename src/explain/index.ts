/** `eks-auth-lint explain`: what each cluster in scope does with one caller ARN, and why. */
export { explainIdentity, type ExplainOptions } from './explain.js';
export { CallerError, readCaller, readCallerIdentity, type CallerIdentity } from './caller.js';
export { renderExplanation } from './render-text.js';
export type * from './types.js';
