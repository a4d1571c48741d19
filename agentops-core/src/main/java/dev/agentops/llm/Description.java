package dev.agentops.llm;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Describes a record or one of its components to a model. When a JSON Schema is derived from a
 * record ({@link ResponseFormat#jsonSchema(Class)}), the text becomes the schema's {@code
 * description}, which providers show to the model.
 *
 * <pre>{@code
 * record Step(@Description("one imperative sentence") String action, int order) {}
 * }</pre>
 *
 * @since 0.1.0
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.TYPE})
public @interface Description {
  /**
   * Returns the description.
   *
   * @return what the value means, in a sentence
   */
  String value();
}
