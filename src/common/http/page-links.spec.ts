import { pageLinks } from './page-links';

describe('pageLinks', () => {
  it('links the next and previous offset pages, keeping the other query parameters', () => {
    const body = { data: [1], pagination: { start: 10, limit: 10, total: 25 } };
    expect(pageLinks('/api/v1/chains?start=10&limit=10&x=a%20b', body)).toBe(
      '</api/v1/chains?start=20&limit=10&x=a+b>; rel="next", </api/v1/chains?start=0&limit=10&x=a+b>; rel="prev"',
    );
  });

  it('has no next link on the last page and no prev link on the first', () => {
    expect(pageLinks('/a', { data: [], pagination: { start: 0, limit: 10, total: 10 } })).toBeUndefined();
    expect(pageLinks('/a?start=20', { data: [], pagination: { start: 20, limit: 10, total: 25 } })).toBe(
      '</a?start=10&limit=10>; rel="prev"',
    );
  });

  it('links no next page past the largest start the route accepts', () => {
    const body = (start: number) => ({ data: [], pagination: { start, limit: 50, total: 744 } });
    expect(pageLinks('/p?start=250', body(250), 250)).toBe('</p?start=200&limit=50>; rel="prev"');
    expect(pageLinks('/p?start=200', body(200), 250)).toContain('</p?start=250&limit=50>; rel="next"');
  });

  it('links the last page as prev from a start beyond the end, not the empty page before it', () => {
    expect(pageLinks('/a?start=5000', { data: [], pagination: { start: 5000, limit: 50, total: 3 } })).toBe(
      '</a?start=0&limit=50>; rel="prev"',
    );
    expect(pageLinks('/p?start=250', { data: [], pagination: { start: 250, limit: 50, total: 170 } })).toBe(
      '</p?start=120&limit=50>; rel="prev"',
    );
  });

  it('follows a cursor when there is one', () => {
    expect(pageLinks('/api/v1/cart/items', { data: [], pagination: { limit: 5, next: 'abc' } })).toBe(
      '</api/v1/cart/items?cursor=abc&limit=5>; rel="next"',
    );
    expect(pageLinks('/api/v1/cart/items', { data: [], pagination: { limit: 5, next: null } })).toBeUndefined();
  });

  it('leaves answers that are not pages alone', () => {
    expect(pageLinks('/a', { items: [], pagination: { start: 0, limit: 1, total: 2 } })).toBeUndefined();
    expect(pageLinks('/a', [1, 2])).toBeUndefined();
    expect(pageLinks('/a', undefined)).toBeUndefined();
  });
});
