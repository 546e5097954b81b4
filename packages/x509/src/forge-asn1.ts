import forge from 'node-forge';

/** node-forge works on binary strings; these cross between them and bytes. */
export function asn1FromBytes(bytes: Uint8Array): forge.asn1.Asn1 {
  return forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(bytes).toString('binary')));
}

export function bytesFromAsn1(node: forge.asn1.Asn1): Buffer {
  return Buffer.from(forge.asn1.toDer(node).getBytes(), 'binary');
}
