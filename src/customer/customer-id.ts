/**
 * What makes two Customer IDs the same: their Unicode NFC form. "JOSÉ-1" typed with É as one character, and the
 * same file re-exported by a tool that writes E and a combining accent (NFD), look alike and are one customer.
 * Only keys are compared this way: the value is sent as written, since a platform or an ERP may hold either form.
 */
export const customerIdKey = (id: string): string => id.normalize('NFC');
