// Checks Dockerfile.native on paper, against the repository it builds from (no container engine here):
// - the build stage's Maven command turns native on: -Dnative with a profile in the module's pom that
//   is activated by the property `native` and sets quarkus.native.enabled=true (or the key itself);
// - the builder image's JDK (its tag, jdk-NN) is at least the project's maven.compiler.release and
//   Quarkus's oldest native builder (Mandrel/GraalVM 23.1, JDK 21);
// - every file the build stage copies exists and passes .dockerignore, and the module's parent pom is
//   copied where the module's <parent> looks for it;
// - the final stage copies the build stage's <module>/target/*-runner, runs it, and runs as non-root.
// Usage: node check-native-dockerfile.mjs [path/to/Dockerfile.native]  (from deploy/, as npm run check does)
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, posix, resolve } from "node:path";

const root = resolve(dirname(new URL(import.meta.url).pathname), "..");
const QUARKUS_MINIMUM_BUILDER_JDK = 21;

/** Instructions of a Dockerfile: comments dropped, continuation lines joined. */
export function instructions(text) {
  const joined = text.replace(/\\\r?\n/g, " ");
  return joined
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"))
    .map((line) => {
      const [keyword, ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(" ") };
    });
}

/** Stages: { image, name, steps }. */
export function stages(list) {
  const result = [];
  for (const step of list) {
    if (step.keyword === "FROM") {
      const [image, as, name] = step.args.split(/\s+/).filter((word) => !word.startsWith("--"));
      result.push({ image, name: as?.toUpperCase() === "AS" ? name : undefined, steps: [] });
    } else if (result.length > 0) {
      result.at(-1).steps.push(step);
    }
  }
  return result;
}

/** A COPY's flags, sources and destination (shell form only, which is what the Dockerfiles use). */
function copyOf(step) {
  const words = step.args.split(/\s+/);
  const flags = Object.fromEntries(
    words.filter((word) => word.startsWith("--")).map((flag) => flag.slice(2).split("=")),
  );
  const paths = words.filter((word) => !word.startsWith("--"));
  return { flags, sources: paths.slice(0, -1), destination: paths.at(-1) };
}

function globToRegExp(glob) {
  let out = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*" && glob[i + 1] === "*") {
      out += ".*";
      i++;
    } else if (c === "*") out += "[^/]*";
    else if (c === "?") out += "[^/]";
    else out += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${out}$`);
}

/** Whether .dockerignore lets `path` into the build context (last matching pattern wins; a match on a parent counts). */
export function admitted(path, ignoreText) {
  let admit = true;
  const parts = path.replace(/\/$/, "").split("/");
  for (let line of ignoreText.split(/\r?\n/)) {
    line = line.trim();
    if (!line || line.startsWith("#")) continue;
    const negated = line.startsWith("!");
    const pattern = globToRegExp(posix.normalize((negated ? line.slice(1) : line).replace(/^\//, "")));
    for (let n = 1; n <= parts.length; n++) {
      if (pattern.test(parts.slice(0, n).join("/"))) {
        admit = negated;
        break;
      }
    }
  }
  return admit;
}

/** The value of property `name` in the pom's own <properties> (not a profile's). */
function property(pom, name) {
  const properties = pom.replace(/<profiles>[\s\S]*<\/profiles>/, "").match(/<properties>([\s\S]*?)<\/properties>/);
  return properties?.[1].match(new RegExp(`<${name.replace(/\./g, "\\.")}>([^<]*)</`))?.[1]?.trim();
}

/** Whether the pom has a profile activated by -D<name> that sets quarkus.native.enabled=true. */
function nativeProfile(pom, name) {
  for (const [, profile] of pom.matchAll(/<profile>([\s\S]*?)<\/profile>/g)) {
    const activation = profile.match(/<activation>[\s\S]*?<property>\s*<name>([^<]+)<\/name>/);
    const enabled = /<quarkus\.native\.enabled>\s*true\s*</.test(profile);
    if (activation?.[1].trim() === name && enabled) return true;
  }
  return false;
}

/**
 * The problems of `dockerfile` (its text) against a repository: `read(path)` gives a file's text and
 * `exists(path)` says whether it is there, paths relative to the repository root.
 */
export function problemsOf(dockerfile, read, exists) {
  const problems = [];
  const check = (condition, what) => condition || problems.push(what);
  const ignore = exists(".dockerignore") ? read(".dockerignore") : "";
  const all = stages(instructions(dockerfile));
  const final = all.at(-1);
  const fromBuild = final.steps.filter((s) => s.keyword === "COPY").map(copyOf).find((c) => c.flags.from);
  check(fromBuild, "the final stage copies nothing from a build stage");
  const build = all.find((s) => s.name === fromBuild?.flags.from);
  check(build, `no stage is named ${fromBuild?.flags.from}`);

  if (build && fromBuild) {
    // The build stage's file system, as paths relative to its WORKDIR.
    const workdir = build.steps.filter((s) => s.keyword === "WORKDIR").at(-1)?.args ?? "/";
    const copied = new Set();
    for (const copy of build.steps.filter((s) => s.keyword === "COPY").map(copyOf)) {
      for (const source of copy.sources) {
        check(exists(source), `COPY ${source}: no such file in the repository`);
        check(admitted(source, ignore), `COPY ${source}: .dockerignore keeps it out of the build context`);
        const target = copy.destination.endsWith("/") ? posix.join(copy.destination, posix.basename(source)) : copy.destination;
        copied.add(posix.relative(workdir, posix.resolve(workdir, target)));
      }
    }

    const maven = build.steps.find((s) => s.keyword === "RUN" && /mvnw?\b.*\bpackage\b/.test(s.args));
    check(maven, "the build stage runs no Maven package");
    if (maven) {
      const words = maven.args.split(/\s+/);
      const file = words.findIndex((w) => w === "-f" || w === "--file");
      const named = file >= 0 ? words[file + 1] : "pom.xml";
      const pomPath = posix.normalize(named.endsWith(".xml") ? named : posix.join(named, "pom.xml"));
      const moduleDir = posix.dirname(pomPath);
      check(copied.has(pomPath), `the build runs ${pomPath}, which is not copied into the build stage`);
      const pom = read(pomPath);
      const viaProfile = words.some((w) => w === "-Dnative" || w === "-Dnative=true") && nativeProfile(pom, "native");
      const viaKey = words.includes("-Dquarkus.native.enabled=true");
      check(
        viaProfile || viaKey,
        `the build command (${maven.args}) does not turn native on: -Dnative needs a profile in ${pomPath} activated by ` +
          "the property native that sets quarkus.native.enabled=true",
      );
      check(!words.some((w) => w.startsWith("-Dquarkus.native.sources-only")), "the image build must compile, not stop at the native sources");
      check(!words.some((w) => w.startsWith("-Dquarkus.native.container-build=true")), "the builder image is the container: no container build inside it");

      // The module's parent pom must be where <relativePath> (default ../pom.xml) points.
      const parent = pom.match(/<parent>([\s\S]*?)<\/parent>/)?.[1];
      if (parent) {
        const relative = parent.match(/<relativePath>([^<]*)<\/relativePath>/)?.[1]?.trim() ?? "../pom.xml";
        const parentPom = posix.normalize(posix.join(moduleDir, relative.endsWith(".xml") ? relative : `${relative}/pom.xml`));
        check(copied.has(parentPom), `${pomPath}'s parent is read from ${parentPom}, which the build stage does not copy`);
      }

      // The builder's JDK against the project's target and Quarkus's oldest native builder.
      const rootPom = read("pom.xml");
      const release = Number(property(pom, "maven.compiler.release") ?? property(rootPom, "maven.compiler.release"));
      const jdk = Number(build.image.match(/:jdk-(\d+)/)?.[1]);
      check(/mandrel|graalvm/.test(build.image), `builder ${build.image} is not a Mandrel or GraalVM builder image`);
      check(jdk, `cannot tell the JDK of builder ${build.image} (expected a jdk-NN tag)`);
      check(release, "no maven.compiler.release in the poms");
      check(jdk >= release, `builder ${build.image} has JDK ${jdk}, below maven.compiler.release ${release}`);
      check(jdk >= QUARKUS_MINIMUM_BUILDER_JDK, `builder ${build.image}: Quarkus needs Mandrel/GraalVM for JDK ${QUARKUS_MINIMUM_BUILDER_JDK} or later`);

      // What the final stage copies is what the build writes: <WORKDIR>/<module>/target/<finalName>-runner.
      const expected = posix.join(workdir, moduleDir, "target", "*-runner");
      check(fromBuild.sources.length === 1 && fromBuild.sources[0] === expected,
        `the final stage copies ${fromBuild.sources.join(" ")} but the build writes ${expected}`);
    }

    const finalWorkdir = final.steps.filter((s) => s.keyword === "WORKDIR").at(-1)?.args ?? "/";
    const binary = posix.resolve(finalWorkdir, fromBuild.destination);
    const entrypoint = final.steps.filter((s) => s.keyword === "ENTRYPOINT").at(-1);
    let command;
    try {
      command = JSON.parse(entrypoint?.args ?? "null")?.[0];
    } catch {
      command = undefined;
    }
    check(command && posix.resolve(finalWorkdir, command) === binary, `ENTRYPOINT must run the copied executable ${binary} (exec form)`);
    check(fromBuild.flags.chmod === undefined || /^0?7[0-7]5$/.test(fromBuild.flags.chmod), "the executable must be executable by all");
    const user = final.steps.filter((s) => s.keyword === "USER").at(-1)?.args.split(":")[0];
    check(user && user !== "root" && user !== "0", `the final stage must run as a non-root user (USER is ${user ?? "unset"})`);
    check(final.image !== build.image, "the final stage must not ship the builder image");
  }
  return problems;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const dockerfilePath = resolve(process.argv[2] ?? join(root, "Dockerfile.native"));
  const problems = problemsOf(
    readFileSync(dockerfilePath, "utf8"),
    (path) => readFileSync(join(root, path), "utf8"),
    (path) => existsSync(join(root, path)),
  );
  if (problems.length > 0) {
    console.error(problems.map((p) => `${dockerfilePath}: ${p}`).join("\n"));
    process.exit(1);
  }
  console.log(`${posix.basename(dockerfilePath)}: native build command, builder JDK, copied runner and user check out`);
}
