// Validates every document of deploy/kubernetes/*.yaml against the Kubernetes schemas
// (kubernetes-models), then checks what an operator relies on: probes on the health endpoints,
// requests and limits, a locked-down securityContext, and no secret values in the manifests.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";
import { Deployment } from "kubernetes-models/apps/v1";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { ConfigMap, Service } from "kubernetes-models/v1";

const models = {
  "apps/v1/Deployment": Deployment,
  "v1/ConfigMap": ConfigMap,
  "v1/Service": Service,
  "networking.k8s.io/v1/NetworkPolicy": NetworkPolicy,
};
const dir = new URL("./kubernetes/", import.meta.url).pathname;
const problems = [];
let documents = 0;

function check(condition, where, what) {
  if (!condition) problems.push(`${where}: ${what}`);
}

for (const file of readdirSync(dir).filter((f) => f.endsWith(".yaml"))) {
  for (const doc of yaml.loadAll(readFileSync(join(dir, file), "utf8")).filter(Boolean)) {
    documents++;
    const where = `${file} ${doc.kind}/${doc.metadata?.name}`;
    const Model = models[`${doc.apiVersion}/${doc.kind}`];
    check(Model, where, `no schema known for ${doc.apiVersion} ${doc.kind}`);
    if (!Model) continue;
    try {
      new Model(doc).validate();
    } catch (e) {
      problems.push(`${where}: ${e.message}`);
    }
    if (doc.kind === "ConfigMap") {
      for (const key of Object.keys(doc.data ?? {})) {
        check(!/PASSWORD|SECRET|API_KEY|TOKEN/.test(key), where, `${key} belongs in a Secret`);
      }
    }
    if (doc.kind !== "Deployment") continue;
    const pod = doc.spec.template.spec;
    check(pod.securityContext?.runAsNonRoot === true, where, "pod must run as non-root");
    for (const c of pod.containers) {
      const at = `${where} container ${c.name}`;
      const sc = c.securityContext ?? {};
      check(sc.allowPrivilegeEscalation === false, at, "allowPrivilegeEscalation must be false");
      check(sc.readOnlyRootFilesystem === true, at, "readOnlyRootFilesystem must be true");
      check(sc.capabilities?.drop?.includes("ALL"), at, "capabilities must drop ALL");
      check(c.resources?.requests?.cpu && c.resources?.requests?.memory, at, "resource requests missing");
      check(c.resources?.limits?.cpu && c.resources?.limits?.memory, at, "resource limits missing");
      for (const env of c.env ?? []) {
        check(!/PASSWORD|SECRET|API_KEY|TOKEN/.test(env.name) || env.valueFrom?.secretKeyRef, at,
          `${env.name} must come from a secretKeyRef, not a literal value`);
      }
      if (c.image.includes("runlens")) {
        check(c.livenessProbe?.httpGet?.path === "/q/health/live", at, "liveness probe must be /q/health/live");
        check(c.readinessProbe?.httpGet?.path === "/q/health/ready", at, "readiness probe must be /q/health/ready");
        check(c.startupProbe?.httpGet?.path === "/q/health/started", at, "startup probe must be /q/health/started");
        // Health lives on the management interface (9000 unless QUARKUS_MANAGEMENT_PORT says otherwise).
        const managementPort = Number((c.env ?? []).find((e) => e.name === "QUARKUS_MANAGEMENT_PORT")?.value ?? 9000);
        const named = Object.fromEntries((c.ports ?? []).map((p) => [p.name, p.containerPort]));
        for (const probe of ["startupProbe", "livenessProbe", "readinessProbe"]) {
          const port = c[probe]?.httpGet?.port;
          check((named[port] ?? port) === managementPort, at, `${probe} must use the management port ${managementPort}`);
        }
      }
    }
  }
}

if (problems.length > 0) {
  console.error(problems.join("\n"));
  console.error(`${problems.length} problem(s) in ${documents} Kubernetes documents`);
  process.exit(1);
}
console.log(`${documents} Kubernetes documents valid`);
