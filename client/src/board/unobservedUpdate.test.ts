import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { withoutUpdateObservers } from './unobservedUpdate';

function stateWith(text: string): Uint8Array {
  const source = new Y.Doc();
  source.getText('t').insert(0, text);
  return Y.encodeStateAsUpdate(source);
}

describe('withoutUpdateObservers', () => {
  it('applies the update without emitting it, then listens again', () => {
    const doc = new Y.Doc();
    const heard = vi.fn();
    doc.on('update', heard);
    const state = stateWith('quadro inteiro');
    const encode = vi.spyOn(Y.UpdateEncoderV1.prototype, 'toUint8Array');

    withoutUpdateObservers(doc, () => Y.applyUpdate(doc, state, 'server'));
    expect(doc.getText('t').toString()).toBe('quadro inteiro');
    expect(heard).not.toHaveBeenCalled();
    // Nothing was encoded for the (absent) listeners.
    expect(encode).not.toHaveBeenCalled();
    encode.mockRestore();

    doc.getText('t').insert(0, '> ');
    expect(heard).toHaveBeenCalledTimes(1);
    // The update heard afterwards is a real one: a replica of the first state plus it converges.
    const replica = new Y.Doc();
    Y.applyUpdate(replica, state);
    Y.applyUpdate(replica, heard.mock.calls[0]?.[0] as Uint8Array);
    expect(replica.getText('t').toString()).toBe('> quadro inteiro');
  });

  it('keeps listeners added meanwhile, and restores them when applying throws', () => {
    const doc = new Y.Doc();
    const first = vi.fn();
    const second = vi.fn();
    doc.on('update', first);
    expect(() =>
      withoutUpdateObservers(doc, () => {
        doc.on('update', second);
        throw new Error('malformed update');
      }),
    ).toThrow('malformed update');
    doc.getText('t').insert(0, 'x');
    expect(first).toHaveBeenCalledTimes(1);
    expect(second).toHaveBeenCalledTimes(1);
  });

  it('just applies when nothing listens', () => {
    const doc = new Y.Doc();
    withoutUpdateObservers(doc, () => Y.applyUpdate(doc, stateWith('vazio')));
    expect(doc.getText('t').toString()).toBe('vazio');
    const heard = vi.fn();
    doc.on('update', heard);
    doc.getText('t').insert(0, 'y');
    expect(heard).toHaveBeenCalledTimes(1);
  });
});
