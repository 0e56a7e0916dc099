import { describe, expect, it } from 'vitest';
import { checkEncodingOption } from '../../src/input/encoding-option.js';

const LIST = 'try utf-8, windows-1252, windows-1250, macintosh or utf-16le';

describe('checkEncodingOption: which --encoding values are refused, and what the refusal advises', () => {
  it.each([
    ['left out', undefined],
    ['utf-8', 'utf-8'],
    ['an advised one', 'windows-1250'],
    ["iconv-lite's alias of Mac Roman", 'mac-roman'],
    ["iconv-lite's alias of Windows-1250", 'cp1250'],
    ['any case or punctuation iconv-lite ignores', 'UTF-16LE'],
  ])('takes %s (%j)', (_, encoding) => {
    expect(() => checkEncodingOption(encoding)).not.toThrow();
  });

  it.each([
    [
      'empty',
      '',
      "--encoding is empty (an unset variable?): give the file's encoding, such as windows-1252 or windows-1250, or leave the flag out for utf-8",
    ],
    [
      'blank',
      ' ',
      "--encoding is empty (an unset variable?): give the file's encoding, such as windows-1252 or windows-1250, or leave the flag out for utf-8",
    ],
    ['unknown', 'klingon', `--encoding klingon is not an encoding zcust knows; ${LIST}`],
    ['bytes as text, not text', 'base64', `--encoding base64 is not an encoding zcust knows; ${LIST}`],
    [
      "Java's and browsers' x- name of one iconv-lite knows",
      'x-mac-roman',
      '--encoding x-mac-roman is not an encoding zcust knows; did you mean mac-roman?',
    ],
    [
      'the same in capitals',
      'X-CP1250',
      '--encoding X-CP1250 is not an encoding zcust knows; did you mean CP1250?',
    ],
    ['an x- name of none', 'x-klingon', `--encoding x-klingon is not an encoding zcust knows; ${LIST}`],
  ])('refuses %s (%j): %s', (_, encoding, message) => {
    expect(() => checkEncodingOption(encoding)).toThrow(message);
  });
});
