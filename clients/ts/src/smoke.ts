// Read-only calls through the generated TypeScript client; every field used here must exist in
// the generated types (tsc fails otherwise) and in the answers (the asserts fail otherwise).
import assert from "node:assert/strict";
import { taskmill, type Problem } from "./client.js";

const api = taskmill(process.env.TASKMILL_URL ?? "http://127.0.0.1:8080", process.env.TASKMILL_API_KEY);

const modules = await api.GET("/api/v1/modules");
assert.equal(modules.response.status, 200);
const names = (modules.data ?? []).map((m) => `${m.name}=${m.status}`);
assert.ok(names.includes("text-stats=AVAILABLE"), `modules: ${names.join(", ")}`);

const text = await api.POST("/api/v1/data", {
  body: { kind: "TEXT", text: "the cat sat on the mat", label: "ts-smoke" },
  headers: { "Content-Type": "application/json" },
});
assert.equal(text.response.status, 201);
const id: string | undefined = text.data?.id;
assert.ok(id);

const page = await api.GET("/api/v1/data", { params: { query: { label: "ts-smoke", size: 5 } } });
assert.equal(page.data?.items?.[0]?.id, id);

const tasks = await api.GET("/api/v1/tasks", { params: { query: { status: "FAILED" } } });
const failed: number = tasks.data?.total ?? -1;
assert.ok(failed >= 0);

const dashboard = await api.GET("/api/v1/dashboard");
assert.ok((dashboard.data?.workerSlots ?? 0) > 0);

const missing = await api.GET("/api/v1/tasks/{id}", { params: { path: { id: "0".repeat(24) } } });
const problem: Problem | undefined = missing.error;
assert.equal(missing.response.status, 404);
assert.equal(problem?.status, 404);

console.log(`ts flow: ${names.length} modules, item ${id}, ${failed} failed tasks, problem "${problem?.detail}"`);
