/**
 * The consent rules' table through the real server, template rows: a business sending a utility
 * or a marketing template in every combination (tests/support/consent-table.ts).
 */
import { consentTable } from '../support/consent-table.ts';

consentTable('templates', '+34 677 600 001', '+3467760');
