import { shareAnswer } from '../common/http/shared-answers';
import { jsonOfSharedResult, toolResult, toolResultOf } from './mcp-toolset';

const build = (page: { items: { name: string }[] }) =>
  toolResult({ items: page.items.map((item) => ({ ...item })) }, page.items.map((item) => item.name).join('\n'));

describe('tool results of shared answers', () => {
  it('builds the result of a shared (cached) answer once, frozen all through', () => {
    const page = shareAnswer({ items: [{ name: 'milk' }] });
    const first = toolResultOf(page, build);
    expect(toolResultOf(page, build)).toBe(first);
    expect(first).toEqual(build(page));
    expect(Object.isFrozen(first.content[0])).toBe(true);
    expect(Object.isFrozen((first.structuredContent!.items as object[])[0])).toBe(true);
  });

  it('builds the result of any other answer anew, so a later change shows', () => {
    const page = { items: [{ name: 'milk' }] };
    const first = toolResultOf(page, build);
    page.items.push({ name: 'eggs' });
    const again = toolResultOf(page, build);
    expect(again).not.toBe(first);
    expect(again.content[0].text).toBe('milk\neggs');
    expect(Object.isFrozen(again)).toBe(false);
  });

  it('gives another shared answer its own result', () => {
    const milk = toolResultOf(shareAnswer({ items: [{ name: 'milk' }] }), build);
    const eggs = toolResultOf(shareAnswer({ items: [{ name: 'eggs' }] }), build);
    expect([milk.content[0].text, eggs.content[0].text]).toEqual(['milk', 'eggs']);
  });

  it("serializes a shared result's JSON once per protocol version, and only a shared result's", () => {
    const shared = toolResultOf(shareAnswer({ items: [{ name: 'milk' }] }), build);
    const serialize = jest.fn(() => JSON.stringify(shared));
    const first = jsonOfSharedResult(shared, '2025-11-25', serialize);
    expect(jsonOfSharedResult(shared, '2025-11-25', serialize)).toBe(first);
    expect(serialize).toHaveBeenCalledTimes(1);
    // Another version is serialized once too; the same JSON is then kept (and counted) once.
    expect(jsonOfSharedResult(shared, '2025-06-18', serialize)).toBe(first);
    expect(serialize).toHaveBeenCalledTimes(2);
    expect(jsonOfSharedResult(toolResultOf({ items: [] }, build), '2025-11-25', serialize)).toBeUndefined();
    expect(serialize).toHaveBeenCalledTimes(2);
  });
});
