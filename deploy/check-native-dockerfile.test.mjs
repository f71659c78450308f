// Each rule of check-native-dockerfile.mjs fails on a Dockerfile.native (or pom) broken the way it
// guards against, and the repository's own files pass. Run: node --test (npm run check does).
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { test } from "node:test";
import { admitted, problemsOf } from "./check-native-dockerfile.mjs";

const root = resolve(dirname(new URL(import.meta.url).pathname), "..");
const dockerfile = readFileSync(join(root, "Dockerfile.native"), "utf8");

/** The problems of `text` with some repository files replaced (path -> text, or null for absent). */
function problems(text, replaced = {}) {
  return problemsOf(
    text,
    (path) => replaced[path] ?? readFileSync(join(root, path), "utf8"),
    (path) => (path in replaced ? replaced[path] !== null : existsSync(join(root, path))),
  );
}

function fails(text, pattern, replaced) {
  const found = problems(text, replaced);
  assert.ok(found.some((p) => pattern.test(p)), `expected a problem matching ${pattern}, got ${JSON.stringify(found)}`);
}

const swap = (from, to) => {
  assert.ok(dockerfile.includes(from), `Dockerfile.native no longer holds ${from}`);
  return dockerfile.replace(from, to);
};

test("the repository's Dockerfile.native passes", () => {
  assert.deepEqual(problems(dockerfile), []);
});

test("a build command without -Dnative fails", () => {
  fails(swap("package -Dnative", "package"), /does not turn native on/);
});

test("-Dnative without the pom's native profile fails", () => {
  const pom = readFileSync(join(root, "runlens/pom.xml"), "utf8");
  const withoutProfile = pom.replace(/<profile>[\s\S]*?<\/profile>/g, "");
  assert.notEqual(withoutProfile, pom, "runlens/pom.xml has no profile to remove");
  fails(dockerfile, /does not turn native on/, { "runlens/pom.xml": withoutProfile });
});

test("a builder JDK below maven.compiler.release fails", () => {
  const rootPom = readFileSync(join(root, "pom.xml"), "utf8");
  fails(dockerfile, /below maven\.compiler\.release 99/, {
    "pom.xml": rootPom.replace(/<maven\.compiler\.release>\d+</, "<maven.compiler.release>99<"),
  });
});

test("a builder older than Quarkus's oldest native builder fails", () => {
  fails(dockerfile.replace(/mandrel-builder-image:jdk-\d+/, "mandrel-builder-image:jdk-17"), /Quarkus needs/);
});

test("copying a runner from elsewhere than the build's target fails", () => {
  fails(swap("/code/runlens/target/*-runner", "/code/target/*-runner"), /the build writes \/code\/runlens\/target\/\*-runner/);
});

test("a root final stage fails", () => {
  fails(swap("USER 1001\n", "USER root\n"), /non-root/);
});

test("an ENTRYPOINT that does not run the copied executable fails", () => {
  fails(swap('ENTRYPOINT ["./application"', 'ENTRYPOINT ["./runlens"'), /ENTRYPOINT must run/);
});

test("a build stage without the parent pom fails", () => {
  fails(swap("COPY --chown=quarkus:quarkus mvnw pom.xml ./", "COPY --chown=quarkus:quarkus mvnw ./"), /parent is read from pom\.xml/);
});

test("a copied file that .dockerignore keeps out fails", () => {
  fails(dockerfile, /\.dockerignore keeps it out/, { ".dockerignore": "*\n!.mvn\n!mvnw\n!pom.xml\n!runlens/src\n" });
});

test(".dockerignore: last match wins and a match on a parent directory counts", () => {
  const ignore = "*\n!runlens/src\n!pom.xml\n";
  assert.equal(admitted("pom.xml", ignore), true);
  assert.equal(admitted("runlens/src/main/java", ignore), true);
  assert.equal(admitted("runlens/pom.xml", ignore), false);
  assert.equal(admitted("runlens-demo/pom.xml", ignore), false);
});
