import { describe, expect, it } from 'vitest';
import { problemFromAnswer } from './problem';

const MISSING_ON_SERVERS = {
  type: 'https://bts-console.dev/problems/certificate-missing-on-servers',
  title: 'Certificate missing on servers',
  status: 422,
  code: 'certificate-missing-on-servers',
  detail: 'The certificate is not in the Other People store of BTS02.',
  servers: ['BTS02'],
};

describe('problemFromAnswer', () => {
  it('reads the API’s problem details, keeping the members that depend on the code', () => {
    const problem = problemFromAnswer({
      status: 422,
      statusText: 'Unprocessable Entity',
      body: JSON.stringify(MISSING_ON_SERVERS),
    });
    expect(problem).toEqual(MISSING_ON_SERVERS);
  });

  it('keeps the field errors of a refused form', () => {
    const errors = [{ path: 'thumbprint', code: 'too-short', message: 'A thumbprint has 40 hex digits.' }];
    const problem = problemFromAnswer({
      status: 422,
      statusText: '',
      body: JSON.stringify({ ...MISSING_ON_SERVERS, code: 'validation-failed', errors }),
    });
    expect(problem.errors).toEqual(errors);
  });

  it('gives an answer without problem details the code http-<status> and the status in words', () => {
    const page = '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>';
    expect(problemFromAnswer({ status: 502, statusText: 'Bad Gateway', body: page })).toEqual({
      type: 'about:blank',
      title: 'Bad Gateway',
      status: 502,
      code: 'http-502',
      detail: 'The server answered 502 Bad Gateway.',
    });
    expect(problemFromAnswer({ status: 500, statusText: '', body: '' })).toMatchObject({
      title: 'HTTP 500',
      code: 'http-500',
      detail: 'The server answered 500.',
    });
  });

  it('takes JSON that is not a problem document for no problem details', () => {
    const problem = problemFromAnswer({
      status: 404,
      statusText: 'Not Found',
      body: JSON.stringify({ code: 'not-found', message: 'no such route' }),
    });
    expect(problem).toMatchObject({ code: 'http-404', detail: 'The server answered 404 Not Found.' });
  });

  it('quotes the start of such a body when asked, for a terminal', () => {
    const body = `  upstream connect error ${'x'.repeat(300)}`;
    const { detail } = problemFromAnswer(
      { status: 503, statusText: 'Service Unavailable', body },
      { quoteBody: true },
    );
    expect(detail).toBe(`The server answered 503 Service Unavailable: ${body.trim().slice(0, 200)}`);
    expect(
      problemFromAnswer({ status: 503, statusText: 'Service Unavailable', body: ' ' }, { quoteBody: true })
        .detail,
    ).toBe('The server answered 503 Service Unavailable.');
  });

  it('does not quote the body of real problem details', () => {
    const body = JSON.stringify(MISSING_ON_SERVERS);
    expect(problemFromAnswer({ status: 422, statusText: '', body }, { quoteBody: true }).detail).toBe(
      MISSING_ON_SERVERS.detail,
    );
  });
});
