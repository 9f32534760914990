/**
 * Domain failures by meaning (not found, conflict, invalid, forbidden, unauthorized, malformed):
 * what services throw without depending on the HTTP layer. {@code api.ProblemMapper} alone turns
 * each into its problem+json response.
 */
package dev.taskmill.failure;
