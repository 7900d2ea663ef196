import { formatSseComment, formatSseMessage, formatSseRetry } from './sse-format';

describe('SSE format', () => {
  it('writes id, event and JSON data, ended by a blank line', () => {
    expect(formatSseMessage({ id: '42', event: 'list.changed', data: { listId: 'a' } })).toBe(
      'id: 42\nevent: list.changed\ndata: {"listId":"a"}\n\n',
    );
  });

  it('never lets a value break a field: line breaks in data stay escaped by JSON, in names become spaces', () => {
    const text = formatSseMessage({ event: 'a\nid: 9', data: { note: 'two\nlines' } });
    expect(text).toBe('event: a id: 9\ndata: {"note":"two\\nlines"}\n\n');
  });

  it('writes comments and the retry hint', () => {
    expect(formatSseComment('heartbeat')).toBe(': heartbeat\n\n');
    expect(formatSseRetry(3000)).toBe('retry: 3000\n\n');
  });
});
