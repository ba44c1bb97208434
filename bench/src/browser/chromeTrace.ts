/**
 * A Chrome trace of the whole browser over the DevTools protocol (`Tracing` domain on a browser
 * session), events streamed back as they are collected. Only the categories asked for are
 * recorded, so a measurement can keep the tracer's own cost small.
 */
import type { Browser } from 'playwright-core';

export interface RunningTrace {
  /** Ends the trace and returns its raw events (unchecked: see `frameWork.relevantTraceEvents`); throws if any were lost. */
  stop(): Promise<unknown[]>;
}

export async function startTrace(browser: Browser, categories: readonly string[]): Promise<RunningTrace> {
  const session = await browser.newBrowserCDPSession();
  const events: unknown[] = [];
  session.on('Tracing.dataCollected', (data) => {
    for (const event of data.value) events.push(event);
  });
  const complete = new Promise<boolean>((resolve) =>
    session.once('Tracing.tracingComplete', (done) => resolve(done.dataLossOccurred)),
  );
  await session.send('Tracing.start', {
    traceConfig: { includedCategories: [...categories], recordMode: 'recordUntilFull' },
    transferMode: 'ReportEvents',
  });
  return {
    async stop() {
      await session.send('Tracing.end');
      const lost = await complete;
      await session.detach();
      // A trace that lost events would under-count work: better no number than a wrong one.
      if (lost) throw new Error('the trace buffer filled up and events were lost');
      return events;
    },
  };
}
