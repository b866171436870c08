// The review decision (pure) and the owners it names (read from the base tree).
export { decideReview, type ExistingReview, type ReviewAction, type ReviewDecision, type ReviewInput } from './decide.js';
export { ownersFile, parseOwners, readOwners, type NetworkOwners } from './owners.js';
