package io.runlens.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The service's packages by feature, with dependencies in one direction, checked on the compiled
 * classes (the README's package map says the same in words):
 *
 * <pre>
 * api                                   HTTP only: resources, filters, problems, OpenAPI
 *  -> details, stream, keys             one feature each
 *   -> runs                             which Temporal run an answer shows
 *    -> trace, temporal, execution, payload
 *     -> auth, faults, config, observability
 * </pre>
 */
class DependencyDirectionTest {

    private static JavaClasses service;

    @BeforeAll
    static void importTheService() {
        service = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.runlens");
    }

    @Test
    void layersDependDownwardOnly() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("api")
                .definedBy("io.runlens.api..")
                .layer("features")
                .definedBy("io.runlens.details..", "io.runlens.stream..", "io.runlens.keys..")
                .layer("runs")
                .definedBy("io.runlens.runs..")
                .layer("core")
                .definedBy(
                        "io.runlens.trace..", "io.runlens.temporal..", "io.runlens.execution..", "io.runlens.payload..")
                .layer("base")
                .definedBy(
                        "io.runlens.auth..", "io.runlens.faults..", "io.runlens.config..", "io.runlens.observability..")
                .whereLayer("api")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("features")
                .mayOnlyBeAccessedByLayers("api")
                .whereLayer("runs")
                .mayOnlyBeAccessedByLayers("api", "features")
                .whereLayer("core")
                .mayOnlyBeAccessedByLayers("api", "features", "runs", "core")
                .whereLayer("base")
                .mayOnlyBeAccessedByLayers("api", "features", "runs", "core", "base")
                .check(service);
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.runlens.(*)..").should().beFreeOfCycles().check(service);
    }

    @Test
    void onlyTheApiSpeaksHttp() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.runlens.api..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("jakarta.ws.rs..")
                .because("resources, filters and problem mapping are the API's; features answer in domain terms")
                .check(service);
    }

    @Test
    void onlyTheTemporalAdapterSpeaksGrpc() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.runlens.temporal..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.grpc..")
                .because("temporal wraps the stubs: NOT_FOUND, deadlines and outages become domain answers there")
                .check(service);
    }

    @Test
    void theTraceIsPureJava() {
        noClasses()
                .that()
                .resideInAPackage("io.runlens.trace..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "jakarta.enterprise..",
                        "jakarta.inject..",
                        "io.grpc..",
                        "io.smallrye.mutiny..",
                        "io.vertx..",
                        "io.runlens.temporal..",
                        "io.runlens.execution..")
                .because("the fold is a function of a history: no CDI, no I/O, testable over recorded histories")
                .check(service);
    }
}
