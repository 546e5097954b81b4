import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, testDialects, type TestDatabase } from '../testing/test-database';
import {
  buildSmallGroup,
  certificateFacts,
  storeCertificate,
  T0,
  type SmallGroup,
} from '../testing/small-group';
import {
  addToStore,
  computersHaving,
  getCertificate,
  getCertificateWithDer,
  getPresence,
  isInStore,
  listStoreCertificates,
  removeFromStore,
  sendPortsUsingCertificate,
  sendPortsUsingCertificateProcessedOn,
  upsertCertificate,
} from './certificates';
import { createSendPort } from './send-ports';

const testDatabaseUrl = process.env.TEST_DATABASE_URL;

describe.each(testDialects(testDatabaseUrl))('certificates and stores on %s', (dialect) => {
  let database: TestDatabase;
  let group: SmallGroup;
  beforeEach(async () => {
    database = await createTestDatabase(dialect, { testDatabaseUrl });
    group = await buildSmallGroup(database.db);
  });
  afterEach(() => database.cleanup());

  it('stores a certificate once per thumbprint and reads every fact back', async () => {
    const facts = certificateFacts('Contoso AS2 Encryption', {
      thumbprint: certificateFacts('Contoso AS2 Encryption').thumbprint.toLowerCase(),
      keyUsage: ['digitalSignature'],
      extendedKeyUsage: ['emailProtection'],
      subjectCommonName: 'Contoso AS2 Encryption',
    });
    const first = await upsertCertificate(database.db, facts, T0);
    const second = await upsertCertificate(database.db, facts, new Date('2030-01-01T00:00:00Z'));
    expect(second).toEqual(first);
    expect(first).toEqual({
      thumbprint: facts.thumbprint.toUpperCase(),
      sha256: facts.sha256,
      subject: 'CN=Contoso AS2 Encryption, O=Partner',
      subjectCommonName: 'Contoso AS2 Encryption',
      issuer: 'CN=Partner Demo CA, O=Partner Demo PKI',
      issuerCommonName: 'Partner Demo CA',
      serialNumber: facts.serialNumber,
      notBefore: '2026-01-01T00:00:00.000Z',
      notAfter: '2028-01-01T00:00:00.000Z',
      keyUsage: ['digitalSignature'],
      extendedKeyUsage: ['emailProtection'],
      publicKeyAlgorithm: 'RSA',
      publicKeySize: 2048,
      firstSeenAt: T0.toISOString(),
    });
    const withDer = await getCertificateWithDer(database.db, first.thumbprint);
    expect(withDer?.der.equals(Buffer.from(facts.der))).toBe(true);
    expect(await getCertificate(database.db, '00'.repeat(20))).toBeNull();
  });

  it('keeps a null key usage apart from an empty one', async () => {
    const stored = await upsertCertificate(database.db, certificateFacts('No KU', { keyUsage: null }), T0);
    expect(stored.keyUsage).toBeNull();
  });

  it('adds to a store once, removes, and keeps the certificate known', async () => {
    const { thumbprint } = await upsertCertificate(database.db, certificateFacts('Fabrikam'), T0);
    const entry = {
      computerName: 'bts01',
      thumbprint,
      friendlyName: 'Fabrikam',
      addedAt: T0,
      addedBy: 'admin',
    };
    expect(await addToStore(database.db, entry)).toBe(true);
    expect(await addToStore(database.db, entry)).toBe(false);
    expect(await isInStore(database.db, 'BTS01', thumbprint)).toBe(true);
    expect(await isInStore(database.db, 'BTS02', thumbprint)).toBe(false);
    expect(await removeFromStore(database.db, { computerName: 'BTS01', thumbprint })).toBe(true);
    expect(await removeFromStore(database.db, { computerName: 'BTS01', thumbprint })).toBe(false);
    expect(await getCertificate(database.db, thumbprint)).not.toBeNull();
    await expect(addToStore(database.db, { ...entry, computerName: 'NOPE' })).rejects.toThrow(
      /no computer named NOPE/,
    );
  });

  it('reports presence on every computer and which computers have it', async () => {
    const thumbprint = await storeCertificate(
      database.db,
      certificateFacts('Tailspin'),
      ['ADMIN01', 'BTS01'],
      'TT',
    );
    expect(await getPresence(database.db, thumbprint)).toEqual([
      { computer: 'ADMIN01', role: 'Console', present: true, friendlyName: 'TT', addedAt: T0.toISOString() },
      {
        computer: 'BTS01',
        role: 'BizTalk Server',
        present: true,
        friendlyName: 'TT',
        addedAt: T0.toISOString(),
      },
      { computer: 'BTS02', role: 'BizTalk Server', present: false, friendlyName: null, addedAt: null },
    ]);
    expect(await computersHaving(database.db, thumbprint)).toEqual(['ADMIN01', 'BTS01']);
    expect(await computersHaving(database.db, 'AB'.repeat(20))).toEqual([]);
  });

  describe('store search', () => {
    let contoso: string;
    beforeEach(async () => {
      contoso = await storeCertificate(
        database.db,
        certificateFacts('Contoso AS2 Encryption'),
        ['ADMIN01'],
        'Contoso Ltd. (2026)',
      );
      await storeCertificate(database.db, certificateFacts('Fabrikam Invoicing'), ['ADMIN01'], 'Fab_50%');
      await storeCertificate(
        database.db,
        certificateFacts('Northwind', { issuerCommonName: 'Globe Root CA' }),
        ['ADMIN01', 'BTS01'],
      );
    });

    const names = (items: { subjectCommonName: string | null }[]) => items.map((i) => i.subjectCommonName);

    it('lists a store ordered by Issued To, with the total', async () => {
      const all = await listStoreCertificates(database.db, { computerName: 'admin01' });
      expect(names(all.items)).toEqual(['Contoso AS2 Encryption', 'Fabrikam Invoicing', 'Northwind']);
      expect(all.total).toBe(3);
      expect(all.items[0]).toMatchObject({ friendlyName: 'Contoso Ltd. (2026)', addedBy: 'admin' });
      const bts01 = await listStoreCertificates(database.db, { computerName: 'BTS01' });
      expect(names(bts01.items)).toEqual(['Northwind']);
    });

    it('matches Issued To, Issued By and friendly name whatever the case', async () => {
      for (const search of ['CONTOSO', 'contoso', 'cOnToSo', 'ltd. (2026']) {
        const found = await listStoreCertificates(database.db, { computerName: 'ADMIN01', search });
        expect(names(found.items), search).toEqual(['Contoso AS2 Encryption']);
      }
      const byIssuer = await listStoreCertificates(database.db, {
        computerName: 'ADMIN01',
        search: 'globe root',
      });
      expect(names(byIssuer.items)).toEqual(['Northwind']);
      const byCa = await listStoreCertificates(database.db, {
        computerName: 'ADMIN01',
        search: 'partner demo',
      });
      expect(byCa.total).toBe(2);
    });

    it('treats LIKE wildcards in the search literally', async () => {
      const percent = await listStoreCertificates(database.db, { computerName: 'ADMIN01', search: '_50%' });
      expect(names(percent.items)).toEqual(['Fabrikam Invoicing']);
      const underscore = await listStoreCertificates(database.db, { computerName: 'ADMIN01', search: '%' });
      expect(names(underscore.items)).toEqual(['Fabrikam Invoicing']);
    });

    it('matches a thumbprint fragment typed in either case, with spaces or colons', async () => {
      const fragment = contoso.slice(4, 12);
      const spaced = `${fragment.slice(0, 4).toLowerCase()} ${fragment.slice(4)}`;
      const coloned = fragment.match(/../g)!.join(':');
      for (const search of [fragment, fragment.toLowerCase(), spaced, coloned]) {
        const found = await listStoreCertificates(database.db, { computerName: 'ADMIN01', search });
        expect(
          found.items.map((i) => i.thumbprint),
          search,
        ).toContain(contoso);
      }
    });

    it('pages with limit and offset while the total counts every match', async () => {
      const page = await listStoreCertificates(database.db, { computerName: 'ADMIN01', limit: 1, offset: 1 });
      expect(names(page.items)).toEqual(['Fabrikam Invoicing']);
      expect(page.total).toBe(3);
    });

    it('finds nothing in the store of an unknown computer', async () => {
      expect(await listStoreCertificates(database.db, { computerName: 'NOPE' })).toEqual({
        items: [],
        total: 0,
      });
    });
  });

  it('names the ports that use a certificate, and those a given computer processes', async () => {
    const thumbprint = await storeCertificate(database.db, certificateFacts('Contoso'), ['BTS01', 'BTS02']);
    const base = {
      applicationId: group.application.id,
      kind: 'Static One-way' as const,
      transportType: 'AS2',
      uri: 'https://as2.contoso.com',
      sendPipeline: 'Microsoft.BizTalk.DefaultPipelines.PassThruTransmit',
      certificate: { thumbprint, commonName: 'Contoso' },
      changedBy: 'setup',
      changedAt: T0,
    };
    await createSendPort(database.db, {
      ...base,
      name: 'SP.Everywhere',
      sendHandlerHostId: group.hosts.application,
    });
    await createSendPort(database.db, {
      ...base,
      name: 'SP.Secure',
      sendHandlerHostId: group.hosts.secureSend,
    });
    await createSendPort(database.db, {
      ...base,
      name: 'SP.Default',
      sendHandlerHostId: null,
      status: 'Started',
    });
    await createSendPort(database.db, {
      ...base,
      name: 'SP.Clear',
      certificate: null,
      sendHandlerHostId: group.hosts.application,
    });

    expect(await sendPortsUsingCertificate(database.db, thumbprint)).toEqual([
      { name: 'SP.Default', application: 'Contoso.Orders', status: 'Started' },
      { name: 'SP.Everywhere', application: 'Contoso.Orders', status: 'Bound' },
      { name: 'SP.Secure', application: 'Contoso.Orders', status: 'Bound' },
    ]);
    const onBts01 = await sendPortsUsingCertificateProcessedOn(database.db, thumbprint, 'bts01');
    expect(onBts01.map((p) => p.name)).toEqual(['SP.Default', 'SP.Everywhere']);
    const onBts02 = await sendPortsUsingCertificateProcessedOn(database.db, thumbprint, 'BTS02');
    expect(onBts02.map((p) => p.name)).toEqual(['SP.Default', 'SP.Everywhere', 'SP.Secure']);
    expect(await sendPortsUsingCertificateProcessedOn(database.db, thumbprint, 'ADMIN01')).toEqual([]);
  });
});
