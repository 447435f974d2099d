// Every table of every domain, for Drizzle's typed queries and drizzle-kit's migration generator.

export * from '../../modules/alliance/schema.ts';
export * from '../../modules/catalog/schema.ts';
export * from '../../modules/enrollment/schema.ts';
export * from '../../modules/finance/schema.ts';
export * from '../../modules/org/schema.ts';
export * from '../../modules/planning/schema.ts';
export * from '../../modules/rules/schema.ts';
export * from '../audit/schema.ts';
export * from '../auth/schema.ts';
export * from '../files/schema.ts';
export * from '../jobs/schema.ts';
export * from '../mail/schema.ts';
export * from '../workflow/schema.ts';
