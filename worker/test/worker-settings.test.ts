import { describe, expect, it } from 'vitest';
import { loadWorkerSettings } from '../src/worker-settings.js';

describe('worker settings', () => {
  it('when nothing (or an empty value) is set, then the defaults fit compose\'s 10 s stop window', () => {
    const settings = loadWorkerSettings({ WORKER_HEALTH_PORT: '', JOB_LEASE_MS: '  ' });
    expect(settings).toEqual({ healthPort: 3001, healthHost: '0.0.0.0', leaseMs: 30_000, sweepIntervalMs: 5000, stopGraceMs: 6000 });
  });

  it('when values are out of range or not integers, then start-up is refused with every problem named', () => {
    expect(() => loadWorkerSettings({ WORKER_HEALTH_PORT: '70000', JOB_LEASE_MS: '10', WORKER_STOP_GRACE_MS: 'soon' }))
      .toThrow(/WORKER_HEALTH_PORT[\s\S]*JOB_LEASE_MS[\s\S]*WORKER_STOP_GRACE_MS/);
  });

  it('when set, then they are used', () => {
    expect(loadWorkerSettings({ WORKER_HEALTH_PORT: '0', JOB_LEASE_MS: '5000', JOB_SWEEP_INTERVAL_MS: '1000', WORKER_STOP_GRACE_MS: '1000', WORKER_HEALTH_HOST: '127.0.0.1' }))
      .toEqual({ healthPort: 0, healthHost: '127.0.0.1', leaseMs: 5000, sweepIntervalMs: 1000, stopGraceMs: 1000 });
  });
});
