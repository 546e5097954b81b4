export * from './x509-error';
export * from './parse-certificate';
export * from './create-certificate';
export * from './smime';
