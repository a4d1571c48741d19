package dev.agentops.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jspecify.annotations.NullMarked;

/**
 * Checks of a module's layout, shared by every library module's tests: the descriptor as compiled,
 * its exports, and the package documentation.
 */
public final class ModuleChecks {

  private ModuleChecks() {}

  /** Reads the compiled descriptor of the module that holds a class. */
  public static ModuleDescriptor descriptorOf(Class<?> anyClassInModule) {
    try {
      Path location =
          Path.of(anyClassInModule.getProtectionDomain().getCodeSource().getLocation().toURI());
      Set<ModuleReference> found = ModuleFinder.of(location).findAll();
      assertThat(found).as("a module descriptor at %s", location.getFileName()).hasSize(1);
      return found.iterator().next().descriptor();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads the compiled descriptor of the module that holds a package. */
  public static ModuleDescriptor descriptorOf(ClassLoader loader, String packageName) {
    try {
      return descriptorOf(Class.forName(packageName + ".package-info", false, loader));
    } catch (ClassNotFoundException e) {
      throw new AssertionError("package " + packageName + " has no package-info", e);
    }
  }

  /** Returns the names of the packages a module exports to everyone. */
  public static Set<String> unqualifiedExports(ModuleDescriptor descriptor) {
    return descriptor.exports().stream()
        .filter(e -> !e.isQualified())
        .map(ModuleDescriptor.Exports::source)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /**
   * Asserts that every package of the module is {@code @NullMarked} and documented in its {@code
   * package-info.java}, and that no internal package is exported.
   */
  public static void assertPackagesAreDocumentedAndNullMarked(
      ModuleDescriptor descriptor, ClassLoader loader) {
    for (String pkg : new TreeSet<>(descriptor.packages())) {
      Class<?> info;
      try {
        info = Class.forName(pkg + ".package-info", false, loader);
      } catch (ClassNotFoundException e) {
        throw new AssertionError("package " + pkg + " has no package-info", e);
      }
      assertThat(info.isAnnotationPresent(NullMarked.class))
          .as("package %s is @NullMarked", pkg)
          .isTrue();
      Path source = Path.of("src/main/java", pkg.replace('.', '/'), "package-info.java");
      if (Files.exists(source)) {
        String text = read(source);
        assertThat(text).as("package-info of %s has a javadoc comment", pkg).contains("/**");
        String doc = text.substring(text.indexOf("/**") + 3, text.indexOf("*/"));
        assertThat(doc.replaceAll("[*\\s]+", " ").trim())
            .as("package-info of %s says what the package is for", pkg)
            .hasSizeGreaterThan(40);
        assertThat(doc)
            .as("package-info of %s names the factor it serves", pkg)
            .containsPattern("Factors? [IVX]+");
      }
    }
    for (ModuleDescriptor.Exports e : descriptor.exports()) {
      if (!e.isQualified()) {
        assertThat(e.source()).as("an exported package").doesNotContain(".internal");
      }
    }
  }

  private static String read(Path source) {
    try {
      return Files.readString(source, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
