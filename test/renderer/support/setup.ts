/** Each renderer test starts from an empty document: what one rendered is unmounted after it. */
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(() => {
  cleanup();
});
