import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newAgencyId, newClientId, newUserId } from '@fluxo/shared/ids';
import { describe, expect, it } from 'vitest';
import { AttachmentFiles } from '../mail/attachmentFiles.js';
import { type DocumentVersion, newDocumentId } from '../store/documentRecords.js';
import { createMemoryStore } from '../store/memoryStore.js';
import { MAX_DOCUMENT_TEXT, MAX_TEXT_INPUT_BYTES, decodeEntities, documentSearchText, extractText, htmlToText, jsonToText } from './documentText.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('extractText', () => {
  it('reads plain text, Markdown and CSV as UTF-8, Windows-1252 when not UTF-8, without a BOM', () => {
    expect(extractText('text/plain', bytes('\ufeffPúblico-alvo: mães\r\nde 30 anos'))).toEqual({
      text: 'Público-alvo: mães\nde 30 anos',
      source: 'content',
      truncated: false,
    });
    expect(extractText('text/markdown', bytes('# Briefing\n\n- **Cores**: verde')).text).toBe('# Briefing\n\n- **Cores**: verde');
    // "Orçamento;R$ 1.500" exported by an old spreadsheet: ç is 0xE7 in Windows-1252.
    expect(extractText('text/csv', Uint8Array.from([0x4f, 0x72, 0xe7, 0x61, 0x6d, 0x65, 0x6e, 0x74, 0x6f, 0x3b, 0x80])).text).toBe('Orçamento;€');
  });

  it('strips HTML to what a reader sees: no tags, comments, scripts or styles; entities decoded', () => {
    const html =
      '<html><head><style>p{color:red}</style><script>var segredo = "x"</script></head>' +
      '<body><!-- rascunho interno --><h1>Pesquisa de Mercado</h1><p>Concorr&ecirc;ncia &amp; pre&ccedil;os&nbsp;&#8212; &#x2713;</p>' +
      '<p>Fim<br>linha</p><script>unterminated';
    const text = htmlToText(html);
    expect(text).toBe('Pesquisa de Mercado\nConcorrência & preços — ✓\nFim\nlinha');
    expect(text).not.toMatch(/segredo|rascunho|color|unterminated|</);
    expect(extractText('text/html', bytes(html)).text).toBe(text);
  });

  it('decodes numeric and named entities, leaving unknown or invalid ones as written', () => {
    expect(decodeEntities('&lt;b&gt; &Aacute;gua &#65; &#x1F600; &naoexiste; &#0; &#xD800;')).toBe('<b> Água A 😀 &naoexiste; \ufffd \ufffd');
  });

  it('reads the keys and strings of JSON, and takes JSON that does not parse as text', () => {
    expect(jsonToText('{"cliente":"Clínica Sorriso","itens":[{"nome":"Logo","valor":1500}],"ok":true}')).toBe(
      'cliente\nClínica Sorriso\nitens\nnome\nLogo\nvalor\n1500\nok\ntrue',
    );
    expect(extractText('application/json', bytes('{"quebrado": ')).text).toBe('{"quebrado": ');
  });

  it('indexes other types by name only, and caps the text', () => {
    expect(extractText('application/pdf', bytes('%PDF-1.7 Orçamento'))).toEqual({ text: '', source: 'name_only', truncated: false });
    const long = extractText('text/plain', bytes(`${'a'.repeat(MAX_DOCUMENT_TEXT - 1)}😀fim`));
    expect(long.truncated).toBe(true);
    // The emoji's pair is not cut in half.
    expect(long.text).toBe('a'.repeat(MAX_DOCUMENT_TEXT - 1));
  });

  it('reads at most the first 4 MiB of a file, cut between characters, not inside one', () => {
    // 'ç' is two bytes in UTF-8: the cut at 4 MiB falls inside one unless moved back.
    const text = `x${'ç'.repeat(MAX_TEXT_INPUT_BYTES)}`;
    const read = extractText('text/plain', bytes(text));
    expect(read.truncated).toBe(true);
    // Still read as UTF-8 (a split character would have sent it to Windows-1252: 'Ã§').
    expect(read.text.startsWith('xçç')).toBe(true);
    expect(read.text).not.toContain('Ã');
    const html = extractText('text/html', bytes(`<p>início</p>${'<i></i>'.repeat(MAX_TEXT_INPUT_BYTES / 7 + 1)}<p>fim</p>`));
    expect([html.truncated, html.text.includes('início'), html.text.includes('fim')]).toEqual([true, true, false]);
  });
});

describe('documentSearchText', () => {
  it("gives the title, every version's name and the latest version's content", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fluxo-doctext-'));
    const store = createMemoryStore();
    try {
      const vault = new AttachmentFiles(dir);
      const first = await vault.save(bytes('Primeira versão: azul'));
      const second = await vault.save(bytes('<p>Segunda vers&atilde;o: verde</p>'));
      const version = (n: number, sha256: string, name: string, contentType: string): DocumentVersion => ({
        version: n,
        sha256,
        name,
        contentType,
        size: 10,
        uploadedBy: newUserId(),
        uploadedAt: '2025-03-10T12:00:00.000Z',
        note: '',
      });
      const id = newDocumentId();
      await store.documents.create({
        id,
        agencyId: newAgencyId(),
        clientId: newClientId(),
        boardId: null,
        ticketIds: [],
        category: 'briefing',
        title: 'Briefing da marca',
        versions: [version(1, first, 'briefing v1.txt', 'text/plain'), version(2, second, 'briefing v2.html', 'text/html')],
        archived: false,
        createdAt: '2025-03-10T12:00:00.000Z',
        createdBy: newUserId(),
      });
      const found = await documentSearchText(store, vault, id);
      expect(found).toMatchObject({ documentId: id, title: 'Briefing da marca', source: 'content', truncated: false });
      expect(found?.text).toBe('Briefing da marca\nbriefing v2.html\nbriefing v1.txt\nSegunda versão: verde');

      await store.documents.addVersion(id, { ...version(3, 'f'.repeat(64), 'briefing v3.pdf', 'application/pdf') });
      const pdf = await documentSearchText(store, vault, id);
      expect([pdf?.source, pdf?.text]).toEqual(['name_only', 'Briefing da marca\nbriefing v3.pdf\nbriefing v2.html\nbriefing v1.txt']);
      expect(await documentSearchText(store, vault, newDocumentId())).toBeNull();
    } finally {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
