export * from './test-database';
export * from './small-group';
