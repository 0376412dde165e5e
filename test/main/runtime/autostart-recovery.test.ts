/** Start with the OS session, and reopening a crashed window without spinning. */
import { describe, expect, it } from 'vitest';
import { applyAutostart, autostartEntryPath, desktopEntry } from '../../../src/main/runtime/autostart.ts';
import { isCrash, WindowRecovery } from '../../../src/main/runtime/window-recovery.ts';

function fakeDeps(platform: NodeJS.Platform) {
  const files = new Map<string, string>();
  const loginItems: boolean[] = [];
  return {
    files,
    loginItems,
    deps: {
      platform,
      setLoginItemSettings: (s: { openAtLogin: boolean }) => loginItems.push(s.openAtLogin),
      executable: '/opt/Tanu/Tanu Kiosk.AppImage',
      configHome: '/home/desk/.config',
      writeFile: (p: string, t: string) => files.set(p, t),
      removeFile: (p: string) => files.delete(p),
      makeDir: () => undefined,
    },
  };
}

describe('autostart', () => {
  it('Windows and macOS use the login-item setting', () => {
    for (const platform of ['win32', 'darwin'] as const) {
      const f = fakeDeps(platform);
      applyAutostart(true, f.deps);
      applyAutostart(false, f.deps);
      expect(f.loginItems).toEqual([true, false]);
      expect(f.files.size).toBe(0);
    }
  });

  it('Linux writes (and removes) an XDG autostart entry that survives spaces in the path', () => {
    const f = fakeDeps('linux');
    applyAutostart(true, f.deps);
    const path = autostartEntryPath('/home/desk/.config');
    expect(path).toBe('/home/desk/.config/autostart/tanu.desktop');
    expect(f.files.get(path)).toBe(desktopEntry('/opt/Tanu/Tanu Kiosk.AppImage'));
    expect(f.files.get(path)).toContain('Exec="/opt/Tanu/Tanu Kiosk.AppImage"');
    applyAutostart(false, f.deps);
    expect(f.files.has(path)).toBe(false);
    expect(f.loginItems).toEqual([]);
  });
});

describe('WindowRecovery', () => {
  it('reopens at once after a rare crash and backs off when crashes repeat', () => {
    const r = new WindowRecovery({ windowMs: 60_000, baseDelayMs: 500, maxDelayMs: 8000 });
    expect(r.crashed(0)).toBe(500);
    expect(r.crashed(1000)).toBe(1000);
    expect(r.crashed(2000)).toBe(2000);
    expect([r.crashed(3000), r.crashed(4000), r.crashed(5000)]).toEqual([4000, 8000, 8000]);
    // Long after, the count has aged out: back to a quick reopen.
    expect(r.crashed(200_000)).toBe(500);
    expect(r.recentCrashes).toBe(1);
  });

  it('a clean exit is not a crash', () => {
    expect(isCrash('clean-exit')).toBe(false);
    for (const reason of ['crashed', 'oom', 'killed', 'abnormal-exit', 'launch-failed'])
      expect(isCrash(reason)).toBe(true);
  });
});
