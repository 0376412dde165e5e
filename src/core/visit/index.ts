export { chooseCodeChannel } from './code-channel.ts';
export { DEFAULT_VISIT_CONFIG, parseVisitConfig, visitConfigSchema, type VisitConfig } from './config.ts';
export { isTerminal, startVisit, tick, transition } from './machine.ts';
export * from './types.ts';
