import { levels } from 'pino';
import { LogLevels } from './log-levels';

const { debug, info, warn } = levels.values;

describe('LogLevels', () => {
  it('lets one module log more (or less) than the default, and returns it to the default on null', () => {
    const logLevels = new LogLevels('info');
    expect(logLevels.allows(debug, 'KrogerHttp')).toBe(false);
    expect(logLevels.allows(info, undefined)).toBe(true);

    logLevels.update({ modules: { KrogerHttp: 'debug', LinkRefreshJob: 'silent' } });
    expect(logLevels.allows(debug, 'KrogerHttp')).toBe(true);
    expect(logLevels.allows(debug, 'KrogerCache')).toBe(false);
    expect(logLevels.allows(levels.values.fatal, 'LinkRefreshJob')).toBe(false);

    expect(logLevels.update({ default: 'warn', modules: { LinkRefreshJob: null } })).toEqual({
      default: 'warn',
      modules: { KrogerHttp: 'debug' },
    });
    expect(logLevels.allows(info, 'LinkRefreshJob')).toBe(false);
    expect(logLevels.allows(warn, 'LinkRefreshJob')).toBe(true);
  });
});
