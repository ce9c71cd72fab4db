export * from './avatars';
export * from './report-settings';
export * from './reports';
export * from './sessions';
export * from './transaction-daily-totals';
export * from './transactions';
export * from './users';
