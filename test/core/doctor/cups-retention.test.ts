/** cupsd.conf's job retention read the way cupsd reads it (scheduler/conf.c, CUPS 2.4). */
import { describe, expect, it } from 'vitest';
import { readCupsRetention } from '../../../src/core/doctor/cups-retention.ts';

describe('readCupsRetention', () => {
  it('without the directives, cupsd keeps documents one day and records until MaxJobs', () => {
    expect(readCupsRetention('LogLevel warn\nListen localhost:631\n')).toEqual({
      files: 86_400,
      filesSetting: '86400',
      history: 'forever',
    });
  });

  it.each([
    ['PreserveJobFiles No', 0],
    ['preservejobfiles off', 0],
    ['PreserveJobFiles Disabled', 0],
    ['PreserveJobFiles 0', 0],
    ['PreserveJobFiles Yes', 'forever'],
    ['PreserveJobFiles on', 'forever'],
    ['PreserveJobFiles 3600', 3_600],
    ['PreserveJobFiles 2h', 7_200],
    ['PreserveJobFiles 1d', 86_400],
    ['PreserveJobFiles 1w', 604_800],
    ['  PreserveJobFiles 30m  # half an hour', 1_800],
  ] as const)('%s', (line, files) => {
    expect(readCupsRetention(`LogLevel warn\n${line}\n`).files).toBe(files);
  });

  it('the last line wins; comments and values cupsd cannot read are ignored, as cupsd does', () => {
    const conf = [
      'PreserveJobFiles No',
      '# PreserveJobFiles Yes',
      'PreserveJobFiles soon',
      'PreserveJobFiles 5x',
    ].join('\n');
    expect(readCupsRetention(conf)).toMatchObject({ files: 0, filesSetting: 'No' });
    expect(readCupsRetention('PreserveJobFiles No\nPreserveJobFiles 1d\n')).toMatchObject({
      files: 86_400,
      filesSetting: '1d',
    });
  });

  it('reads PreserveJobHistory apart from PreserveJobFiles', () => {
    expect(readCupsRetention('PreserveJobHistory No\r\nPreserveJobFiles No\r\n')).toEqual({
      files: 0,
      filesSetting: 'No',
      history: 0,
    });
  });
});
