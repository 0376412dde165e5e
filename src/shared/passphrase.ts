/**
 * The shortest passphrase accepted for a file that leaves the desk (a desk-transfer file, an
 * off-desk backup): the screens check it before asking main, and main enforces it.
 */
export const MIN_PASSPHRASE_LENGTH = 12;
