/**
 * What makes two Customer IDs the same: their Unicode NFC form. "JOSÉ-1" typed with É as one character, and the
 * same file re-exported by a tool that writes E and a combining accent (NFD), look alike and are one customer.
 * Only keys are compared this way: the value is sent as written, since a platform or an ERP may hold either form.
 */
export const customerIdKey = (id: string): string => id.normalize('NFC');

/**
 * The forms a Customer ID is looked up in: as written, and composed (NFC) and decomposed (NFD) where those differ.
 * The platforms match exactly, and hold the form the import that created the customer sent, which a file
 * re-exported since may write otherwise: asked for in one form only, the customer was not found, and created twice.
 */
export const customerIdForms = (id: string): string[] => [
  ...new Set([id, id.normalize('NFC'), id.normalize('NFD')]),
];
