export * from './auth';
export * from './errors';
export * from './money';
export * from './transaction';
export * from './user';
