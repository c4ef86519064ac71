// The evaluate endpoint with its default inline size: single customers and small batches are
// decided on the request thread (the suite is in evaluate-suite.ts).
import { evaluateSuite } from "./evaluate-suite.js";

evaluateSuite({});
