export * from './ipv4.js';
export * from './ports.js';
export * from './address-set.js';
export * from './header.js';
