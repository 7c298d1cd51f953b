package vn.ioc.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The engine's layers, bottom to top, written down here once (docs/architecture.md explains them):
 * a layer may use the layers below it, never one above; no package depends on itself through
 * others.
 *
 * <ol>
 *   <li><b>configuration</b>: {@code config} (typed settings), {@code cli} (one command-line
 *       parser);
 *   <li><b>foundation</b>: {@code calendar}, {@code reference} (the province's units and people),
 *       {@code deadletter};
 *   <li><b>contract and transport</b>: {@code feed} (decoding against the schemas), {@code influx},
 *       {@code kafka};
 *   <li><b>engine parts</b>: {@code clock}, {@code indicators}, {@code sinks}, {@code health},
 *       {@code runtime} (how a job runs on Flink);
 *   <li><b>jobs</b>: {@code submissions}, {@code progress}, {@code alerting} (rules and alert
 *       state), {@code dispatch} (who is told when), {@code alerting.job} (the alerting job's
 *       graph);
 *   <li><b>services</b>: {@code notifier};
 *   <li><b>tools</b>: {@code tools}, {@code simulator}, {@code bench};
 *   <li><b>launcher</b>: {@code launcher} (the one entry point).
 * </ol>
 */
class LayersTest {
  static final JavaClasses ENGINE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("vn.ioc");

  @Test
  void eachLayerUsesOnlyTheLayersBelowIt() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("configuration")
        .definedBy("vn.ioc.config..", "vn.ioc.cli..")
        .layer("foundation")
        .definedBy("vn.ioc.calendar..", "vn.ioc.reference..", "vn.ioc.deadletter..")
        .layer("contract and transport")
        .definedBy("vn.ioc.feed..", "vn.ioc.influx..", "vn.ioc.kafka..")
        .layer("engine parts")
        .definedBy(
            "vn.ioc.clock..",
            "vn.ioc.indicators..",
            "vn.ioc.sinks..",
            "vn.ioc.health..",
            "vn.ioc.runtime..")
        .layer("jobs")
        .definedBy(
            "vn.ioc.submissions..", "vn.ioc.progress..", "vn.ioc.alerting..", "vn.ioc.dispatch..")
        .layer("services")
        .definedBy("vn.ioc.notifier..")
        .layer("tools")
        .definedBy("vn.ioc.tools..", "vn.ioc.simulator..", "vn.ioc.bench..")
        .layer("launcher")
        .definedBy("vn.ioc.launcher..")
        .whereLayer("launcher")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("tools")
        .mayOnlyBeAccessedByLayers("launcher")
        .whereLayer("services")
        .mayOnlyBeAccessedByLayers("tools", "launcher")
        .whereLayer("jobs")
        .mayOnlyBeAccessedByLayers("services", "tools", "launcher")
        .whereLayer("engine parts")
        .mayOnlyBeAccessedByLayers("jobs", "services", "tools", "launcher")
        .whereLayer("contract and transport")
        .mayOnlyBeAccessedByLayers("engine parts", "jobs", "services", "tools", "launcher")
        .whereLayer("foundation")
        .mayOnlyBeAccessedByLayers(
            "contract and transport", "engine parts", "jobs", "services", "tools", "launcher")
        .check(ENGINE);
  }

  @Test
  void noPackageDependsOnItselfThroughOthers() {
    slices().matching("vn.ioc.(**)").should().beFreeOfCycles().check(ENGINE);
  }
}
