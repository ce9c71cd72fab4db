export * from './avatars';
export * from './report-settings';
export * from './sessions';
export * from './transactions';
export * from './users';
