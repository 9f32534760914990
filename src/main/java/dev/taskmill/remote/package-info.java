/**
 * The central side of the remote worker protocol (docs/worker-protocol.md): registration, claims by
 * long poll, heartbeats that renew leases, leased input reads, staged output uploads and reports
 * that end an attempt through the same commit and settler as a local run. The web layer ({@code
 * api/WorkerResource}) only maps these.
 */
package dev.taskmill.remote;
