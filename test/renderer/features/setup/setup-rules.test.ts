/**
 * The setup form's checks point at the field main would refuse, before anything is sent: the
 * clinic and desk ids, the clinic's name, its time zone and call number, and the first admin.
 */
import { describe, expect, it } from 'vitest';
import { setupProblems, type SetupForm } from '../../../../src/renderer/features/setup/setup-rules.ts';

const GOOD: SetupForm = {
  clinicId: 'almaty-pol-5',
  clinicName: 'Қалалық емхана №5',
  timeZone: 'Asia/Almaty',
  callNumber: '+7 727 123 45 67',
  deskId: 'desk-12',
  displayName: 'Әкімші',
  login: 'admin.one',
  password: 'long enough',
  passwordAgain: 'long enough',
};

describe('setupProblems', () => {
  it('a complete form has none', () => {
    expect(setupProblems(GOOD)).toEqual([]);
    expect(setupProblems({ ...GOOD, timeZone: 'UTC', callNumber: '87271234567' })).toEqual([]);
  });

  it.each<[Partial<SetupForm>, string]>([
    [{ clinicId: 'Almaty' }, 'clinicId'],
    [{ clinicId: '-pol' }, 'clinicId'],
    [{ clinicId: 'a'.repeat(33) }, 'clinicId'],
    [{ clinicName: '   ' }, 'clinicName'],
    [{ clinicName: 'x'.repeat(201) }, 'clinicName'],
    [{ timeZone: 'Mars/Olympus' }, 'timeZone'],
    // An offset follows no daylight-saving rules: a zone name only, as main requires.
    [{ timeZone: '+05:00' }, 'timeZone'],
    [{ callNumber: '12' }, 'callNumber'],
    [{ callNumber: 'call us' }, 'callNumber'],
    [{ deskId: '12' }, 'deskId'],
    [{ deskId: 'desk 12' }, 'deskId'],
    [{ login: 'Admin' }, 'login'],
    [{ displayName: ' ' }, 'displayName'],
    [{ password: 'short', passwordAgain: 'short' }, 'password'],
    [{ passwordAgain: 'long enougH' }, 'passwordAgain'],
  ])('%j is the %s problem', (change, problem) => {
    expect(setupProblems({ ...GOOD, ...change })).toEqual([problem]);
  });

  it('lists every problem at once, in form order', () => {
    const all = { clinicId: '', clinicName: '', timeZone: '', callNumber: '', deskId: '', login: '' };
    expect(setupProblems({ ...GOOD, ...all, displayName: '', password: '' })).toEqual([
      'clinicId',
      'clinicName',
      'timeZone',
      'callNumber',
      'deskId',
      'login',
      'displayName',
      'password',
    ]);
  });
});
