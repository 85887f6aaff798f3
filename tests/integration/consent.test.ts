/**
 * The consent rules' table through the real server, free-form rows: a person writing, a business
 * writing free-form (tests/support/consent-table.ts has the table; consent-templates.test.ts the
 * template rows).
 */
import { consentTable } from '../support/consent-table.ts';

consentTable('free-form', '+34 677 000 001', '+3467710');
