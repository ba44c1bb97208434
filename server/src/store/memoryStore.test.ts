import { defineConversationContract } from './conversation.contract.js';
import { defineStoreContract } from './store.contract.js';
import { createMemoryStore } from './memoryStore.js';

defineStoreContract('memory', async () => ({
  open: async () => createMemoryStore(),
  persistent: false,
  cleanup: async () => undefined,
}));

defineConversationContract('memory', async () => ({
  open: async () => createMemoryStore(),
  persistent: false,
  cleanup: async () => undefined,
}));
