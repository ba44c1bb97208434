export * from './translate.js';
export type { Dictionary, Message, MessageKey } from './ptBR.js';
