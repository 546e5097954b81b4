import { vi } from 'vitest';

/**
 * Stands in for the server in a component test: each GET is answered 200 with the JSON `answer` gives for its
 * URL; a URL it has no answer for (undefined) fails the test. Undone by `vi.unstubAllGlobals()`.
 */
export function answerGets(answer: (url: URL) => unknown): void {
  vi.stubGlobal('fetch', async (url: string) => {
    const body = answer(new URL(url, 'http://console.test'));
    if (body === undefined) throw new Error(`unexpected GET ${url}`);
    return new Response(JSON.stringify(body), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  });
}
