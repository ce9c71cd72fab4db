export * from './analytics';
export * from './auth';
export * from './avatar';
export * from './errors';
export * from './money';
export * from './report';
export * from './transaction';
export * from './user';
