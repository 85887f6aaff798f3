export * from './schemas.ts';
export * from './media-ref.ts';
export * from './contact-card.ts';
export * from './append.ts';
export * from './summary.ts';
export * from './api-content.ts';
