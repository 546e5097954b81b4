const EMPTY_BLOCK = '-----BEGIN CERTIFICATE-----\nMA==\n-----END CERTIFICATE-----\n';

/**
 * Files built to make a careless certificate reader slow, by size, each refused: the linear-time tests
 * count the bytes the reader examines on them, and the benchmark times them. `partnerPem` gives a real
 * certificate, repeated for the bundle case, when the file is built.
 */
export function hostileCertificateFiles(
  partnerPem: () => Uint8Array,
): Array<[string, (size: number) => Buffer]> {
  return [
    ['nested SEQUENCE headers', (size) => Buffer.alloc(size, Buffer.from([0x30, 0x80]))],
    [
      'a SEQUENCE of tiny elements',
      (size) => {
        const body = Math.floor((size - 5) / 2) * 2;
        const header = Buffer.from([0x30, 0x83, 0, 0, 0]);
        header.writeUIntBE(body, 2, 3);
        return Buffer.concat([header, Buffer.alloc(body, Buffer.from([5, 0]))]);
      },
    ],
    ['BEGIN lines without END', (size) => Buffer.alloc(size, '-----BEGIN CERTIFICATE-----\n')],
    ['BEGIN lines of unknown labels', (size) => Buffer.alloc(size, '-----BEGIN ')],
    [
      'empty PEM blocks',
      (size) => Buffer.alloc(Math.floor(size / EMPTY_BLOCK.length) * EMPTY_BLOCK.length, EMPTY_BLOCK),
    ],
    [
      'real certificates',
      (size) => {
        const pem = partnerPem();
        return Buffer.concat(Array.from({ length: Math.max(1, Math.floor(size / pem.length)) }, () => pem));
      },
    ],
    ['Base-64 without lines', (size) => Buffer.alloc(size, 'MIIB')],
    ['one long line of text', (size) => Buffer.alloc(size, 'x')],
  ];
}
