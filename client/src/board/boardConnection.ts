/**
 * How board sessions reach the server and the browser's storage. The app uses the defaults
 * (the stock y-websocket client, IndexedDB); tests provide an in-memory server
 * (`testing/localServer.ts`) and no cache, through this context, instead of mocking modules.
 */
import { createContext, useContext } from 'solid-js';
import { type BoardCacheFactory, indexedDbCache } from './boardCache';
import type { BoardLinkFactory } from './boardLink';
import { websocketLink } from './websocketLink';

export interface BoardConnection {
  readonly link: BoardLinkFactory;
  readonly cache: BoardCacheFactory | null;
}

export const BoardConnectionContext = createContext<BoardConnection>({ link: websocketLink, cache: indexedDbCache });

export function useBoardConnection(): BoardConnection {
  return useContext(BoardConnectionContext);
}
