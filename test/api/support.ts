// Moved to test/helpers/api.ts; kept for the suites not yet on useApp().
export { bearer, expectProblem } from '../helpers/api.js';
