export * from './stages.js';
export * from './statuses.js';
export * from './productionSteps.js';
export * from './channels.js';
export * from './rules.js';
export * from './priorities.js';
