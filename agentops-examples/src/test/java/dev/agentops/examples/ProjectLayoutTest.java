package dev.agentops.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The README, CI script, BOM and example sources agree with each other. */
class ProjectLayoutTest {

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  static String read(String relative) throws IOException {
    return Files.readString(ROOT.resolve(relative), StandardCharsets.UTF_8);
  }

  static List<String> shellBlocks(String markdown) {
    List<String> blocks = new ArrayList<>();
    Matcher m = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL).matcher(markdown);
    while (m.find()) {
      blocks.add(m.group(1).strip());
    }
    return blocks;
  }

  @Test
  void theReadmeGivesExactlyTwoCommandsAndCiRunsTheTestOne() throws IOException {
    List<String> commands = shellBlocks(read("README.md"));

    assertThat(commands).hasSize(2);
    assertThat(commands.get(0)).isEqualTo("mvn -q -pl agentops-examples -am compile -Pexample");
    String ci = read(".ci/run");
    assertThat(ci).contains("set -euo pipefail");
    assertThat(ci.lines().map(String::strip).filter(l -> l.startsWith("mvn")).toList())
        .containsExactly(commands.get(1));
  }

  @Test
  void theReadmeQuickstartIsTheCompiledQuickstart() throws IOException {
    String readme = read("README.md");
    String section = readme.substring(readme.indexOf("## Quickstart"));
    section = section.substring(0, section.indexOf("\n## ", 3));
    List<String> blocks = new ArrayList<>();
    Matcher block = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(section);
    while (block.find()) {
      blocks.add(dedent(block.group(1)));
    }
    String source = read("agentops-examples/src/main/java/dev/agentops/examples/Quickstart.java");

    assertThat(blocks).containsExactly(region(source, "quickstart"), region(source, "adapters"));
  }

  static String region(String source, String name) {
    Matcher m =
        Pattern.compile("// " + name + ":begin\\n(.*?)\\n\\s*// " + name + ":end", Pattern.DOTALL)
            .matcher(source);
    assertThat(m.find()).as("%s markers in Quickstart.java", name).isTrue();
    return dedent(m.group(1));
  }

  @Test
  void theBomListsEveryPublishedModuleAtTheProjectVersion() throws Exception {
    Document root = parse("pom.xml");
    Document bom = parse("agentops-bom/pom.xml");
    String version = childText(root.getDocumentElement(), "version");
    List<String> published = new ArrayList<>();
    NodeList modules = root.getElementsByTagName("module");
    for (int i = 0; i < modules.getLength(); i++) {
      String module = modules.item(i).getTextContent().strip();
      Document pom = parse(module + "/pom.xml");
      boolean skipped = pom.getElementsByTagName("maven.deploy.skip").getLength() > 0;
      if (!module.equals("agentops-bom") && !skipped) {
        published.add(module);
      }
    }
    List<String> managed = new ArrayList<>();
    NodeList deps = bom.getElementsByTagName("dependency");
    for (int i = 0; i < deps.getLength(); i++) {
      Element d = (Element) deps.item(i);
      assertThat(childText(d, "version")).as(childText(d, "artifactId")).isEqualTo(version);
      managed.add(childText(d, "artifactId"));
    }

    assertThat(childText(bom.getDocumentElement(), "version")).isEqualTo(version);
    assertThat(bom.getElementsByTagName("parent").getLength()).isZero();
    assertThat(managed).containsExactlyInAnyOrderElementsOf(published);
  }

  static Document parse(String relative) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder().parse(ROOT.resolve(relative).toFile());
  }

  static String childText(Element parent, String name) {
    NodeList children = parent.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      if (children.item(i) instanceof Element e && e.getTagName().equals(name)) {
        return e.getTextContent().strip();
      }
    }
    throw new AssertionError("no <" + name + "> in <" + parent.getTagName() + ">");
  }

  /** Removes the indentation all non-blank lines share, and surrounding blank lines. */
  static String dedent(String code) {
    List<String> lines = code.lines().toList();
    int indent =
        lines.stream()
            .filter(l -> !l.isBlank())
            .mapToInt(l -> l.length() - l.stripLeading().length())
            .min()
            .orElse(0);
    List<String> out = new ArrayList<>();
    for (String l : lines) {
      out.add(l.isBlank() ? "" : l.substring(indent));
    }
    return String.join("\n", out).strip();
  }
}
