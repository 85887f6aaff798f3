/** The projection and its message actions, one chunk the projector loads on first use. */
export { projectConversation } from './projection.ts';
export { carryTickTimes } from './projection-actions.ts';
