export * from './report-settings';
export * from './sessions';
export * from './users';
