// One rule for every setting, shared by the profile's choice and resolveConfig: blank means unset.

export const first = <T>(...values: (T | undefined)[]): T | undefined =>
  // Blank is unset too: ZCUST_STATE_DIR=" " made a folder named " " in the working folder.
  values.find((v) => v !== undefined && !(typeof v === 'string' && v.trim() === ''));
