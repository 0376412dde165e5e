import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAppPath } from '../../../src/main/security/app-path.ts';

const ROOT = path.resolve('/opt/tanu/out/renderer');

describe('resolveAppPath', () => {
  it.each([
    ['app://tanu/', 'index.html'],
    ['app://tanu', 'index.html'],
    ['app://tanu/index.html', 'index.html'],
    ['app://tanu/index.html?lang=kk#top', 'index.html'],
    ['app://tanu/assets/index-abc.js', 'assets/index-abc.js'],
    ['app://tanu/assets/a%20b.css', 'assets/a b.css'],
    // The URL parser already removes dot segments (as Chromium does), so these stay inside the root.
    ['app://tanu/assets/../index.html', 'index.html'],
    ['app://tanu/../../etc/passwd', 'etc/passwd'],
    ['app://tanu/%2e%2e/%2e%2e/etc/passwd', 'etc/passwd'],
    ['app://tanu/.', 'index.html'],
    ['app://tanu/%2e', 'index.html'],
  ])('maps %s inside the renderer root', (url, relative) => {
    expect(resolveAppPath(ROOT, url)).toBe(path.join(ROOT, relative));
  });

  it.each([
    'app://tanu/..%2f..%2fetc%2fpasswd',
    'app://tanu/assets%2f..%2f..%2fsecret',
    'app://tanu/..%5c..%5cwindows%5cwin.ini',
    'app://tanu/%2e%2e%5csecret',
    'app://tanu/C:%5cWindows%5cwin.ini',
    'app://tanu/C:/Windows/win.ini',
    'app://tanu/index.html%00.png',
    'app://tanu/%E0%A4%A',
    'app://tanu/assets/%2e%2e%2f%2e%2e%2fsecret',
    'app://other/index.html',
    'app://tanu.evil/index.html',
    'app://tanu:1/index.html',
    'app://u@tanu/index.html',
    'file:///etc/passwd',
    'http://tanu/index.html',
    'not a url',
  ])('refuses %s', (url) => {
    expect(resolveAppPath(ROOT, url)).toBeNull();
  });
});
