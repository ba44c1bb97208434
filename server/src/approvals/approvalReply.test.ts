import { describe, expect, it } from 'vitest';
import { readEmailedDecision } from './approvalReply.js';

describe('reading an emailed decision', () => {
  it.each([
    ['APROVADO', 'approved', ''],
    ['Aprovado!', 'approved', ''],
    ['ok, aprovado — pode publicar', 'approved', 'pode publicar'],
    ['\n\n  Aprovo.\nObrigada!', 'approved', 'Obrigada!'],
    ['Approved', 'approved', ''],
    ['Одобрено', 'approved', ''],
    ['AJUSTES: trocar a cor do botão', 'changes_requested', 'trocar a cor do botão'],
    ['Alterações\n- logo maior\n- fundo branco', 'changes_requested', '- logo maior\n- fundo branco'],
    ['Правки: шрифт крупнее', 'changes_requested', 'шрифт крупнее'],
  ])('%j → %s', (body, outcome, note) => {
    expect(readEmailedDecision(body)).toEqual({ outcome, note });
  });

  it.each([
    'Ainda não está aprovado, aguardem.',
    'Obrigada! Vou olhar amanhã.',
    'ok',
    '',
    '   \n  ',
    'Reprovado',
    'aprovadíssimo',
  ])('%j decides nothing', (body) => {
    expect(readEmailedDecision(body)).toBeNull();
  });
});
