export * from './ids.js';
export * from './roles.js';
export * from './errors.js';
export * from './origin.js';
export * from './flow/index.js';
export * from './i18n/index.js';
export * from './board/index.js';
