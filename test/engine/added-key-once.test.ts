import { afterEach, expect, it } from 'vitest';
import type { Issue, SourceRow } from '../../src/model.js';
import { COLUMN } from '../../src/template.js';
import { cleanUp, customerRow, keyOf, runRows, startHarness, tempJournal } from './harness.js';

afterEach(cleanUp);

const ID = '3d3d3d3d-1111-4222-8333-444444444444';
const added = (o: { warnings: Issue[] } | undefined) =>
  (o?.warnings ?? []).filter((w) => w.field === COLUMN.customerId).map((w) => w.message);

it('an added-key warning a one-row-per-customer conflict takes off the row is not noted as told: the next import gives it', async () => {
  const files = tempJournal('zenskar');
  const first = files.open(true);
  // Alpha created with its e-mail alone.
  first.created(
    keyOf(customerRow(0, { Name: 'Alpha', Email: 'alpha@k.example', 'Customer ID': undefined })),
    2,
    ID,
  );
  first.close();
  const h = await startHarness({ target: 'zenskar' });
  // Row 2: a report's row that says it is Alpha (keys edited); row 3: Alpha's e-mail with a Customer ID added.
  const reported: SourceRow = {
    ...customerRow(0, { Name: 'Gamma', Email: 'gamma@k.example', 'Customer ID': 'G-1' }),
    previous: { status: 'created', customerId: ID },
  };
  const withId = customerRow(1, { Name: 'Alpha', Email: 'alpha@k.example', 'Customer ID': 'CID-1' });
  const j1 = files.open();
  const one = await runRows({ ...h, net: { ...h.net, journal: j1 } }, [reported, withId]);
  j1.close();
  // The user fixes the conflict (drops row 2) and imports row 3 alone.
  const j2 = files.open();
  const two = await runRows({ ...h, net: { ...h.net, journal: j2 } }, [withId]);
  j2.close();
  expect(
    added(one.outcomes[1]).length + added(two.outcomes[0]).length,
    'the warning reaches the user once',
  ).toBe(1);
});
