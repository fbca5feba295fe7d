package io.entrarenewal.core.fakes;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The public API of some packages as sorted lines of text: every public or protected type and
 * member, with its signature. Kept in a file under test, so that a change to the API shows up as
 * a failing test and a reviewed change of that file, never by accident.
 *
 * <p>After an intended change, run the module's tests with {@code -Dapi.update=true} to rewrite
 * the file, and review its diff.
 */
public final class ApiSignature {

  private ApiSignature() {}

  /** The API of the classes in {@code packages} (not their subpackages), one line per element. */
  public static List<String> of(String... packages) {
    JavaClasses classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(packages);
    Set<String> wanted = Set.of(packages);
    Set<String> lines = new TreeSet<>();
    for (JavaClass type : classes) {
      if (wanted.contains(type.getPackageName()) && visible(type)) {
        lines.add(describe(type));
        members(type).forEach(lines::add);
      }
    }
    return new ArrayList<>(lines);
  }

  /**
   * Compares the API with the file, or rewrites the file when {@code api.update} is set.
   *
   * @return the lines that differ, as {@code +} (new) and {@code -} (gone); empty when equal
   */
  public static List<String> differences(List<String> api, Path file) throws IOException {
    if (Boolean.getBoolean("api.update")) {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.write(file, api, StandardCharsets.UTF_8);
      return List.of();
    }
    List<String> kept = Files.exists(file)
        ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    List<String> differences = new ArrayList<>();
    api.stream().filter(line -> !kept.contains(line)).forEach(line -> differences.add("+ " + line));
    kept.stream().filter(line -> !api.contains(line)).forEach(line -> differences.add("- " + line));
    return differences;
  }

  private static boolean visible(JavaClass type) {
    JavaClass outer = type;
    while (outer != null) {
      if (!outer.getModifiers().contains(JavaModifier.PUBLIC) || outer.isAnonymousClass()) {
        return false;
      }
      outer = outer.getEnclosingClass().orElse(null);
    }
    return true;
  }

  private static String describe(JavaClass type) {
    String kind = type.isRecord() ? "record" : type.isEnum() ? "enum"
        : type.isInterface() ? "interface" : "class";
    String supertypes = type.getRawInterfaces().stream().map(JavaClass::getName).sorted()
        .collect(Collectors.joining(", "));
    return type.getName() + " " + kind + modifiers(type.getModifiers())
        + (supertypes.isEmpty() ? "" : " implements " + supertypes);
  }

  private static List<String> members(JavaClass type) {
    List<String> lines = new ArrayList<>();
    for (JavaMember member : type.getMembers()) {
      Set<JavaModifier> modifiers = member.getModifiers();
      boolean visible = modifiers.contains(JavaModifier.PUBLIC)
          || modifiers.contains(JavaModifier.PROTECTED);
      if (visible && !modifiers.contains(JavaModifier.SYNTHETIC)
          && !modifiers.contains(JavaModifier.BRIDGE)) {
        lines.add(type.getName() + " :: " + member.getDescription()
            .replace(type.getName() + ".", "") + returning(member) + modifiers(modifiers));
      }
    }
    return lines;
  }

  private static String returning(JavaMember member) {
    if (member instanceof JavaMethod method) {
      return " : " + method.getReturnType().getName();
    }
    if (member instanceof JavaField field) {
      return " : " + field.getType().getName();
    }
    return "";
  }

  private static String modifiers(Set<JavaModifier> modifiers) {
    return modifiers.stream()
        .filter(m -> m == JavaModifier.STATIC || m == JavaModifier.ABSTRACT
            || m == JavaModifier.FINAL || m == JavaModifier.PROTECTED)
        .map(m -> " " + m.name().toLowerCase(java.util.Locale.ROOT))
        .sorted()
        .collect(Collectors.joining());
  }
}
