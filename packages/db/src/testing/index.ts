export * from './test-database';
export * from './small-group';
export * from './demo-certificate-cache';
